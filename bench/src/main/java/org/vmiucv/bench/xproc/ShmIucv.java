package org.vmiucv.bench.xproc;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.vmiucv.engine.ConnectOptions;
import org.vmiucv.engine.IucvBuffer;
import org.vmiucv.engine.MachineContext;
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
            c = SystemSubjects.attach(
                () -> ShmSystem.attach(dir, SYSTEM, new SystemOptions().idleStrategy(Spin::idle), SystemLog.NONE));
            children.add(Spin.start(IucvPeer.class, dir.toString(), SYSTEM));
            SystemSubjects.awaitMachines(c, MachineId.of("ECHO"), MachineId.of("SINK"));
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
        SystemSubjects.shutDown(client, children, "the bench system");
    }

    /** The PING machine: the IUCV ping-pong of {@link IucvPingHandler}, and an SMSG stream to SINK. */
    private static final class PingHandler extends IucvPingHandler
    {
        PingHandler()
        {
            super(MachineId.of("PING"));
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

        @Override
        public void onSmsg(final MachineContext ctx, final MachineId from, final CharSequence text)
        {
            if ("DONE".contentEquals(text))
            {
                done.countDown();
            }
        }
    }
}
