package org.vmiucv.bench.jmhx;

import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.LongUnaryOperator;

import org.agrona.concurrent.AgentTerminationException;
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

/**
 * An Aeron IPC round trip (aeron-all 1.51.0), the peer to beat, as a JMH sample: the ping runs in this JVM, the
 * media driver and the pong ({@code org.vmiucv.bench.aeron.AeronPong}) each in a JVM of their own with only the
 * Aeron jars on the class path (see {@link AeronLib}).
 * <p>
 * <b>Class loaders.</b> aeron-all bundles Agrona 2.4.1 while this JVM's class path has our Agrona 2.6.0, so the
 * ping ({@code org.vmiucv.bench.aeron.AeronPing}) is loaded by a {@link URLClassLoader} of aeron-all and the peers
 * jar whose parent is the platform class loader: neither Agrona sees the other. The benchmark holds the ping only
 * as JDK types ({@link LongUnaryOperator} for a round trip, {@link LongSupplier} for its echo count,
 * {@link AutoCloseable}). Setup checks that {@code io.aeron} is not on this JVM's class path and that this JVM's
 * {@code org.agrona} is ours (it has {@code AgentTerminationException.isExpected()}, absent in 2.4.1) while the
 * ping's is aeron-all's; teardown checks that the pong echoed exactly as many messages as the benchmark made
 * round trips, and prints both facts.
 * <p>
 * <b>One op</b>: {@code applyAsLong(sequence)}: one {@code offer} of {@link #payload} bytes on an exclusive
 * {@code aeron:ipc} publication, then {@code poll} of the pong's stream until the echo is back (64 KiB is
 * fragmented and reassembled on both sides). Measured: both log-buffer writes and reads, two cross-core
 * hand-offs, and one interface call across the loader boundary (inlined by the JIT, as the call site is
 * monomorphic). Nothing allocates per op. IPC data never passes through the driver.
 * <p>
 * <b>Caveats on 2 CPUs</b>: ping and pong need a core each; the driver (SHARED, backoff idle) and the Aeron client
 * conductor threads of this JVM and of the pong (which sleep between duty cycles) wake up regularly and then
 * preempt one of them, which shows in the tail. The pong backs off (parks up to 1 ms) after 100,000 idle polls,
 * so each iteration starts by waking it. The log buffers are pre-touched (64 MiB IPC terms), so setup takes a few
 * seconds and some hundred MiB of {@code /dev/shm}, removed at teardown.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class AeronIpcPingPongBenchmark extends CrossProcessFork
{
    private static final String PING = "org.vmiucv.bench.aeron.AeronPing";
    private static final String PONG = "org.vmiucv.bench.aeron.AeronPong";
    private static final long START_TIMEOUT_MS = 30_000;

    /** Payload length in bytes (16 or more: kind and sequence). */
    @Param({"32", "1024", "65536"})
    public int payload;

    private Path dir;
    private Process driver;
    private Process pong;
    private URLClassLoader loader;
    private LongUnaryOperator ping;
    private long seq;

    /**
     * Check the class path, start the media driver and the pong, load and connect the ping in its own class
     * loader, and run a first round trip.
     *
     * @throws Exception if any of it fails.
     */
    @Setup(Level.Trial)
    public void setUp() throws Exception
    {
        try
        {
            final String agrona = checkClassPath();
            final AeronLib lib = AeronLib.find();
            dir = ChildJvm.newDir("jmhx-aeron-");
            final Path aeronDir = dir.resolve("aeron");
            driver = lib.startDriver(aeronDir, START_TIMEOUT_MS);
            pong = lib.builder(aeronDir, PONG).start(); // stdout: its count, read at teardown
            pong.getOutputStream().close();
            loader = lib.newIsolatedLoader();
            final Object p = loader.loadClass(PING).getConstructor(String.class, int.class, long.class)
                .newInstance(aeronDir.toString(), payload, START_TIMEOUT_MS);
            ping = (LongUnaryOperator)p;
            final Class<?> theirs = loader.loadClass("org.agrona.DirectBuffer");
            if (theirs == org.agrona.DirectBuffer.class || p.getClass().getClassLoader() != loader)
            {
                throw new IllegalStateException("the Aeron ping shares its Agrona with the benchmark");
            }
            System.out.println("Aeron IPC ping-pong: fork org.agrona is " + agrona + "; the ping's org.agrona is " +
                "from " + location(theirs) + " (loader " + theirs.getClassLoader().getName() + ", " +
                (hasIsExpected(loader.loadClass(AgentTerminationException.class.getName())) ? "has" : "no") +
                " isExpected())");
            roundTrip();
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
     * Stop the ping (it tells the pong to stop), stop the pong and the driver by their handles, remove the
     * directory, then check that the pong echoed every round trip.
     *
     * @throws IOException if the class loader cannot be closed.
     */
    @TearDown(Level.Trial)
    public void tearDown() throws IOException
    {
        long received = -1;
        String report = "";
        try
        {
            if (null != ping)
            {
                received = ((LongSupplier)ping).getAsLong();
                ((AutoCloseable)ping).close();
            }
            report = pongReport();
        }
        catch (final Exception ex)
        {
            throw new IllegalStateException("stopping the Aeron ping failed", ex);
        }
        finally
        {
            ping = null;
            ChildJvm.stop(Arrays.asList(pong, driver), 0);
            pong = null;
            driver = null;
            if (null != loader)
            {
                loader.close();
                loader = null;
            }
            ChildJvm.delete(dir);
            dir = null;
        }
        if (received >= 0)
        {
            checkCounts(received, report);
        }
    }

    /**
     * @return the pong's last words once it has ended (bounded wait), before its handle closes its streams.
     */
    private String pongReport() throws IOException, InterruptedException
    {
        if (null == pong || !pong.waitFor(5, TimeUnit.SECONDS))
        {
            return "(the pong did not end)";
        }
        return new String(pong.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
    }

    /**
     * One Aeron IPC round trip of {@link #payload} bytes through the pong process.
     *
     * @return the sequence echoed.
     */
    @Benchmark
    public long roundTrip()
    {
        final long s = ++seq;
        final long echo = ping.applyAsLong(s);
        if (echo != s)
        {
            throw new IllegalStateException("Aeron round trip " + s + " came back as " + echo);
        }
        return echo;
    }

    private void checkCounts(final long received, final String report)
    {
        final String expected = "echoed " + seq;
        System.out.println("Aeron IPC ping-pong: " + seq + " round trips, the ping received " + received +
            " echoes, the pong reported '" + report + "'");
        if (received != seq || !expected.equals(report))
        {
            throw new IllegalStateException("Aeron IPC ping-pong: expected '" + expected + "' and " + seq +
                " echoes, got '" + report + "' and " + received);
        }
    }

    /**
     * @return what this JVM's Agrona is.
     * @throws IllegalStateException if io.aeron is on this JVM's class path or its Agrona is too old.
     */
    static String checkClassPath()
    {
        try
        {
            Class.forName("io.aeron.Aeron", false, AeronIpcPingPongBenchmark.class.getClassLoader());
            throw new IllegalStateException("io.aeron is on the benchmark's class path: it must stay in target/aeron");
        }
        catch (final ClassNotFoundException expected)
        {
            // as it should be
        }
        if (!hasIsExpected(AgentTerminationException.class))
        {
            throw new IllegalStateException("the benchmark's org.agrona is older than ours (no " +
                "AgentTerminationException.isExpected()): from " + location(AgentTerminationException.class));
        }
        return "ours (has AgentTerminationException.isExpected(), absent in 2.4.1), from " +
            location(AgentTerminationException.class);
    }

    private static boolean hasIsExpected(final Class<?> agentTerminationException)
    {
        try
        {
            agentTerminationException.getMethod("isExpected");
            return true;
        }
        catch (final NoSuchMethodException ex)
        {
            return false;
        }
    }

    private static String location(final Class<?> c)
    {
        try
        {
            return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).getFileName().toString();
        }
        catch (final URISyntaxException | RuntimeException ex)
        {
            return "?";
        }
    }
}
