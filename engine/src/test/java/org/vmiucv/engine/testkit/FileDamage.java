package org.vmiucv.engine.testkit;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Path;

/**
 * Damage the tests do to a file on purpose, to see that a checksum or a reader catches it.
 */
public final class FileDamage
{
    private FileDamage()
    {
    }

    /**
     * Corrupt the last non-zero byte of a file (for a journal file: its last record's last byte, which its checksum
     * catches).
     *
     * @param file the file to corrupt in place.
     * @return the position of the byte changed.
     * @throws IOException if the file cannot be read or written.
     * @throws IllegalStateException if the file holds only zeros.
     */
    public static long flipLastNonZeroByte(final Path file) throws IOException
    {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw"))
        {
            final byte[] chunk = new byte[1 << 16];
            for (long pos = ((raf.length() - 1) / chunk.length) * chunk.length; pos >= 0; pos -= chunk.length)
            {
                raf.seek(pos);
                final int n = raf.read(chunk, 0, (int)Math.min(chunk.length, raf.length() - pos));
                for (int i = n - 1; i >= 0; i--)
                {
                    if (chunk[i] != 0)
                    {
                        raf.seek(pos + i);
                        raf.write(chunk[i] ^ 0x5A);
                        return pos + i;
                    }
                }
            }
            throw new IllegalStateException("no data in " + file);
        }
    }
}
