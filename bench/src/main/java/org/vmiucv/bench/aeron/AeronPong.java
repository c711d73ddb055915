package org.vmiucv.bench.aeron;

import io.aeron.Aeron;
import io.aeron.FragmentAssembler;
import io.aeron.Publication;
import io.aeron.Subscription;
import io.aeron.logbuffer.FragmentHandler;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.IdleStrategy;

/**
 * The pong of the JMH Aeron IPC round trip ({@link AeronPing}), run next to a media driver
 * ({@code -Daeron.dir} names it): echoes every message of kind {@link AeronPeer#ECHO} from stream
 * {@link AeronPeer#PING_STREAM} to {@link AeronPeer#PONG_STREAM} and counts them; on a message of kind
 * {@link #STOP} prints {@code echoed COUNT} on stdout and ends, so the benchmark can check that every round trip
 * really went through Aeron. Spins while busy, backs off after 100,000 idle polls (parks up to 1 ms).
 * <p>
 * Usage: {@code AeronPong} (with aeron-all and the jar of this package only on the class path).
 */
public final class AeronPong implements FragmentHandler
{
    /** Message kind (first int): stop and report the count. */
    public static final int STOP = 4;

    private static final int FRAGMENT_LIMIT = 16;

    private final Publication out;
    private long echoed;
    private boolean stopped;

    private AeronPong(final Publication out)
    {
        this.out = out;
    }

    /**
     * @param args none.
     */
    public static void main(final String[] args)
    {
        try (Aeron aeron = Aeron.connect(new Aeron.Context()))
        {
            final Subscription in = aeron.addSubscription(AeronPeer.CHANNEL, AeronPeer.PING_STREAM);
            final AeronPong pong = new AeronPong(aeron.addExclusivePublication(AeronPeer.CHANNEL,
                AeronPeer.PONG_STREAM));
            final FragmentAssembler assembler = new FragmentAssembler(pong);
            final IdleStrategy idle = new BackoffIdleStrategy(100_000, 100, 1_000, 1_000_000);
            while (!pong.stopped)
            {
                idle.idle(in.poll(assembler, FRAGMENT_LIMIT));
            }
            System.out.println("echoed " + pong.echoed);
            System.out.flush();
        }
    }

    /** {@inheritDoc} */
    public void onFragment(final DirectBuffer buffer, final int offset, final int length,
        final io.aeron.logbuffer.Header header)
    {
        final int kind = buffer.getInt(offset);
        if (kind == STOP)
        {
            stopped = true;
        }
        else if (kind == AeronPeer.ECHO)
        {
            long result;
            while ((result = out.offer(buffer, offset, length)) < 0L)
            {
                if (result == Publication.CLOSED || result == Publication.MAX_POSITION_EXCEEDED)
                {
                    throw new IllegalStateException("pong publication: " + Publication.errorString(result));
                }
                Thread.onSpinWait();
            }
            echoed++;
        }
    }
}
