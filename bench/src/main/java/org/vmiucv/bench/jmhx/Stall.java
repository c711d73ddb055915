package org.vmiucv.bench.jmhx;

/**
 * A deadline on progress for the busy loops of this package: {@link #stalled(long)} is true once the progress value
 * it is given has not changed for the limit. Call it every few thousand spins (it reads the clock); it allocates
 * nothing.
 */
final class Stall
{
    private final long limitNs;
    private long progress = Long.MIN_VALUE;
    private long sinceNs;

    /**
     * @param limitNs how long progress may stand still.
     */
    Stall(final long limitNs)
    {
        this.limitNs = limitNs;
    }

    /**
     * @param progress a value that changes whenever the watched loop gets somewhere (a sequence, a count).
     * @return true if it has been the same for longer than the limit.
     */
    boolean stalled(final long progress)
    {
        final long now = System.nanoTime();
        if (progress != this.progress)
        {
            this.progress = progress;
            sinceNs = now;
            return false;
        }
        return now - sinceNs > limitNs;
    }
}
