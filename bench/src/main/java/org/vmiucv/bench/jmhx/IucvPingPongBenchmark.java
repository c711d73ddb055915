package org.vmiucv.bench.jmhx;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.UnsafeBuffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.vmiucv.bench.xproc.IucvPeer;
import org.vmiucv.engine.ConnectOptions;
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
 * One 32-byte IUCV round trip across processes, as a JMH sample: PING in this JVM sends on its path to ECHO in the
 * {@link IucvPeer} process, which sends it back; a Supervisor process runs the CP. The same system as
 * {@code org.vmiucv.bench.xproc.ShmIucv}, with {@code Mode.SampleTime} for the percentiles.
 * <p>
 * <b>Design.</b> A {@link MachineContext} may be used only on its machine's agent thread, and
 * {@code SystemClient.execute} allocates a future per call, so the benchmark thread never sends. Instead the
 * client's agent runs with {@link PingIdle}, a busy-spin idle strategy that, on every pass of the agent loop,
 * checks a request sequence the benchmark thread bumps and, when it is ahead, sends the next ping through the
 * PING context captured at setup. PING's {@code onIucvData} publishes the echo's sequence; the benchmark thread
 * spin-waits for it. One benchmark call is therefore: publish request, agent notices and sends, ECHO echoes,
 * agent dispatches the echo, benchmark thread sees it: one round trip plus two cross-core hand-offs inside this
 * JVM, allocation-free. The standalone harness has PING drive itself and time on its own agent thread, so it
 * keeps one busy thread fewer; expect this figure to sit above the harness's by the hand-offs, and far above it
 * with fewer than four CPUs (see {@link #wait}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {
    "--add-opens", "java.base/jdk.internal.misc=ALL-UNNAMED",
    "--add-opens", "java.base/java.io=ALL-UNNAMED",
    "--add-exports", "java.base/jdk.internal.ref=ALL-UNNAMED",
    "--add-exports", "java.base/sun.nio.ch=ALL-UNNAMED",
    "--add-exports", "jdk.unsupported/sun.misc=ALL-UNNAMED",
    "--add-opens", "java.base/java.lang=ALL-UNNAMED",
    "--add-opens", "java.base/java.lang.reflect=ALL-UNNAMED",
    "--add-opens", "java.base/java.util=ALL-UNNAMED",
    "--add-opens", "java.base/sun.nio.ch=ALL-UNNAMED",
    "-Dchronicle.analytics.disable=true",
    "-Dslf4j.internal.verbosity=ERROR",
    "-Dagrona.disable.bounds.checks=true",
    "-XX:+UseSerialGC",
    "-Xmx1g"})
public class IucvPingPongBenchmark
{
    /** Payload length in bytes. */
    static final int LENGTH = 32;
    private static final String SYSTEM = "BENCH";
    private static final MachineId PING = MachineId.of("PING");
    private static final MachineId ECHO = MachineId.of("ECHO");
    private static final long STALL_NS = TimeUnit.SECONDS.toNanos(10);

    /**
     * How the benchmark thread and PING's agent wait: {@code spin} ({@code Thread.onSpinWait}), {@code yield}
     * ({@code Thread.yield}), or {@code auto}: spin with 4 or more CPUs, else yield. A round trip keeps three
     * threads busy (this one, PING's agent, ECHO's agent); on two CPUs spinning makes them preempt each other at
     * scheduler time slices (milliseconds per round trip).
     */
    @Param({"auto"})
    public String wait;

