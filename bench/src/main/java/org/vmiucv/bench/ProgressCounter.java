package org.vmiucv.bench;

import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;

import org.agrona.BitUtil;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * A monotonic count with a single writer (a machine's agent thread) and any number of readers (the benchmark
 * thread, the other machine), alone on its cache line so that the readers do not slow the writer through false
 * sharing.
 * <p>
 * The writer keeps its own count and publishes it only every {@value #PUBLISH_EVERY} events: the benchmark thread
 * polls this line from the other core, and a store per message would pull the line back and forth once per
 * message, a cost of the harness and not of the engine. Batches are multiples of {@value #PUBLISH_EVERY}, so
 * waiting for "the count advanced by one batch" stays exact.
 */
final class ProgressCounter
{
    /** The writer publishes when its count is a multiple of this. */
    static final int PUBLISH_EVERY = 64;
    private static final int VALUE_OFFSET = 2 * BitUtil.CACHE_LINE_LENGTH;

    private final UnsafeBuffer buffer = new UnsafeBuffer(
        ByteBuffer.allocateDirect(5 * BitUtil.CACHE_LINE_LENGTH).alignedSlice(BitUtil.CACHE_LINE_LENGTH));

    /**
     * Writer only: called with the writer's own running count after each event; publishes every
     * {@value #PUBLISH_EVERY} events.
     *
     * @param count the writer's count, including this event.
     */
    void advanceTo(final long count)
    {
        if ((count & (PUBLISH_EVERY - 1)) == 0)
        {
            buffer.putLongRelease(VALUE_OFFSET, count);
        }
    }

    /**
     * @return the latest published count.
     */
    long get()
    {
        return buffer.getLongVolatile(VALUE_OFFSET);
    }

    /**
     * Wait, yielding the CPU to the agents, until the count has advanced by {@code delta} from now.
     *
     * @param delta     how many more events to wait for, a multiple of {@value #PUBLISH_EVERY}.
     * @param timeoutNs give up after this long (the exchange has stalled).
     * @param what      what the events are, for the error.
     * @throws IllegalStateException if the count did not get there in time.
     */
    void awaitAdvance(final long delta, final long timeoutNs, final String what)
    {
        final long target = get() + delta;
        long spins = 0;
        long deadlineNs = 0;
        while (get() < target)
        {
            // two vCPUs are shared with two busy-spinning agents: give them the core while waiting
            Thread.yield();
            if ((++spins & 0xFFF) == 0)
            {
                final long nowNs = System.nanoTime();
                if (0 == deadlineNs)
                {
                    deadlineNs = nowNs + timeoutNs;
                }
                else if (nowNs > deadlineNs)
                {
                    throw new IllegalStateException("no progress: " + what + " stalled at " + get() + " of " +
                        target + " after " + TimeUnit.NANOSECONDS.toMillis(timeoutNs) + " ms");
                }
            }
        }
    }
}
