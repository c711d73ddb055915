package org.vmiucv.xfl;

/**
 * Status codes returned on the data plane by {@link XflProducer} and {@link XflConsumer}.
 *
 * <p>Non-negative values are successes (a record length, or {@link #OK}); the negative constants
 * below are the only other values ever returned. End of input and a severed peer are ordinary
 * outcomes of a pipeline, so they are codes, not exceptions.
 */
public final class XflStatus
{
    /** The record was consumed by the peer ({@link XflProducer#output(byte[])}). */
    public static final int OK = 0;

    /**
     * End of file: on the consumer side the producer closed (EOF on data, EPIPE on ctrl); on the
     * producer side the consumer sent {@code QUIT} or went away (EOF on ctrl, EPIPE on data). The
     * connector is closed when this is returned, and every later call returns it again.
     */
    public static final int END_OF_FILE = -1;

    /**
     * The caller's buffer is smaller than the pending record; the record stays pending and
     * {@link XflConsumer#recordLength()} tells its size.
     */
    public static final int BUFFER_TOO_SMALL = -2;

    private XflStatus()
    {
    }
}
