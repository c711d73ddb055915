package org.vmiucv.bench.xproc;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.HdrHistogram.Histogram;
import org.agrona.concurrent.UnsafeBuffer;
import org.vmiucv.engine.ConnectOptions;
import org.vmiucv.engine.IucvBuffer;
import org.vmiucv.engine.IucvException;
import org.vmiucv.engine.IucvMessage;
import org.vmiucv.engine.MachineContext;
import org.vmiucv.engine.MachineHandler;
import org.vmiucv.engine.MachineId;
import org.vmiucv.engine.PathId;
import org.vmiucv.engine.SendResult;
import org.vmiucv.engine.system.SystemClient;
import org.vmiucv.engine.system.SystemLog;
import org.vmiucv.engine.system.SystemOptions;
import org.vmiucv.shm.ShmSystem;
import org.vmiucv.shm.SupervisorMain;

/**
 * Our engine over the shm transport: a Supervisor process, the {@link IucvPeer} process (machines ECHO and SINK)
 * and this process, which IPLs PING. Round trips are IUCV SENDs on one path that ECHO sends back; streaming is
 * SMSGs from PING to SINK, ended by an SMSG END that SINK answers with DONE. PING runs both loops on its own
 * agent thread, driven by its callbacks, as an application would.
 */
final class ShmIucv implements Subject
{
    private static final String SYSTEM = "BENCH";
    private static final int SMSG_MAX = 236;

    private final List<Process> children = new ArrayList<>();
    private final SystemClient client;
    private final PathId path;
    private final PingHandler ping = new PingHandler();

    /**
     * @param dir the base directory of the private system.
     * @throws Exception if the system cannot be set up.
     */
    ShmIucv(final Path dir) throws Exception
    {
        SystemClient c = null;
        try
        {
            final java.util.List<String> cpArgs = new java.util.ArrayList<>(
                java.util.List.of("--base", dir.toString(), "--system", SYSTEM));
            if (Boolean.getBoolean("bench.traceData"))
            {
                cpArgs.add("--trace-data"); // measure what the data trace costs on the round trip
            }
            children.add(Spin.start(SupervisorMain.class, cpArgs.toArray(new String[0])));
            c = attach(dir);
            children.add(Spin.start(IucvPeer.class, dir.toString(), SYSTEM));
            awaitMachines(c, 2);
            c.ipl(MachineId.of("PING"), ping);
            path = c.connect(MachineId.of("PING"), MachineId.of("ECHO"), ConnectOptions.msglim(64));
            client = c;
        }
        catch (final Exception | Error ex)
        {
            if (null != c)
            {
                c.close();
            }
            children.forEach(Spin::kill);
            throw ex;
        }
    }

    /** {@inheritDoc} */
    public String name()
    {
        return "vm-iucv shm";
    }

    /** {@inheritDoc} */
    public boolean pingPongs(final int payload)
    {
        return payload <= IucvBuffer.MAX_LENGTH;
    }

    /** {@inheritDoc} */
    public boolean streams(final int payload)
    {
        return payload <= SMSG_MAX;
    }

    /** {@inheritDoc} */
    public Rtt roundTrips(final int n, final int payload) throws Exception
    {
        return ping.run(client, path, n, payload);
    }

    /** {@inheritDoc} */
    public Rate stream(final int n, final int payload) throws Exception
    {
        return ping.smsgStream(client, n, payload);
    }

    /** {@inheritDoc} */
    public void close()
    {
        try
        {
            client.shutdown();
        }
        catch (final IucvException ex)
        {
            System.err.println("shutdown of the bench system: " + ex.getMessage());
        }
        finally
        {
            client.close();
            // after SHUTDOWN the peer and the Supervisor end by themselves (so a JFR recording gets written)
            final long deadline = System.currentTimeMillis() + 5_000;
            for (final Process p : children)
            {
                try
                {
                    p.waitFor(Math.max(1, deadline - System.currentTimeMillis()), TimeUnit.MILLISECONDS);
                }
                catch (final InterruptedException ex)
                {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            children.forEach(Spin::kill);
        }
    }

    private static SystemClient attach(final Path base) throws Exception
    {
        final long deadline = System.currentTimeMillis() + 30_000;
        while (true)
        {
            try
            {
                return ShmSystem.attach(base, SYSTEM, new SystemOptions().idleStrategy(Spin::idle), SystemLog.NONE);
            }
            catch (final IucvException ex)
            {
                if (System.currentTimeMillis() > deadline)
                {
                    throw ex;
                }
                Thread.sleep(20);
            }
        }
    }

    private static void awaitMachines(final SystemClient client, final int n) throws Exception
    {
        final long deadline = System.currentTimeMillis() + 30_000;
        while (client.queryNames().size() < n)
        {
            if (System.currentTimeMillis() > deadline)
            {
                throw new IllegalStateException("the peer machines ECHO and SINK did not log on within 30 s");
            }
            Thread.sleep(20);
        }
    }

    /** The PING machine: a self-driving IUCV ping-pong and an SMSG stream, both on its own agent thread. */
    private static final class PingHandler implements MachineHandler
    {
        private final UnsafeBuffer payload = new UnsafeBuffer(new byte[IucvBuffer.MAX_LENGTH]);
        private Histogram histogram;
        private int remaining;
        private int length;
        private long t0;
        private PathId path;
        private CountDownLatch done;

        Rtt run(final SystemClient client, final PathId path, final int n, final int length) throws Exception
        {
            histogram = Subject.histogram();
            remaining = n;
            this.length = length;
            this.path = path;
            done = new CountDownLatch(1);
            final long alloc0 = AllocationMeter.allocatedBytes();
            client.execute(MachineId.of("PING"), ctx ->
            {
                sendNext(ctx);
                return null;
            }).get(10, TimeUnit.SECONDS);
            if (!done.await(300, TimeUnit.SECONDS))
            {
                throw new IllegalStateException("IUCV ping-pong stalled with " + remaining + " to go");
            }
            return new Rtt(histogram, AllocationMeter.perOp(alloc0, n));
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

        public void onIucvData(final MachineContext ctx, final IucvMessage m)
        {
            histogram.recordValue(Math.min(System.nanoTime() - t0, MAX_LATENCY_NS));
            if (--remaining > 0)
            {
                sendNext(ctx);
            }
            else
            {
                done.countDown();
            }
        }

        Rate smsgStream(final SystemClient client, final int n, final int length) throws Exception
        {
            done = new CountDownLatch(1);
            final MachineId sink = MachineId.of("SINK");
            final String text = "x".repeat(length);
            final long alloc0 = AllocationMeter.allocatedBytes();
            final long start = System.nanoTime();
            client.execute(MachineId.of("PING"), ctx ->
            {
                for (int i = 0; i < n; i++)
                {
                    while (ctx.trySendSmsg(sink, text) != SendResult.OK)
                    {
                        Thread.onSpinWait();
                    }
                }
                while (ctx.trySendSmsg(sink, "END") != SendResult.OK)
                {
                    Thread.onSpinWait();
                }
                return null;
            }).get(300, TimeUnit.SECONDS);
            if (!done.await(60, TimeUnit.SECONDS))
            {
                throw new IllegalStateException("SMSG stream: no DONE from SINK");
            }
            final double rate = n * 1e9 / (System.nanoTime() - start);
            return new Rate(rate, AllocationMeter.perOp(alloc0, n));
        }

        public void onSmsg(final MachineContext ctx, final MachineId from, final CharSequence text)
        {
            if ("DONE".contentEquals(text))
            {
                done.countDown();
            }
        }
    }
}
