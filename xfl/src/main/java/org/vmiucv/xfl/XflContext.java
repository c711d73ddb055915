package org.vmiucv.xfl;

/**
 * Options of an XFL connector end, set with fluent setters and checked once by {@link #conclude()}.
 *
 * <pre>{@code
 * XflContext ctx = new XflContext().maxRecordLength(1 << 20).spinLimitNs(50_000).conclude();
 * }</pre>
 */
public final class XflContext
{
    /** Default largest record accepted by a consumer or offered by a producer: 16 MiB. */
    public static final int DEFAULT_MAX_RECORD_LENGTH = 16 * 1024 * 1024;

    /**
     * Largest record a C stage of XFL 1.0.x can take: it reads a record into a 4 KiB buffer with
     * one {@code read()}. Records up to {@link #DEFAULT_MAX_RECORD_LENGTH} are fine between Java ends.
     */
    public static final int INTEROP_MAX_RECORD_LENGTH = 4095;

    /** Largest value allowed for {@link #maxRecordLength(int)}. */
    public static final int LIMIT_MAX_RECORD_LENGTH = Integer.MAX_VALUE - 16;

    private int maxRecordLength = DEFAULT_MAX_RECORD_LENGTH;
    private long spinLimitNs;
    private boolean pipelineStatPeek = true;
    private boolean concluded;

    /**
     * @param length largest record length in bytes accepted (consumer) or offered (producer),
     *               0 to {@link #LIMIT_MAX_RECORD_LENGTH}.
     * @return this.
     */
    public XflContext maxRecordLength(final int length)
    {
        checkNotConcluded();
        maxRecordLength = length;
        return this;
    }

    /**
     * @return the largest record length in bytes.
     */
    public int maxRecordLength()
    {
        return maxRecordLength;
    }

    /**
     * Spin-then-block: before each blocking read, poll {@code available()} for up to this long.
     * A blocked pipe reader costs ~20 &micro;s to wake on these machines; spinning trades a CPU for
     * latency. Default 0: never spin.
     *
     * @param ns spin budget in nanoseconds per read, 0 or more.
     * @return this.
     */
    public XflContext spinLimitNs(final long ns)
    {
        checkNotConcluded();
        spinLimitNs = ns;
        return this;
    }

    /**
     * @return the spin budget per read in nanoseconds, 0 when spinning is off.
     */
    public long spinLimitNs()
    {
        return spinLimitNs;
    }

    /**
     * Consumer option: write {@code PEEK} right after {@code STAT}, before the STAT answer arrives,
     * and take the answer and the body from the data pipe together (often in one read). The bytes
     * on the ctrl pipe are the same (STAT, PEEK, NEXT, each one 4-byte write); only the waits go:
     * one wake-up of each side per record fewer. Default on.
     *
     * <p>A consumer pipelines only after the producer has answered a STAT in the C form
     * ({@code <digits>\0}, no {@code OKAY} before it) once on the unpipelined sequence; any other
     * answer form ({@code DATA n [seq]}, {@code OKAY}, LF/CRLF, unterminated) puts that connector
     * back on the unpipelined sequence for good. Off: always STAT, wait, PEEK, wait, as before.
     *
     * @param on whether to pipeline STAT and PEEK.
     * @return this.
     */
    public XflContext pipelineStatPeek(final boolean on)
    {
        checkNotConcluded();
        pipelineStatPeek = on;
        return this;
    }

    /**
     * @return whether a consumer pipelines STAT and PEEK (see {@link #pipelineStatPeek(boolean)}).
     */
    public boolean pipelineStatPeek()
    {
        return pipelineStatPeek;
    }

    /**
     * Check the options; idempotent.
     *
     * @return this.
     * @throws IllegalArgumentException naming the bad option and its allowed range.
     */
    public XflContext conclude()
    {
        if (maxRecordLength < 0 || maxRecordLength > LIMIT_MAX_RECORD_LENGTH)
        {
            throw new IllegalArgumentException("maxRecordLength " + maxRecordLength +
                " is out of range: allowed 0 to " + LIMIT_MAX_RECORD_LENGTH);
        }
        if (spinLimitNs < 0)
        {
            throw new IllegalArgumentException("spinLimitNs " + spinLimitNs + " is negative: allowed 0 (off) or more");
        }
        concluded = true;
        return this;
    }

    private void checkNotConcluded()
    {
        if (concluded)
        {
            throw new IllegalStateException("XflContext is already concluded");
        }
    }

    @Override
    public String toString()
    {
        return "XflContext{maxRecordLength=" + maxRecordLength + ", spinLimitNs=" + spinLimitNs +
            ", pipelineStatPeek=" + pipelineStatPeek + '}';
    }
}
