package org.vmiucv.bench.xproc;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.HdrHistogram.Histogram;
import org.agrona.concurrent.UnsafeBuffer;
import org.vmiucv.engine.IucvBuffer;
import org.vmiucv.engine.IucvMessage;
import org.vmiucv.engine.MachineContext;
import org.vmiucv.engine.MachineHandler;
import org.vmiucv.engine.MachineId;
import org.vmiucv.engine.PathId;
import org.vmiucv.engine.SendResult;
import org.vmiucv.engine.Supervisor;

/**
 * The PING machine of the IUCV subjects, whatever the transport: a self-driving ping-pong on its own host thread,
 * as an application would run it. Each echo is timed in {@code onIucvData}, which sends the next ping.
 */
class IucvPingHandler implements MachineHandler
{
    private final UnsafeBuffer payload = new UnsafeBuffer(new byte[IucvBuffer.MAX_LENGTH]);
    private final MachineId self;
    private Histogram histogram;
    private int remaining;
    private int length;
    private long t0;
    private PathId path;
    /** Counted down when the current run is over. */
    CountDownLatch done;

    /**
     * @param self the machine this handler runs.
     */
    IucvPingHandler(final MachineId self)
    {
        this.self = self;
    }

    /**
     * @param client the client that hosts this machine.
     * @param path   its path to the echoing machine.
     * @param n      round trips.
     * @param length payload bytes.
     * @return the round-trip times and the B/op of this process.
     * @throws Exception if the exchange stalls for 300 s or a send fails.
     */
    Subject.Rtt run(final Supervisor client, final PathId path, final int n, final int length) throws Exception
    {
        histogram = Subject.histogram();
        remaining = n;
        this.length = length;
        this.path = path;
        done = new CountDownLatch(1);
        final long alloc0 = AllocationMeter.allocatedBytes();
        client.execute(self, ctx ->
        {
            sendNext(ctx);
            return null;
        }).get(10, TimeUnit.SECONDS);
        if (!done.await(300, TimeUnit.SECONDS))
        {
            throw new IllegalStateException("IUCV ping-pong stalled with " + remaining + " to go");
        }
        return new Subject.Rtt(histogram, AllocationMeter.perOp(alloc0, n));
    }

    private void sendNext(final MachineContext ctx)
    {
        t0 = System.nanoTime();
        long r;
        do
        {
            r = ctx.iucvSend(path, payload, 0, length);
        }
        while (r == SendResult.BACK_PRESSURED);
        if (r < 0)
        {
            throw new IllegalStateException("send failed: " + SendResult.describe(r));
        }
    }

    /** {@inheritDoc} */
    public void onSmsg(final MachineContext ctx, final MachineId from, final CharSequence text)
    {
    }

    /** {@inheritDoc} */
    public void onIucvData(final MachineContext ctx, final IucvMessage m)
    {
        histogram.recordValue(Math.min(System.nanoTime() - t0, Subject.MAX_LATENCY_NS));
        if (--remaining > 0)
        {
            sendNext(ctx);
        }
        else
        {
            done.countDown();
        }
    }
}
