package org.vmiucv.bench.xproc;

import java.io.File;
import java.nio.MappedByteBuffer;

import org.agrona.IoUtil;
import org.agrona.concurrent.MessageHandler;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.OneToOneRingBuffer;

/**
 * The peer of the raw ring measurements: maps the file the harness created, then either echoes every message of
 * the ping ring onto the pong ring (mode echo) or drains the ping ring and counts (mode sink), busy spinning, until
 * a message of type 2 arrives.
 */
public final class RawRingPeer
{
    private RawRingPeer()
    {
    }

    /**
     * @param args file, mode (echo or sink), ring capacity.
     */
    public static void main(final String[] args)
    {
        final int capacity = Integer.parseInt(args[2]);
        final MappedByteBuffer mapped = IoUtil.mapExistingFile(new File(args[0]), "rings");
        final UnsafeBuffer all = new UnsafeBuffer(mapped);
        final int ringLength = capacity + org.agrona.concurrent.ringbuffer.RingBufferDescriptor.TRAILER_LENGTH;
        final OneToOneRingBuffer ping = new OneToOneRingBuffer(new UnsafeBuffer(all, 0, ringLength));
        final OneToOneRingBuffer pong = new OneToOneRingBuffer(new UnsafeBuffer(all, ringLength, ringLength));
        final boolean echo = "echo".equals(args[1]);
        final boolean[] done = {false};
        final long[] count = {0};
        final MessageHandler handler = (type, buffer, index, length) ->
        {
            if (type == 2)
            {
                done[0] = true;
                return;
            }
            count[0]++;
            if (echo)
            {
                while (!pong.write(type, buffer, index, length))
                {
                    Thread.onSpinWait();
                }
            }
        };
        final org.agrona.concurrent.IdleStrategy idle = Spin.idle();
        while (!done[0])
        {
            idle.idle(ping.read(handler));
        }
        if (!echo)
        {
            pong.write(3, new UnsafeBuffer(new byte[8]), 0, 8);
        }
        IoUtil.unmap(mapped);
    }
}
