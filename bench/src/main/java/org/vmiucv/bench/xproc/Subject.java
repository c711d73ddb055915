package org.vmiucv.bench.xproc;

import java.util.concurrent.TimeUnit;

import org.HdrHistogram.Histogram;

/**
 * One thing measured by the suite: its peer processes start in the constructor and stop in {@link #close()}.
 * A subject does round trips (ping-pong), one-way streaming, or both, for the payload sizes it supports.
 */
interface Subject extends AutoCloseable
{
    /** Highest latency recorded, in ns: longer round trips are recorded as this (never seen in practice). */
    long MAX_LATENCY_NS = TimeUnit.SECONDS.toNanos(10);

    /**
     * @return a fixed-range histogram for round trips: recording never allocates.
     */
    static Histogram histogram()
    {
        return new Histogram(MAX_LATENCY_NS, 3);
    }

    /**
     * @return the name shown in tables and plots.
     */
    String name();

    /**
     * @param payload message length in bytes.
     * @return true if {@link #roundTrips} supports it.
     */
    boolean pingPongs(int payload);

    /**
     * @param payload message length in bytes.
     * @return true if {@link #stream} supports it.
     */
    default boolean streams(final int payload)
    {
        return false;
    }

    /**
     * @param n       round trips.
     * @param payload bytes per message.
     * @return the latencies and the bytes allocated per round trip (NaN when unknown).
     * @throws Exception on failure.
     */
    Rtt roundTrips(int n, int payload) throws Exception;

    /**
     * @param n       messages, followed by one end marker the peer answers (the time is end to end).
     * @param payload bytes per message.
     * @return the rate and the bytes allocated per message (NaN when unknown).
     * @throws Exception on failure.
     */
    default Rate stream(final int n, final int payload) throws Exception
    {
        throw new UnsupportedOperationException(name() + " does not stream");
    }

    /** {@inheritDoc} */
    void close();

    /**
     * @param histogram  round-trip latencies in ns.
     * @param bytesPerOp allocated by the measuring process per round trip, NaN when unknown.
     */
    record Rtt(Histogram histogram, double bytesPerOp)
    {
    }

    /**
     * @param msgsPerSecond one-way messages per second, end to end.
     * @param bytesPerOp    allocated by the sending process per message, NaN when unknown.
     */
    record Rate(double msgsPerSecond, double bytesPerOp)
    {
    }
}
