package org.vmiucv.bench.aeron;

import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.LongUnaryOperator;

import io.aeron.Aeron;
import io.aeron.ExclusivePublication;
import io.aeron.FragmentAssembler;
import io.aeron.Publication;
import io.aeron.Subscription;
import io.aeron.logbuffer.Header;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The ping of the JMH Aeron IPC round trip, loaded into the JMH fork JVM by a class loader of its own (aeron-all
 * and the jar of this package, parent the platform loader) so that Aeron and its Agrona 2.4.1 never meet the
 * fork's Agrona 2.6.0. The benchmark talks to it only through JDK types:
 * <ul>
 * <li>{@link LongUnaryOperator#applyAsLong(long)}: one round trip carrying a sequence; returns the sequence the
 *     {@link AeronPong} echoed;</li>
 * <li>{@link LongSupplier#getAsLong()}: the echoes received so far;</li>
 * <li>{@link AutoCloseable#close()}: tell the pong to stop ({@link AeronPong#STOP}) and close the client.</li>
 * </ul>
 * A message is {@code int kind, int 0, long sequence}, then filler up to the payload length. Nothing allocates
 * per round trip. Not thread safe: one benchmark thread.
 */
public final class AeronPing implements LongUnaryOperator, LongSupplier, AutoCloseable
{
    /** The smallest payload: kind, padding, sequence. */
    public static final int MIN_LENGTH = 16;

    private static final int SEQUENCE_OFFSET = 8;
    private static final long STALL_NS = TimeUnit.SECONDS.toNanos(10);

    private final Aeron aeron;
    private final ExclusivePublication out;
    private final Subscription in;
    private final UnsafeBuffer msg;
    private final int length;
    private final FragmentAssembler assembler;
    private long echo;
    private boolean got;
    private long received;

    /**
     * Connect to the media driver, add the publication and subscription and wait until the pong is connected.
     *
     * @param aeronDir  the media driver's directory.
     * @param length    payload length in bytes, {@value #MIN_LENGTH} or more.
     * @param timeoutMs how long to wait for the connections.
     */
    public AeronPing(final String aeronDir, final int length, final long timeoutMs)
    {
        if (length < MIN_LENGTH)
        {
            throw new IllegalArgumentException("Aeron ping payload must be " + MIN_LENGTH + " bytes or more, not " +
                length);
        }
        this.length = length;
        msg = new UnsafeBuffer(ByteBuffer.allocateDirect(length));
        msg.putInt(0, AeronPeer.ECHO);
        assembler = new FragmentAssembler(this::onEcho);
        aeron = Aeron.connect(new Aeron.Context().aeronDirectoryName(aeronDir));
        try
        {
            out = aeron.addExclusivePublication(AeronPeer.CHANNEL, AeronPeer.PING_STREAM);
            in = aeron.addSubscription(AeronPeer.CHANNEL, AeronPeer.PONG_STREAM);
            final long deadline = System.currentTimeMillis() + timeoutMs;
            while (!out.isConnected() || !in.isConnected())
            {
                if (System.currentTimeMillis() > deadline)
                {
                    throw new IllegalStateException("the Aeron pong did not connect within " + timeoutMs + " ms");
                }
                Thread.sleep(1);
            }
        }
        catch (final InterruptedException ex)
        {
            aeron.close();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the Aeron pong", ex);
        }
        catch (final RuntimeException ex)
        {
            aeron.close();
            throw ex;
        }
    }

    /**
     * One round trip.
     *
     * @param sequence carried to the pong and back.
     * @return the sequence of the echo.
     */
    public long applyAsLong(final long sequence)
    {
        msg.putLong(SEQUENCE_OFFSET, sequence);
        offer();
        got = false;
        long spins = 0;
        long stallStart = 0;
        while (!got)
        {
            if (in.poll(assembler, 1) == 0 && (++spins & 0xF_FFFF) == 0)
            {
                final long now = System.nanoTime();
                if (0 == stallStart)
                {
                    stallStart = now;
                }
                else if (now - stallStart > STALL_NS)
                {
                    throw new IllegalStateException("Aeron round trip " + sequence + " stalled (" + received +
                        " echoes so far, subscription connected: " + in.isConnected() + ")");
                }
            }
        }
        return echo;
    }

    /**
     * @return the echoes received so far.
     */
    public long getAsLong()
    {
        return received;
    }

    /**
     * Tell the pong to stop (it then prints its count) and close the client.
     */
    public void close()
    {
        try
        {
            msg.putInt(0, AeronPong.STOP);
            offer();
        }
        finally
        {
            aeron.close();
        }
    }

    private void offer()
    {
        long result;
        long spins = 0;
        while ((result = out.offer(msg, 0, length)) < 0L)
        {
            if (result == Publication.CLOSED || result == Publication.MAX_POSITION_EXCEEDED ||
                ++spins > 1_000_000_000L)
            {
                throw new IllegalStateException("Aeron ping offer failed: " + Publication.errorString(result));
            }
            Thread.onSpinWait();
        }
    }

    private void onEcho(final DirectBuffer buffer, final int offset, final int length, final Header header)
    {
        echo = buffer.getLong(offset + SEQUENCE_OFFSET);
        got = true;
        received++;
    }
}
