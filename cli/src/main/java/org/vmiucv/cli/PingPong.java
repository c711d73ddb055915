package org.vmiucv.cli;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.agrona.concurrent.UnsafeBuffer;
import org.vmiucv.engine.MachineContext;
import org.vmiucv.engine.PathId;
import org.vmiucv.engine.SendResult;

/**
 * Two-way IUCV ping-pong driven from the sender's callbacks: each REPLY records a round trip and sends the next
 * message, so nothing waits on another thread. The first {@code warmUp} round trips are not recorded.
 */
final class PingPong
{
    private static final long REPLY_TIMEOUT_NS = TimeUnit.SECONDS.toNanos(5);

    private final PathId path;
    private final UnsafeBuffer payload;
    private final int warmUp;
    private final long[] roundTripsNs;
    private final long durationNs;
    private final CountDownLatch done = new CountDownLatch(1);
    private long measureStartNs;
    private long endNs;
    private long sentAtNs;
    private int warmUpLeft;
    private int count;
    private long elapsedNs;
    private volatile String failure;

    PingPong(final PathId path, final int payloadLength, final int warmUp, final int maxRoundTrips, final long durationNs)
    {
        this.path = path;
        this.payload = new UnsafeBuffer(ByteBuffer.allocateDirect(Math.max(1, payloadLength)));
        this.payload.setMemory(0, payloadLength, (byte)'P');
        this.warmUp = warmUp;
        this.roundTripsNs = new long[maxRoundTrips];
        this.durationNs = durationNs;
    }

    PathId path()
    {
        return path;
    }

    int payloadLength()
    {
        return payload.capacity();
    }

    /**
     * Send the first message; runs on the machine's thread.
     *
     * @param ctx the sender's context.
     * @return null.
     */
    Void start(final MachineContext ctx)
    {
        warmUpLeft = warmUp;
        send(ctx);
        return null;
    }

    void onReply(final MachineContext ctx)
    {
        final long now = System.nanoTime();
        if (warmUpLeft > 0)
        {
            if (--warmUpLeft == 0)
            {
                measureStartNs = now;
                endNs = now + durationNs;
            }
        }
        else
        {
            roundTripsNs[count++] = now - sentAtNs;
            if (count == roundTripsNs.length || now >= endNs)
            {
                elapsedNs = now - measureStartNs;
                done.countDown();
                return;
            }
        }
        send(ctx);
    }

    private void send(final MachineContext ctx)
    {
        sentAtNs = System.nanoTime();
        final long rc = ctx.iucvSendTwoWay(path, payload, 0, payload.capacity(), REPLY_TIMEOUT_NS);
        if (rc < 0)
        {
            fail("two-way SEND failed: " + SendResult.describe(rc));
        }
    }

    void fail(final String why)
    {
        failure = why;
        done.countDown();
    }

    /**
     * @param timeoutMs deadline.
     * @return the latencies, sorted.
     * @throws DemoFailure if it failed or did not finish in time.
     * @throws InterruptedException if interrupted.
     */
    long[] await(final long timeoutMs) throws DemoFailure, InterruptedException
    {
        if (!done.await(timeoutMs, TimeUnit.MILLISECONDS))
        {
            throw new DemoFailure("ping-pong did not finish within " + timeoutMs + " ms");
        }
        if (null != failure)
        {
            throw new DemoFailure("ping-pong: " + failure);
        }
        final long[] sorted = Arrays.copyOf(roundTripsNs, count);
        Arrays.sort(sorted);
        return sorted;
    }

    long elapsedNs()
    {
        return elapsedNs;
    }
}
