package org.vmiucv.bench.aeron;

import java.nio.ByteBuffer;
import java.util.function.IntUnaryOperator;
import java.util.function.LongSupplier;

import io.aeron.Aeron;
import io.aeron.ExclusivePublication;
import io.aeron.Publication;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The publisher of the JMH Aeron IPC stream, loaded into the JMH fork JVM by a class loader of its own (aeron-all
 * and the jar of this package, parent the platform loader) so that Aeron and its Agrona 2.4.1 never meet the
 * fork's Agrona 2.6.0. It offers messages of {@link AeronSink#DATA} on an exclusive {@code aeron:ipc} publication
 * of stream {@link AeronSink#STREAM} to the {@link AeronSink} process. The benchmark talks to it only through JDK
 * types:
 * <ul>
 * <li>{@link IntUnaryOperator#applyAsInt(int)}: offer up to {@code n} messages, stopping at the first one the
 *     publication refuses (back pressure); returns how many were accepted;</li>
 * <li>{@link LongSupplier#getAsLong()}: how many offers were refused for back pressure so far;</li>
 * <li>{@link AutoCloseable#close()}: tell the sink to stop ({@link AeronSink#STOP}) and close the client.</li>
 * </ul>
 * A message is {@code int kind} then filler up to the payload length. Nothing allocates per offer. Not thread
 * safe: one benchmark thread.
 */
public final class AeronSource implements IntUnaryOperator, LongSupplier, AutoCloseable
{
    /** The smallest payload: the kind. */
    public static final int MIN_LENGTH = 4;

    private final Aeron aeron;
    private final ExclusivePublication out;
    private final UnsafeBuffer msg;
    private final int length;
    private long backPressured;

    /**
     * Connect to the media driver, add the publication and wait until the sink has subscribed.
     *
     * @param aeronDir  the media driver's directory.
     * @param length    payload length in bytes, {@value #MIN_LENGTH} or more.
     * @param timeoutMs how long to wait for the sink.
     */
    public AeronSource(final String aeronDir, final int length, final long timeoutMs)
    {
        if (length < MIN_LENGTH)
        {
            throw new IllegalArgumentException("Aeron stream payload must be " + MIN_LENGTH + " bytes or more, not " +
                length);
        }
        this.length = length;
        msg = new UnsafeBuffer(ByteBuffer.allocateDirect(length));
        msg.putInt(0, AeronSink.DATA);
        aeron = Aeron.connect(new Aeron.Context().aeronDirectoryName(aeronDir));
        try
        {
            out = aeron.addExclusivePublication(AeronPeer.CHANNEL, AeronSink.STREAM);
            final long deadline = System.currentTimeMillis() + timeoutMs;
            while (!out.isConnected())
            {
                if (System.currentTimeMillis() > deadline)
                {
                    throw new IllegalStateException("the Aeron sink did not subscribe within " + timeoutMs + " ms");
                }
                Thread.sleep(1);
            }
        }
        catch (final InterruptedException ex)
        {
            aeron.close();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the Aeron sink", ex);
        }
        catch (final RuntimeException ex)
        {
            aeron.close();
            throw ex;
        }
    }

    /**
     * Offer up to {@code n} messages.
     *
     * @param n how many to offer.
     * @return how many the publication accepted (fewer than {@code n} on back pressure).
     * @throws IllegalStateException if the publication is closed, not connected or at its maximum position.
     */
    public int applyAsInt(final int n)
    {
        for (int i = 0; i < n; i++)
        {
            final long result = out.offer(msg, 0, length);
            if (result < 0L)
            {
                if (result == Publication.BACK_PRESSURED || result == Publication.ADMIN_ACTION)
                {
                    backPressured++;
                    return i;
                }
                throw new IllegalStateException("Aeron stream offer failed: " + Publication.errorString(result));
            }
        }
        return n;
    }

    /**
     * @return how many offers the publication refused for back pressure (or an admin action) so far.
     */
    public long getAsLong()
    {
        return backPressured;
    }

    /**
     * Tell the sink to stop (bounded wait for the publication to take the message) and close the client.
     */
    public void close()
    {
        try
        {
            msg.putInt(0, AeronSink.STOP);
            final long deadline = System.nanoTime() + 1_000_000_000L;
            while (out.offer(msg, 0, MIN_LENGTH) < 0L && System.nanoTime() < deadline)
            {
                Thread.onSpinWait();
            }
        }
        finally
        {
            aeron.close();
        }
    }
}
