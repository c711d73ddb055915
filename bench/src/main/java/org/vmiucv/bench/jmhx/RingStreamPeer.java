package org.vmiucv.bench.jmhx;

import java.io.File;
import java.nio.MappedByteBuffer;
import java.nio.file.Path;

import org.agrona.IoUtil;
import org.agrona.concurrent.MessageHandler;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.ManyToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.OneToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBuffer;

/**
 * The consumer process of {@link RawRingStreamBenchmark}: busy-reads one raw Agrona ring in a mapped file, at most
 * {@link #READ_LIMIT} messages per read, counts the {@link #DATA} messages and publishes the count in a
 * {@link MappedCounter} after every read that found any. The payload is not looked at. Ends on a {@link #STOP}
 * message or when the benchmark JVM is gone.
 * <p>
 * Usage: {@code RingStreamPeer RING_FILE o2o|m2o COUNTER_FILE PARENT_PID}.
 */
public final class RingStreamPeer
{
    /** Message type: count me. */
    static final int DATA = 2;
    /** Message type: stop. */
    static final int STOP = 4;
    /** Most messages taken per read, so the count is published at least that often. */
    static final int READ_LIMIT = 64;

    private RingStreamPeer()
    {
    }

    /**
     * @param args ring file, ring kind, counter file, pid of the benchmark JVM.
     */
    public static void main(final String[] args)
    {
        final ProcessHandle parent = ProcessHandle.of(Long.parseLong(args[3])).orElse(null);
        final MappedByteBuffer mapped = IoUtil.mapExistingFile(new File(args[0]), "ring");
        final UnsafeBuffer buffer = new UnsafeBuffer(mapped);
        final RingBuffer ring = "m2o".equals(args[1]) ? new ManyToOneRingBuffer(buffer) : new OneToOneRingBuffer(buffer);
        final long[] state = new long[2]; // count, stop
        final MessageHandler handler = (type, b, index, length) ->
        {
            if (type == DATA)
            {
                state[0]++;
            }
            else if (type == STOP)
            {
                state[1] = 1;
            }
        };
        try (MappedCounter received = MappedCounter.open(Path.of(args[2])))
        {
            long idle = 0;
            while (0 == state[1])
            {
                if (ring.read(handler, READ_LIMIT) > 0)
                {
                    received.set(state[0]);
                }
                else
                {
                    Thread.onSpinWait();
                    if ((++idle & 0xFF_FFFF) == 0 && (null == parent || !parent.isAlive()))
                    {
                        break;
                    }
                }
            }
        }
        finally
        {
            IoUtil.unmap(mapped);
        }
    }
}
