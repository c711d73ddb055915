package org.vmiucv.bench.xproc;

import java.lang.management.ManagementFactory;

/**
 * Bytes allocated by all live threads of this JVM, from {@code com.sun.management.ThreadMXBean}: read it before and
 * after a measurement. Threads that end in between are missed, which the suite's threads never do. The meter's
 * own allocation is subtracted.
 */
final class AllocationMeter
{
    private static final com.sun.management.ThreadMXBean THREADS =
        (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();

    /** What one reading allocates itself (two arrays): subtracted, so an idle window reads 0. */
    private static final long OVERHEAD = overhead();

    private AllocationMeter()
    {
    }

    private static long overhead()
    {
        long min = Long.MAX_VALUE;
        for (int i = 0; i < 50; i++)
        {
            final long a = allocatedBytes();
            min = Math.min(min, allocatedBytes() - a);
        }
        return min;
    }

    /**
     * @return the sum of the allocated bytes of every live thread.
     */
    static long allocatedBytes()
    {
        long sum = 0;
        for (final long b : THREADS.getThreadAllocatedBytes(THREADS.getAllThreadIds()))
        {
            sum += Math.max(0, b);
        }
        return sum;
    }

    /**
     * @param before {@link #allocatedBytes()} at the start.
     * @param ops    operations done since.
     * @return bytes per operation.
     */
    static double perOp(final long before, final long ops)
    {
        return (double)Math.max(0, allocatedBytes() - before - OVERHEAD) / ops;
    }
}
