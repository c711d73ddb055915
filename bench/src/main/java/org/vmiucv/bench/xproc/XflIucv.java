package org.vmiucv.bench.xproc;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.HdrHistogram.Histogram;
import org.agrona.concurrent.UnsafeBuffer;
import org.vmiucv.engine.ConnectOptions;
import org.vmiucv.engine.IucvException;
import org.vmiucv.engine.IucvMessage;
import org.vmiucv.engine.MachineContext;
import org.vmiucv.engine.MachineHandler;
import org.vmiucv.engine.MachineId;
import org.vmiucv.engine.PathId;
import org.vmiucv.engine.SendResult;
import org.vmiucv.engine.system.SystemLog;
import org.vmiucv.engine.system.SystemOptions;
import org.vmiucv.xfl.transport.XflClient;
import org.vmiucv.xfl.transport.XflSupervisorMain;
import org.vmiucv.xfl.transport.XflSystem;

/**
 * Our engine over the XFL transport, measured as {@link ShmIucv} measures it over shm: an XFL relay Supervisor
 * process, the {@link XflIucvPeer} process (machine ECHO) and this process, which IPLs PING. A round trip is an
 * IUCV SEND on one path that ECHO sends back; PING drives the loop from its own callbacks and times it on the XFL
 * client's event loop thread. Every hop passes through the Supervisor (PING's SEND is an RPC in PING's session,
 * ECHO's callback a session with the peer process), so expect hundreds of microseconds. Round trips only, 1 KiB
 * at most (the XFL rows' sizes); no streaming.
 */
final class XflIucv implements Subject
{
    /** The largest payload measured. */
    static final int MAX_PAYLOAD = 1024;
    /** The name in tables and plots. */
    static final String NAME = "vm-iucv over XFL";
    private static final String SYSTEM = "XBENCH";
    private static final MachineId PING = MachineId.of("PING");
    private static final MachineId ECHO = MachineId.of("ECHO");

    private final List<Process> children = new ArrayList<>();
    private final XflClient client;
    private final PathId path;
    private final PingHandler ping = new PingHandler();

    /**
     * @param parent where the system's base directory goes.
     * @throws Exception if the system cannot be set up within 30 s.
     */
    XflIucv(final Path parent) throws Exception
    {
        final Path base = parent.resolve("xfl-iucv");
        XflClient c = null;
        try
        {
            children.add(Spin.start(XflSupervisorMain.class, "--base", base.toString(), "--system", SYSTEM));
            c = attach(base);
            children.add(Spin.start(XflIucvPeer.class, base.toString(), SYSTEM));
            awaitMachine(c, ECHO);
            c.ipl(PING, ping);
            path = c.connect(PING, ECHO, ConnectOptions.msglim(64));
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
        return NAME;
    }

    /** {@inheritDoc} */
    public boolean pingPongs(final int payload)
    {
        return payload <= MAX_PAYLOAD;
    }

    /** {@inheritDoc} */
    public Rtt roundTrips(final int n, final int payload) throws Exception
    {
        return ping.run(client, path, n, payload);
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
            System.err.println("shutdown of the XFL bench system: " + ex.getMessage());
        }
        finally
        {
            client.close();
            // after SHUTDOWN the peer and the Supervisor end by themselves
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

    /**
     * @param base the base directory of the XFL system.
     * @return a client attached as soon as the Supervisor takes connections.
     * @throws Exception if it does not within 30 s.
     */
    private static XflClient attach(final Path base) throws Exception
    {
        final long deadline = System.currentTimeMillis() + 30_000;
        while (true)
        {
            try
            {
                return XflSystem.attach(base, SYSTEM, new SystemOptions(), SystemLog.NONE);
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

    /**
     * @param client  an attached client.
     * @param machine the machine to wait for.
     * @throws Exception if it is not logged on within 30 s.
     */
    private static void awaitMachine(final XflClient client, final MachineId machine) throws Exception
    {
        final long deadline = System.currentTimeMillis() + 30_000;
        while (client.queryNames().stream().noneMatch(m -> m.name().equals(machine)))
        {
            if (System.currentTimeMillis() > deadline)
            {
                throw new IllegalStateException("the peer machine " + machine + " did not log on within 30 s");
            }
            Thread.sleep(20);
        }
    }

    /** The PING machine: a self-driving IUCV ping-pong on the XFL client's event loop thread. */
    private static final class PingHandler implements MachineHandler
    {
        private final UnsafeBuffer payload = new UnsafeBuffer(new byte[MAX_PAYLOAD]);
        private Histogram histogram;
        private int remaining;
        private int length;
        private long t0;
        private PathId path;
        private CountDownLatch done;

        Rtt run(final XflClient client, final PathId path, final int n, final int length) throws Exception
        {
            histogram = Subject.histogram();
            remaining = n;
            this.length = length;
            this.path = path;
            done = new CountDownLatch(1);
            final long alloc0 = AllocationMeter.allocatedBytes();
            client.execute(PING, ctx ->
            {
                sendNext(ctx);
                return null;
            }).get(10, TimeUnit.SECONDS);
            if (!done.await(300, TimeUnit.SECONDS))
            {
                throw new IllegalStateException("IUCV ping-pong over XFL stalled with " + remaining + " to go");
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
                throw new IllegalStateException("send over XFL failed: " + SendResult.describe(r));
            }
        }

        public void onSmsg(final MachineContext ctx, final MachineId from, final CharSequence text)
        {
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
    }
}
