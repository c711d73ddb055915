package org.vmiucv.bench.jmhx;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

import org.agrona.concurrent.UnsafeBuffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.vmiucv.bench.xproc.XflIucvPeer;
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
 * One IUCV round trip across processes over the XFL transport, as a JMH sample: PING in this JVM sends on its
 * path to ECHO in the {@link XflIucvPeer} process, which sends it back; both go through an XFL relay Supervisor
 * process. The same system as {@code org.vmiucv.bench.xproc.XflIucv}, with {@code Mode.SampleTime} for the
 * percentiles, at 32 B and 1 KiB.
 * <p>
 * <b>Design.</b> The XFL client has a thread of its own, the event loop that runs every handler callback inside a
 * session with the Supervisor; {@code XflSystem.attach} refuses {@code SystemOptions.hostInvoker(true)} and the
 * client has no {@code invokeHost()}. A {@link MachineContext} of XFL works only inside such a callback, so the
 * benchmark thread cannot be PING's host as in {@link IucvPingPongBenchmark}; instead the handler takes
 * the place of an idle strategy: the benchmark thread bumps a request sequence and spin-waits for the echo's;
 * PING's {@code onIucvData} publishes the echo's sequence and then, still in its session, waits for the next
 * request and sends it. A handler that has waited {@link #PARK_NS} without a request returns without sending
 * (parks), so a pause between iterations never holds the Supervisor's host thread of this process for long; the
 * benchmark thread then restarts the loop with {@code execute} (allocating, but only after such a pause, and for
 * the very first ping).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class XflIucvPingPongBenchmark extends CrossProcessFork
{
    /** How long PING's handler waits in its session for the next request before it parks. */
    static final long PARK_NS = TimeUnit.MILLISECONDS.toNanos(50);
    private static final int MAX_LENGTH = 1024;
    private static final String SYSTEM = "XBENCH";
    private static final MachineId PING = MachineId.of("PING");
    private static final MachineId ECHO = MachineId.of("ECHO");
    private static final long STALL_NS = TimeUnit.SECONDS.toNanos(10);

    /** Payload length in bytes (XFL: 32 B and 1 KiB). */
    @Param({"32", "1024"})
    public int payload;

    /**
     * How the benchmark thread and PING's handler wait: {@code spin}, {@code yield}, or {@code auto}: spin with 4
     * or more CPUs, else yield (as {@link IucvPingPongBenchmark#wait}).
     */
    @Param({"auto"})
    public String wait;

    private final List<Process> children = new ArrayList<>();
    private final Ping ping = new Ping();
    private Path dir;
    private XflClient client;
    private long seq;
    private long stallStart;
    private CompletableFuture<Object> restart;
    private long restarts;

    /**
     * Start the Supervisor and the peer, attach, IPL PING, connect it to ECHO, and run a first round trip.
     *
     * @throws Exception if any of it fails.
     */
    @Setup(Level.Trial)
    public void setUp() throws Exception
    {
        try
        {
            if (payload < Long.BYTES || payload > MAX_LENGTH)
            {
                throw new IllegalArgumentException("payload " + payload + " is out of range: 8 to 1024 bytes");
            }
            ping.length = payload;
            ping.yield = "yield".equals(wait) || "auto".equals(wait) && Runtime.getRuntime().availableProcessors() < 4;
            dir = ChildJvm.newDir("jmhx-xfliucv-");
            children.add(ChildJvm.start(XflSupervisorMain.class, "--base", dir.toString(), "--system", SYSTEM));
            client = attach(dir);
            children.add(ChildJvm.start(XflIucvPeer.class, dir.toString(), SYSTEM));
            awaitEcho(client);
            client.ipl(PING, ping);
            ping.path = client.connect(PING, ECHO, ConnectOptions.msglim(64));
            roundTrip(); // the first one starts the loop with execute
        }
        catch (final Exception | Error ex)
        {
            tearDown();
            throw ex;
        }
    }

    /**
     * Release PING's handler, shut the system down, stop the processes by their handles and remove the directory.
     */
    @TearDown(Level.Trial)
    public void tearDown()
    {
        ping.stopping = true;
        System.out.println("IUCV ping-pong over XFL: " + seq + " round trips, " + restarts + " restarts with " +
            "execute, " + ping.failures + " failed sends (retried)");
        try
        {
            if (null != client)
            {
                client.shutdown();
            }
        }
        catch (final IucvException ex)
        {
            System.err.println("shutdown of the XFL bench system: " + ex.getMessage());
        }
        finally
        {
            if (null != client)
            {
                client.close();
                client = null;
            }
            ChildJvm.stop(children, 5_000); // after SHUTDOWN the peer and the Supervisor end by themselves
            children.clear();
            ChildJvm.delete(dir);
            dir = null;
        }
    }

    /**
     * One IUCV round trip over XFL.
     *
     * @return the sequence of the echo.
     */
    @Benchmark
    public long roundTrip()
    {
        final long s = ++seq;
        final Ping p = ping;
        p.requested.set(s);
        final boolean yield = p.yield;
        long spins = 0;
        while (p.echoed.get() != s)
        {
            if (p.parked.get() && p.parked.compareAndSet(true, false))
            {
                restart = client.execute(PING, p.restart);
                restarts++;
            }
            pause(yield);
            if ((++spins & 0xFFFF) == 0)
            {
                checkStall(s, spins);
            }
        }
        return s;
    }

    private static void pause(final boolean yield)
    {
        if (yield)
        {
            Thread.yield();
        }
        else
        {
            Thread.onSpinWait();
        }
    }

    private void checkStall(final long s, final long spins)
    {
        final long now = System.nanoTime();
        if (spins == 0x1_0000)
        {
            stallStart = now;
        }
        else if (now - stallStart > STALL_NS)
        {
            final Throwable cause = null != restart && restart.isCompletedExceptionally() ?
                restart.handle((v, t) -> t).join() : null;
            throw new IllegalStateException("IUCV round trip over XFL " + s + " stalled: requested " +
                ping.requested.get() + ", sent " + ping.sent + ", echoed " + ping.echoed.get() + ", failed sends " +
                ping.failures + ", Supervisor problem: " + client.supervisorProblem(), cause);
        }
    }

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

    private static void awaitEcho(final XflClient client) throws Exception
    {
        final long deadline = System.currentTimeMillis() + 30_000;
        while (client.queryNames().stream().noneMatch(m -> m.name().equals(ECHO)))
        {
            if (System.currentTimeMillis() > deadline)
            {
                throw new IllegalStateException("the peer machine ECHO did not log on within 30 s");
            }
            Thread.sleep(20);
        }
    }

    /**
     * PING's handler, run by the XFL client's event loop: publishes each echo, then waits in the same session for
     * the next request and sends it, or parks after {@link #PARK_NS}.
     */
    static final class Ping implements MachineHandler
    {
        /** Written by the benchmark thread, read by the event loop: alone on its cache line. */
        final PaddedSequence requested = new PaddedSequence();
        /** Written by the event loop, read by the benchmark thread: alone on its cache line. */
        final PaddedSequence echoed = new PaddedSequence();
        /** True while no session waits for a request and no ping is in flight: the benchmark thread restarts. */
        final AtomicBoolean parked = new AtomicBoolean(true);
        /** The action of a restart: send the requested ping, or park again. */
        final Function<MachineContext, Object> restart = ctx ->
        {
            if (!sendRequested(ctx))
            {
                parked.set(true);
            }
            return null;
        };
        private final UnsafeBuffer buffer = new UnsafeBuffer(ByteBuffer.allocateDirect(MAX_LENGTH));
        volatile boolean yield;
        volatile boolean stopping;
        volatile PathId path;
        volatile int length;
        long sent;
        long failures;

        /** {@inheritDoc} */
        public void onSmsg(final MachineContext ctx, final MachineId from, final CharSequence text)
        {
        }

        /** {@inheritDoc} */
        public void onIucvData(final MachineContext ctx, final IucvMessage m)
        {
            echoed.set(m.buffer().getLong(m.offset()));
            final boolean yield = this.yield;
            final long deadline = System.nanoTime() + PARK_NS;
            while (requested.get() <= sent)
            {
                if (stopping || System.nanoTime() > deadline)
                {
                    parked.set(true);
                    return;
                }
                pause(yield);
            }
            if (!sendRequested(ctx))
            {
                parked.set(true);
            }
        }

        /** @return true if the requested ping went out; false if none is requested, when stopping, or if it failed. */
        private boolean sendRequested(final MachineContext ctx)
        {
            if (requested.get() <= sent || stopping)
            {
                return false;
            }
            buffer.putLong(0, sent + 1);
            long r;
            do
            {
                r = ctx.iucvSend(path, buffer, 0, length);
            }
            while (r == SendResult.BACK_PRESSURED);
            if (r < 0)
            {
                failures++; // e.g. the path not yet complete on PING's side: the benchmark thread restarts
                return false;
            }
            sent++;
            return true;
        }
    }
}
