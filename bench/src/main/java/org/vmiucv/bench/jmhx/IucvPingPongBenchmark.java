package org.vmiucv.bench.jmhx;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

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
import org.vmiucv.bench.xproc.IucvPeer;
import org.vmiucv.engine.ConnectOptions;
import org.vmiucv.engine.IucvMessage;
import org.vmiucv.engine.MachineContext;
import org.vmiucv.engine.MachineHandler;
import org.vmiucv.engine.MachineId;
import org.vmiucv.engine.PathId;
import org.vmiucv.engine.system.SystemClient;
import org.vmiucv.shm.SupervisorMain;

/**
 * One IUCV round trip across processes, as a JMH sample: PING in this JVM sends on its path to ECHO in the
 * {@link IucvPeer} process, which sends it back; a Supervisor process runs the CP. Payloads 32 B, 1 KiB and
 * 65,535 B (the IUCV maximum).
 * <p>
 * <b>Design.</b> PING's process is attached with {@code new SystemOptions().hostInvoker(true)}: it has no host
 * thread, its machines run inside {@link SystemClient#invokeHost()} on whichever thread calls it, and here that is
 * the JMH benchmark thread, from {@code @Setup(Level.Trial)} (attach, IPL, CONNECT, which drive the host while
 * they wait) to the last {@code @Benchmark} call. PING's {@link MachineContext} is captured in {@code onIpl}. One
 * benchmark call is: write the sequence into the payload, {@code ctx.iucvSend} on PING's path (straight into
 * ECHO's inbox ring), then {@code invokeHost()} in a busy loop until PING's {@code onIucvData}, dispatched inside
 * that loop, has seen the echo of that sequence. So the sample is one round trip through the transport and both
 * hosts' dispatch, with no hand-off between threads of this JVM and no busy thread besides this one and ECHO's
 * host; the peer copies the message back, PING only reads its sequence. Not measured: setup, connecting, and the
 * benchmark infrastructure outside the call. Allocation-free in steady state.
 * <p>
 * JMH runs {@code @Setup(Level.Trial)} and the benchmark method of a {@code Scope.Benchmark} state on its worker
 * thread; with one benchmark thread that is one thread, and should it ever differ, {@code invokeHost()} rebinds
 * the host to its caller. A round trip that makes no progress for 10 s throws.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class IucvPingPongBenchmark extends CrossProcessFork
{
    private static final String SYSTEM = "BENCH";
    private static final MachineId PING = MachineId.of("PING");
    private static final MachineId ECHO = MachineId.of("ECHO");
    private static final long STALL_NS = TimeUnit.SECONDS.toNanos(10);

    /** Payload length in bytes: 32 B, 1 KiB, 65,535 B (the IUCV maximum, "64 KiB"). */
    @Param({"32", "1024", "65535"})
    public int payload;

    private final List<Process> children = new ArrayList<>();
    private final Ping ping = new Ping();
    private final Stall stall = new Stall(STALL_NS);
    private Path dir;
    private SystemClient client;
    private UnsafeBuffer message;
    private long seq;
    private long retries;

    /**
     * Start the Supervisor and the peer, attach this thread as PING's host, IPL PING, connect it to ECHO, and run a
     * first round trip.
     *
     * @throws Exception if any of it fails.
     */
    @Setup(Level.Trial)
    public void setUp() throws Exception
    {
        try
        {
            message = new UnsafeBuffer(ByteBuffer.allocateDirect(payload));
            dir = ChildJvm.newDir("jmhx-iucv-");
            children.add(ChildJvm.start(SupervisorMain.class, "--base", dir.toString(), "--system", SYSTEM));
            client = InvokedHost.attach(dir, SYSTEM);
            children.add(ChildJvm.start(IucvPeer.class, dir.toString(), SYSTEM));
            InvokedHost.awaitMachine(client, ECHO);
            client.ipl(PING, ping);
            if (null == ping.ctx)
            {
                throw new IllegalStateException("PING's onIpl did not run during IPL");
            }
            ping.path = client.connect(PING, ECHO, ConnectOptions.msglim(64));
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
        if (retries != 0)
        {
            System.out.println("IUCV ping-pong: " + retries + " refused sends (retried)");
        }
        InvokedHost.shutdown(client, "IUCV ping-pong");
        client = null;
        ping.ctx = null;
        ChildJvm.stop(children, 5_000); // after SHUTDOWN the peer and the Supervisor end by themselves
        children.clear();
        ChildJvm.delete(dir);
        dir = null;
    }

    /**
     * One IUCV round trip of {@link #payload} bytes.
     *
     * @return the sequence of the echo.
     */
    @Benchmark
    public long roundTrip()
    {
        final long s = ++seq;
        final SystemClient c = client;
        final Ping p = ping;
        message.putLong(0, s);
        int spins = 0;
        while (p.ctx.iucvSend(p.path, message, 0, payload) < 0)
        {
            retries++; // e.g. PATH_NOT_ESTABLISHED right after connect, or back pressure
            c.invokeHost();
            if ((++spins & 0xFFF) == 0 && stall.stalled(-s))
            {
                throw new IllegalStateException("IUCV send " + s + " refused for 10 s");
            }
        }
        while (p.echoed != s)
        {
            if (0 == c.invokeHost())
            {
                Thread.onSpinWait();
            }
            if ((++spins & 0xFFF) == 0 && stall.stalled(s))
            {
                throw new IllegalStateException("IUCV round trip " + s + " stalled: echoed " + p.echoed);
            }
        }
        return s;
    }

    /**
     * PING's handler: keeps its context from {@code onIpl} and notes the sequence of each echo. Runs on the
     * benchmark thread, inside {@code invokeHost()}.
     */
    static final class Ping implements MachineHandler
    {
        MachineContext ctx;
        PathId path;
        long echoed;

        /** {@inheritDoc} */
        public void onIpl(final MachineContext ctx)
        {
            this.ctx = ctx;
        }

        /** {@inheritDoc} */
        public void onSmsg(final MachineContext ctx, final MachineId from, final CharSequence text)
        {
        }

        /** {@inheritDoc} */
        public void onIucvData(final MachineContext ctx, final IucvMessage m)
        {
            echoed = m.buffer().getLong(m.offset());
        }
    }
}
