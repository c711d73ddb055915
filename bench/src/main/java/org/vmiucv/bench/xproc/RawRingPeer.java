package org.vmiucv.bench.xproc;

import java.io.File;
import java.nio.MappedByteBuffer;

import org.agrona.IoUtil;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.MessageHandler;
import org.agrona.concurrent.ringbuffer.RingBuffer;

/**
 * The peer of the raw ring measurements: maps the file the harness created ({@link RawRings}) and serves the ping
 * ring, busy spinning while busy: messages of type {@link RawRings#ECHO} and {@link RawRings#END} go back on the
 * pong ring, {@link RawRings#DATA} is only counted, {@link RawRings#STOP} ends the process.
 * <p>
 * Usage: {@code RawRingPeer FILE o2o|m2o CAPACITY}.
 */
public final class RawRingPeer
{
    private RawRingPeer()
    {
    }

    /**
     * @param args file, ring kind, ring capacity.
     */
    public static void main(final String[] args)
    {
        final MappedByteBuffer mapped = IoUtil.mapExistingFile(new File(args[0]), "rings");
        final RingBuffer[] rings = RawRings.wrap(mapped, "m2o".equals(args[1]), Integer.parseInt(args[2]));
        final RingBuffer ping = rings[0];
        final RingBuffer pong = rings[1];
        final boolean[] done = {false};
        final long[] count = {0};
        final MessageHandler handler = (type, buffer, index, length) ->
        {
            if (type == RawRings.DATA)
            {
                count[0]++;
            }
            else if (type == RawRings.STOP)
            {
                done[0] = true;
            }
            else
            {
                while (!pong.write(type, buffer, index, length))
                {
                    Thread.onSpinWait();
                }
            }
        };
        final IdleStrategy idle = Spin.idle();
        while (!done[0])
        {
            idle.idle(ping.read(handler));
        }
        IoUtil.unmap(mapped);
    }
}
