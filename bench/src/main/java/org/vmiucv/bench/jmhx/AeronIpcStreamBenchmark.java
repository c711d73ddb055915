package org.vmiucv.bench.jmhx;

import java.io.IOException;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.function.IntUnaryOperator;
import java.util.function.LongSupplier;

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

/**
 * One-way Aeron IPC throughput across processes (aeron-all 1.51.0), the peer of {@link RawRingStreamBenchmark}
 * and {@link SmsgStreamBenchmark}: the publisher ({@code org.vmiucv.bench.aeron.AeronSource}) runs in this JVM
 * and offers messages of 32 B, 1 KiB or 65,535 B on an exclusive {@code aeron:ipc} publication; the consumer
 * ({@code org.vmiucv.bench.aeron.AeronSink}) and the media driver each run in a JVM of their own with only the
 * Aeron jars on the class path (see {@link AeronLib}; same driver settings as {@link AeronIpcPingPongBenchmark}:
 * SHARED threading with backoff, pre-touched 64 MiB IPC terms). One op is one message the sink has received.
 * <p>
 * <b>Class loaders.</b> As in {@link AeronIpcPingPongBenchmark}: the source is loaded by a class loader of
 * aeron-all and the peers jar whose parent is the platform loader, and held only as JDK types
 * ({@link IntUnaryOperator}: offer up to n messages, returns how many were accepted; {@link LongSupplier}: its
 * back-pressure count; {@link AutoCloseable}). Setup checks that {@code io.aeron} is not on this JVM's class path
 * and that the source's Agrona is not ours.
 * <p>
 * <b>Design.</b> The sink publishes its count after every poll that found messages in a {@link MappedCounter}
 * file (it writes the same layout with plain {@code java.nio}); the benchmark thread reads it instead of waiting
 * for an answer and keeps at most a window of messages in flight: as many as fill {@link #WINDOW_BYTES}, at most
 * {@link #MAX_WINDOW}, inside the publication's term window; offers still meet back pressure at times (the
 * driver moves an IPC publication's limit on in its duty cycle, and the backoff driver parks), counted and printed
 * at teardown. One invocation moves the goal on by {@link #BATCH} and, until the sink's count has passed it, offers
 * bursts of up to {@link #BURST} as the window allows. Messages in flight when an invocation ends count towards
 * the next one, so the reported rate is that of messages the sink actually received, give or take one window at
 * the ends of an iteration. Measured: the copy into the log buffer (65,535 B is fragmented), the sink's poll and
 * reassembly, the counter, one interface call per burst across the loader boundary. Not measured: setup, the
 * peers' start. Nothing allocates per op. Teardown waits (bounded) until the sink has received every message,
 * prints the counts and checks that sent equals received.
 * <p>
 * Both the benchmark thread and the sink spin; the driver and the Aeron client conductors wake up now and then
 * (2 CPUs).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@OperationsPerInvocation(AeronIpcStreamBenchmark.BATCH)
public class AeronIpcStreamBenchmark extends CrossProcessFork
{
    /** Messages the sink must have received per invocation: the ops of one call. */
    static final int BATCH = 1024;
    /** Most messages in flight, whatever their size. */
    static final int MAX_WINDOW = 8192;
    /** Most payload bytes in flight: a quarter of the IPC publication's term window. */
    static final int WINDOW_BYTES = 8 << 20;
    /** Most messages offered between two looks at the sink's count. */
    static final int BURST = 64;
    private static final String SOURCE = "org.vmiucv.bench.aeron.AeronSource";
    private static final String SINK = "org.vmiucv.bench.aeron.AeronSink";
    private static final long START_TIMEOUT_MS = 30_000;
    private static final long STALL_NS = TimeUnit.SECONDS.toNanos(10);

    /** Payload length in bytes: 32 B, 1 KiB, 65,535 B. */
    @Param({"32", "1024", "65535"})
    public int payload;

    private final Stall stall = new Stall(STALL_NS);
    private Path dir;
    private Process driver;
    private Process sink;
    private URLClassLoader loader;
    private IntUnaryOperator source;
    private MappedCounter received;
    private int window;
    private long goal;
    private long sent;
    private long windowFull;

    /**
     * Check the class path, start the media driver and the sink, load and connect the source in its own class
     * loader.
     *
     * @throws Exception if any of it fails.
     */
    @Setup(Level.Trial)
    public void setUp() throws Exception
    {
        try
        {
            final String agrona = AeronIpcPingPongBenchmark.checkClassPath();
            final AeronLib lib = AeronLib.find();
            window = Math.min(MAX_WINDOW, WINDOW_BYTES / payload);
            dir = ChildJvm.newDir("jmhx-aeronstream-");
            final Path aeronDir = dir.resolve("aeron");
            final Path counterFile = dir.resolve("sink.count");
            received = MappedCounter.create(counterFile);
            driver = lib.startDriver(aeronDir, START_TIMEOUT_MS);
            final ProcessBuilder sinkCmd = lib.builder(aeronDir, SINK);
            sinkCmd.command().addAll(Arrays.asList(counterFile.toString(),
                Long.toString(ProcessHandle.current().pid())));
            sink = sinkCmd.redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            sink.getOutputStream().close();
            loader = lib.newIsolatedLoader();
            final Object s = loader.loadClass(SOURCE).getConstructor(String.class, int.class, long.class)
                .newInstance(aeronDir.toString(), payload, START_TIMEOUT_MS);
            source = (IntUnaryOperator)s;
            if (loader.loadClass("org.agrona.DirectBuffer") == org.agrona.DirectBuffer.class ||
                s.getClass().getClassLoader() != loader)
            {
                throw new IllegalStateException("the Aeron source shares its Agrona with the benchmark");
            }
            System.out.println("Aeron IPC stream: fork org.agrona is " + agrona + "; the source's is aeron-all's");
            goal = received.get();
        }
        catch (final Exception | Error ex)
        {
            try
            {
                tearDown();
            }
            catch (final Exception | Error inTearDown)
            {
                ex.addSuppressed(inTearDown);
            }
            throw ex;
        }
    }

    /**
     * Wait (bounded) until the sink has received every message, stop the source (it tells the sink to stop), stop
     * the sink and the driver by their handles, remove the directory, then check that sent equals received.
     *
     * @throws IOException if the class loader cannot be closed.
     */
    @TearDown(Level.Trial)
    public void tearDown() throws IOException
    {
        long got = -1;
        long backPressured = -1;
        try
        {
            if (null != source && null != received)
            {
                final long deadline = System.currentTimeMillis() + 5_000;
                while ((got = received.get()) < sent && System.currentTimeMillis() < deadline)
                {
                    Thread.onSpinWait();
                }
                backPressured = ((LongSupplier)source).getAsLong();
                System.out.println("Aeron IPC stream of " + payload + " B: sent " + sent + ", received by the sink " +
                    got + ", window " + window + ", window-full passes " + windowFull + ", back-pressured offers " +
                    backPressured);
            }
            if (null != source)
            {
                ((AutoCloseable)source).close();
            }
        }
        catch (final Exception ex)
        {
            throw new IllegalStateException("stopping the Aeron source failed", ex);
        }
        finally
        {
            source = null;
            ChildJvm.stop(Arrays.asList(sink, driver), 2_000);
            sink = null;
            driver = null;
            if (null != loader)
            {
                loader.close();
                loader = null;
            }
            if (null != received)
            {
                received.close();
                received = null;
            }
            ChildJvm.delete(dir);
            dir = null;
        }
        if (got >= 0 && got != sent)
        {
            throw new IllegalStateException("Aeron IPC stream: sent " + sent + " but the sink received " + got);
        }
    }

    /**
     * Offer until the sink has received {@link #BATCH} more messages.
     *
     * @return the sink's count.
     */
    @Benchmark
    public long stream()
    {
        final long target = goal += BATCH;
        final IntUnaryOperator s = source;
        int spins = 0;
        while (true)
        {
            final long got = received.get();
            if (got >= target)
            {
                return got;
            }
            final int n = (int)Math.min(BURST, got + window - sent);
            if (n <= 0)
            {
                windowFull++;
                Thread.onSpinWait();
            }
            else
            {
                final int accepted = s.applyAsInt(n);
                sent += accepted;
                if (accepted < n)
                {
                    Thread.onSpinWait();
                }
            }
            if ((++spins & 0xFFF) == 0 && stall.stalled(got))
            {
                throw new IllegalStateException("Aeron IPC stream stalled for 10 s: sent " + sent + ", received " + got);
            }
        }
    }
}
