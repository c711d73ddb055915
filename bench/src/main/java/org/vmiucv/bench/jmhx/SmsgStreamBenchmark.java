package org.vmiucv.bench.jmhx;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.vmiucv.engine.MachineContext;
import org.vmiucv.engine.MachineHandler;
import org.vmiucv.engine.MachineId;
import org.vmiucv.engine.SendResult;
import org.vmiucv.engine.system.SystemClient;
import org.vmiucv.shm.SupervisorMain;

/**
 * One-way SMSG throughput across processes: machine SRC in this JVM streams 32-byte SMSGs to SINK in the
 * {@link SmsgSinkPeer} process; a Supervisor process runs the CP. One op is one SMSG that SINK's handler has
 * received (dropped SMSGs are not ops).
 * <p>
 * <b>Design.</b> As in {@link IucvPingPongBenchmark}, SRC's process is attached with {@code hostInvoker(true)}, so
 * SRC runs on the JMH benchmark thread and its context, captured in {@code onIpl}, is used from there. SINK counts
 * what it receives and publishes the count after each SMSG in a {@link MappedCounter} (a cache line of its own in a
 * file next to the system's); the benchmark thread reads it instead of waiting for an answer, and keeps at most
 * {@link #WINDOW} accepted SMSGs in flight (far fewer than SINK's 1 MiB inbox holds, so SMSG's best-effort drops
 * should not happen). One invocation moves the goal on by {@link #BATCH} and, until SINK's count has passed it,
 * sends with {@code trySendSmsg} in bursts of up to {@link #BURST} as the window allows and invokes the host once
 * per burst (heartbeat and housekeeping; SRC receives nothing). Messages still in flight when an invocation ends
 * count towards the next one, so the reported rate is that of messages SINK actually received, give or take one
 * window at the ends of an iteration. Measured: the sender's SMSG path (claim, encode, commit into SINK's inbox
 * ring), SINK's host reading and dispatching each one, the counter. Not measured: setup, IPL, the peer's start.
 * Allocation-free. At teardown it prints what was sent, received and dropped, and how often the window was full.
 * <p>
 * SMSG carries at most 236 ASCII bytes, so only 32 B is offered. Both the benchmark thread and SINK's host spin.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@OperationsPerInvocation(SmsgStreamBenchmark.BATCH)
public class SmsgStreamBenchmark extends CrossProcessFork
{
    /** Messages SINK must have received per invocation: the ops of one call. */
    static final int BATCH = 1024;
    /** Most accepted SMSGs in flight (about 72 B each in SINK's 1 MiB inbox). */
    static final int WINDOW = 4096;
    /** Most SMSGs sent between two looks at SINK's count and two host invocations. */
    static final int BURST = 64;
    private static final String SYSTEM = "BENCH";
    private static final MachineId SRC = MachineId.of("SRC");
    private static final long STALL_NS = TimeUnit.SECONDS.toNanos(10);

    /** Text length in bytes (SMSG: at most 236). */
    @Param({"32"})
    public int payload;

    private final List<Process> children = new ArrayList<>();
    private final Source source = new Source();
    private final Stall stall = new Stall(STALL_NS);
    private Path dir;
    private SystemClient client;
    private MappedCounter received;
    private String text;
    private long goal;
    private long sent;
    private long dropped;
    private long windowFull;

    /**
     * Start the Supervisor and the sink peer, attach this thread as SRC's host and IPL SRC.
     *
     * @throws Exception if any of it fails.
     */
    @Setup(Level.Trial)
    public void setUp() throws Exception
    {
        try
        {
            text = "x".repeat(payload);
            dir = ChildJvm.newDir("jmhx-smsg-");
            final Path counterFile = dir.resolve("sink.count");
            received = MappedCounter.create(counterFile);
            children.add(ChildJvm.start(SupervisorMain.class, "--base", dir.toString(), "--system", SYSTEM));
            client = InvokedHost.attach(dir, SYSTEM);
            children.add(ChildJvm.start(SmsgSinkPeer.class, dir.toString(), SYSTEM, counterFile.toString(),
                Long.toString(ProcessHandle.current().pid())));
            InvokedHost.awaitMachine(client, SmsgSinkPeer.SINK);
            client.ipl(SRC, source);
            if (null == source.ctx)
            {
                throw new IllegalStateException("SRC's onIpl did not run during IPL");
            }
            goal = received.get();
        }
        catch (final Exception | Error ex)
        {
            tearDown();
            throw ex;
        }
    }

    /**
     * Report the counts, shut the system down, stop the processes by their handles and remove the directory.
     */
    @TearDown(Level.Trial)
    public void tearDown()
    {
        if (null != received)
        {
            System.out.println("SMSG stream: sent " + sent + ", received by SINK " + received.get() +
                ", dropped (inbox full) " + dropped + ", window-full passes " + windowFull);
        }
        InvokedHost.shutdown(client, "SMSG stream");
        client = null;
        source.ctx = null;
        ChildJvm.stop(children, 5_000); // after SHUTDOWN the peer and the Supervisor end by themselves
        children.clear();
        if (null != received)
        {
            received.close();
            received = null;
        }
        ChildJvm.delete(dir);
        dir = null;
    }

    /**
     * Send until SINK has received {@link #BATCH} more SMSGs.
     *
     * @return SINK's count.
     */
    @Benchmark
    public long stream()
    {
        final long target = goal += BATCH;
        final MachineContext ctx = source.ctx;
        final SystemClient c = client;
        int spins = 0;
        while (true)
        {
            final long got = received.get();
            if (got >= target)
            {
                return got;
            }
            final long room = got + WINDOW - sent;
            final int n = (int)Math.min(BURST, room);
            for (int i = 0; i < n; i++)
            {
                final int r = ctx.trySendSmsg(SmsgSinkPeer.SINK, text);
                if (r == SendResult.OK)
                {
                    sent++;
                }
                else if (r == SendResult.DROPPED)
                {
                    dropped++;
                }
                else
                {
                    throw new IllegalStateException("SMSG to SINK refused: " + SendResult.describe(r));
                }
            }
            if (n <= 0)
            {
                windowFull++;
            }
            if (0 == c.invokeHost() && n <= 0)
            {
                Thread.onSpinWait();
            }
            if ((++spins & 0xFFF) == 0 && stall.stalled(got))
            {
                throw new IllegalStateException("SMSG stream stalled for 10 s: sent " + sent + ", received " + got +
                    ", dropped " + dropped);
            }
        }
    }

    /** SRC's handler: keeps its context; SRC receives nothing. */
    static final class Source implements MachineHandler
    {
        MachineContext ctx;

        /** {@inheritDoc} */
        public void onIpl(final MachineContext ctx)
        {
            this.ctx = ctx;
        }

        /** {@inheritDoc} */
        public void onSmsg(final MachineContext ctx, final MachineId from, final CharSequence text)
        {
        }
    }
}