    private final List<Process> children = new ArrayList<>();
    private final PingIdle pingIdle = new PingIdle();
    private Path dir;
    private SystemClient client;
    private long seq;

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
            pingIdle.yield = "yield".equals(wait) ||
                "auto".equals(wait) && Runtime.getRuntime().availableProcessors() < 4;
            dir = ChildJvm.newDir("jmhx-iucv-");
            children.add(ChildJvm.start(SupervisorMain.class, "--base", dir.toString(), "--system", SYSTEM));
            client = attach(dir);
            children.add(ChildJvm.start(IucvPeer.class, dir.toString(), SYSTEM));
            awaitMachines(client, 2);
            client.ipl(PING, pingIdle);
            pingIdle.path = client.connect(PING, ECHO, ConnectOptions.msglim(64));
            client.execute(PING, ctx ->
            {
                pingIdle.ctx = ctx;
                return null;
            }).get(10, TimeUnit.SECONDS);
            roundTrip(); // the first one may wait for the path to complete on PING's side
        }
        catch (final Exception | Error ex)
        {
            tearDown();
            throw ex;
        }
    }

    /**
     * Shut the system down, stop the processes by their handles and remove the directory.
     */
    @TearDown(Level.Trial)
    public void tearDown()
    {
        pingIdle.ctx = null;
        if (pingIdle.failures != 0)
        {
            System.out.println("IUCV ping-pong: " + pingIdle.failures + " failed sends (retried)");
        }
        try
        {
            if (null != client)
            {
                client.shutdown();
            }
        }
        catch (final IucvException ex)
        {
            System.err.println("shutdown of the bench system: " + ex.getMessage());
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
     * One 32-byte IUCV round trip.
     *
     * @return the sequence of the echo.
     */
    @Benchmark
    public long roundTrip()
    {
        final long s = ++seq;
        final PingIdle p = pingIdle;
        p.requested.set(s);
        long spins = 0;
        final boolean yield = p.yield;
        while (p.echoed.get() != s)
        {
            pause(yield);
            if ((++spins & 0xF_FFFF) == 0)
            {
                checkStall(s, spins);
            }
        }
        return s;
    }

    private long stallStart;

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
        if (spins == 0x10_0000)
        {
            stallStart = now;
        }
        else if (now - stallStart > STALL_NS)
        {
            throw new IllegalStateException("IUCV round trip " + s + " stalled: requested " +
                pingIdle.requested.get() + ", sent " + pingIdle.sent + ", echoed " + pingIdle.echoed.get() +
                ", failed sends " + pingIdle.failures);
        }
    }

    private static SystemClient attach(final Path base) throws Exception
    {
        final long deadline = System.currentTimeMillis() + 30_000;
        while (true)
        {
            try
            {
                return ShmSystem.attach(base, SYSTEM, new SystemOptions().idleStrategy(PingIdle::current),
                    SystemLog.NONE);
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

    /**
     * PING's handler and the busy-spin idle strategy of the client's agent in one: the idle pass sends the next
     * ping when the benchmark thread has requested one; {@code onIucvData} publishes the echo.
     */
    static final class PingIdle implements MachineHandler, IdleStrategy
    {
        /** The instance the next {@link SystemOptions#newIdleStrategy()} hands out (set in setup, one trial). */
        private static PingIdle current;

        /** Written by the benchmark thread, read by the agent: alone on its cache line. */
        final Seq requested = new Seq();
        /** Written by the agent, read by the benchmark thread: alone on its cache line. */
        final Seq echoed = new Seq();
        private final UnsafeBuffer payload = new UnsafeBuffer(ByteBuffer.allocateDirect(LENGTH));
        volatile MachineContext ctx;
        volatile boolean yield;
        volatile PathId path;
        long sent;
        long failures;

        PingIdle()
        {
            current = this;
        }

        static PingIdle current()
        {
            return current;
        }

        /** {@inheritDoc} */
        public void idle(final int workCount)
        {
            poll();
            if (workCount <= 0)
            {
                pause(yield);
            }
        }

        /** {@inheritDoc} */
        public void idle()
        {
            poll();
            pause(yield);
        }

        /** {@inheritDoc} */
        public void reset()
        {
        }

        private void poll()
        {
            final MachineContext c = ctx;
            if (null == c || requested.get() <= sent)
            {
                return;
            }
            payload.putLong(0, sent + 1);
            final long r = c.iucvSend(path, payload, 0, LENGTH);
            if (r >= 0)
            {
                sent++;
            }
            else
            {
                failures++; // e.g. PATH_NOT_ESTABLISHED right after connect, or back pressure: next pass retries
            }
        }

        /** {@inheritDoc} */
        public void onSmsg(final MachineContext ctx, final MachineId from, final CharSequence text)
        {
        }

        /** {@inheritDoc} */
        public void onIucvData(final MachineContext ctx, final IucvMessage m)
        {
            echoed.set(m.buffer().getLong(m.offset()));
        }
    }

    /** A sequence with one writer, alone on its cache line (off heap, away from its neighbours). */
    static final class Seq
    {
        private static final int OFFSET = 128;
        private final UnsafeBuffer buffer = new UnsafeBuffer(ByteBuffer.allocateDirect(4 * 64).alignedSlice(64));

        long get()
        {
            return buffer.getLongVolatile(OFFSET);
        }

        void set(final long value)
        {
            buffer.putLongRelease(OFFSET, value);
        }
    }
}
