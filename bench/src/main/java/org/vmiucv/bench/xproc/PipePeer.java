package org.vmiucv.bench.xproc;

import java.io.DataInputStream;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;

/**
 * The peer of the pipe measurements: reads messages (a 4-byte big-endian length, then the bytes) from stdin and
 * writes each back to stdout, until a length of 0. Mode {@code spin} polls {@code available()} before reading
 * (back to a blocking read after 100,000 empty polls), mode {@code block} just reads.
 * <p>
 * Usage: {@code PipePeer block|spin}.
 */
public final class PipePeer
{
    private PipePeer()
    {
    }

    /**
     * @param args the mode.
     * @throws IOException on a pipe error.
     */
    public static void main(final String[] args) throws IOException
    {
        final boolean spin = "spin".equals(args[0]);
        final FileInputStream raw = new FileInputStream(FileDescriptor.in);
        final DataInputStream in = new DataInputStream(raw);
        final FileOutputStream out = new FileOutputStream(FileDescriptor.out);
        final byte[] msg = new byte[64 * 1024 + 4];
        while (true)
        {
            if (spin)
            {
                Pipe.awaitAvailable(raw);
            }
            in.readFully(msg, 0, 4);
            final int length = (msg[0] & 0xff) << 24 | (msg[1] & 0xff) << 16 | (msg[2] & 0xff) << 8 | msg[3] & 0xff;
            if (length == 0)
            {
                return;
            }
            in.readFully(msg, 4, length);
            out.write(msg, 0, 4 + length);
        }
    }
}
