package org.vmiucv.cli;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.agrona.concurrent.UnsafeBuffer;
import org.vmiucv.engine.IucvException;
import org.vmiucv.engine.IucvMessage;
import org.vmiucv.engine.MachineContext;
import org.vmiucv.engine.PathId;
import org.vmiucv.engine.ReturnCode;
import org.vmiucv.engine.SendResult;

/**
 * N two-way SENDs on one path, one at a time, driven from the sender's callbacks (each REPLY records a round trip
 * and sends the next message), so the times measure IUCV and not a hand-over between threads. For {@code iucv send}
 * (N = 1, the reply's text kept) and {@code iucv ping}.
 */
final class RoundTrips
{
    private final PathId path;
    private final UnsafeBuffer payload;
    private final long[] roundTripsNs;
    private final long timeoutNs;
    private final boolean keepReply;
    private final CountDownLatch done = new CountDownLatch(1);
    private long sentAtNs;
    private int count;
    private volatile int progress;
    private volatile String failure;
    private volatile String replyText;

    /**
     * @param path      the path, established.
     * @param payload   what each message carries.
     * @param n         how many round trips.
     * @param timeoutNs how long each REPLY may take.
     * @param keepReply keep the last reply's text.
     */
    RoundTrips(final PathId path, final byte[] payload, final int n, final long timeoutNs, final boolean keepReply)
    {
        this.path = path;
        this.payload = new UnsafeBuffer(ByteBuffer.allocateDirect(Math.max(1, payload.length)), 0, payload.length);
        this.payload.putBytes(0, payload);
        this.roundTripsNs = new long[n];
        this.timeoutNs = timeoutNs;
        this.keepReply = keepReply;
    }

    /**
     * Send the first message; runs on the machine's thread.
     *
     * @param ctx the sender's context.
     * @return null.
     */
    Void start(final MachineContext ctx)
    {
        send(ctx);
        return null;
    }

    void onReply(final MachineContext ctx, final IucvMessage reply)
    {
        final long now = System.nanoTime();
        if (!path.equals(reply.path()) || count == roundTripsNs.length)
        {
            return;
        }
        roundTripsNs[count++] = now - sentAtNs;
        progress = count;
        if (keepReply)
        {
            replyText = reply.asText();
        }
        if (count == roundTripsNs.length)
        {
            done.countDown();
        }
        else
        {
            send(ctx);
        }
    }

    void onReplyTimeout(final PathId p, final long messageId)
    {
        if (path.equals(p))
        {
            fail("no REPLY to message " + messageId + " on path " + p + " within " +
                TimeUnit.NANOSECONDS.toMillis(timeoutNs) + " ms");
        }
    }

    void onSevered(final PathId p, final String by)
    {
        if (path.equals(p))
        {
            fail("path " + p + " was severed by " + by + " after " + count + " replies");
        }
    }

    private void send(final MachineContext ctx)
    {
        sentAtNs = System.nanoTime();
        final long rc = ctx.iucvSendTwoWay(path, payload, 0, payload.capacity(), timeoutNs);
        if (rc < 0)
        {
            fail("two-way SEND on path " + path + " failed: " + SendResult.describe(rc));
        }
    }

    private void fail(final String why)
    {
        failure = why;
        done.countDown();
    }

    /**
     * Wait until all replies came, as long as replies keep coming.
     *
     * @param stallMs how long to wait for the next reply before giving up.
     * @return the round trips in nanoseconds, in the order they were made.
     * @throws IucvException 16 if a send failed, a reply did not come or the path was severed.
     * @throws InterruptedException if interrupted.
     */
    long[] await(final long stallMs) throws IucvException, InterruptedException
    {
        int seen = -1;
        long stallDeadline = 0;
        while (!done.await(50, TimeUnit.MILLISECONDS))
        {
            final long now = System.currentTimeMillis();
            if (progress != seen)
            {
                seen = progress;
                stallDeadline = now + stallMs;
            }
            else if (now > stallDeadline)
            {
                throw new IucvException(ReturnCode.DELIVERY_FAILED, "no REPLY on path " + path + " within " +
                    stallMs + " ms (" + seen + " of " + roundTripsNs.length + " came)");
            }
        }
        if (null != failure)
        {
            throw new IucvException(ReturnCode.DELIVERY_FAILED, failure);
        }
        return Arrays.copyOf(roundTripsNs, roundTripsNs.length);
    }

    /**
     * @return the text of the last reply, if kept.
     */
    String replyText()
    {
        return replyText;
    }
}
