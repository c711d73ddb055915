package org.vmiucv.bench.jmhx;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.bytes.BytesStore;
import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.queue.rollcycles.TestRollCycles;
import net.openhft.chronicle.wire.DocumentContext;
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
import org.vmiucv.bench.xproc.ChroniclePeer;

/**
 * A Chronicle Queue round trip between this JVM and a {@link ChroniclePeer} process on {@code /dev/shm}, as a JMH
 * sample: this JVM appends to queue {@code ping} and tails queue {@code pong}; the peer tails {@code ping} and
 * appends each excerpt to {@code pong}.
 * <p>
 * <b>One op</b>: append one excerpt of {@link #payload} bytes (one {@code writingDocument}) starting with a
 * sequence, then poll {@code readingDocument} until the peer's copy is there, and check its sequence. Measured:
 * two appends and two tails of a persisted, indexed, replayable log (header CAS, index update, copy) plus two
 * cross-core hand-offs; it does more per message than a ring and is shown for reference. Between rolls the loop
 * allocates nothing. The roll cycle ({@code TEST_SECONDLY}, an index entry every 4 excerpts) differs from the
 * standalone suite's default daily one, so the two figures need not agree.
 * <p>
 * <b>Files</b>: an op stores the payload twice, so a long 64 KiB run would fill {@code /dev/shm} (memory). The
 * queues therefore roll every second ({@code TEST_SECONDLY}; the peer, opening existing queues, adopts the roll
 * cycle stored in their metadata) and this JVM deletes each cycle file as soon as its own appender or tailer has
 * released it, by then the peer is past it too (strict ping-pong). A roll, once a second per queue, lands inside
 * one op (a new mapped file, a deletion, some 9 KiB of garbage from Chronicle): expect it in the top percentiles,
 * and in {@code -prof gc} as B/op that shrink with the number of ops per second (the smoke check saw 0 B over
 * 100,000 ops at 32 B, ~100 B/op at 64 KiB when a loaded machine made ops take milliseconds). A daily roll cycle
 * would avoid that but let a long 64 KiB run fill {@code /dev/shm}. Teardown sends the peer an excerpt of length 1
 * (it ends), stops it by its handle, closes the queues and removes their directory.
 * <p>
 * <b>Caveats on 2 CPUs</b>: both sides busy-poll their tailers and need a core each; the peer backs off (parks up
 * to 1 ms) after 100,000 idle polls, so each iteration starts by waking it.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ChronicleQueuePingPongBenchmark extends CrossProcessFork
{
    private static final long START_TIMEOUT_NS = TimeUnit.SECONDS.toNanos(30);
    private static final long STALL_NS = TimeUnit.SECONDS.toNanos(10);

    /** Payload length in bytes, 8 or more (the sequence); an excerpt of length 1 stops the peer. */
    @Param({"32", "1024", "65536"})
    public int payload;

    private final List<Process> children = new ArrayList<>();
    private Path dir;
    private ChronicleQueue ping;
    private ChronicleQueue pong;
    private ExcerptAppender out;
    private ExcerptTailer in;
    private Bytes<?> msg;
    private long seq;
    private long rolledFiles;

    /**
     * Create both queues, start the peer and run a first round trip (bounded: the peer JVM must start).
     *
     * @throws Exception if any of it fails.
     */
    @Setup(Level.Trial)
    public void setUp() throws Exception
    {
        try
        {
            if (payload < Long.BYTES)
            {
                throw new IllegalArgumentException("payload must be 8 or more (the sequence), not " + payload);
            }
            msg = Bytes.allocateElasticDirect(payload);
            for (int i = 0; i < payload; i++)
            {
                msg.writeByte((byte)'x');
            }
            dir = ChildJvm.newDir("jmhx-chronicle-");
            ping = open(dir.resolve("ping"));
            pong = open(dir.resolve("pong"));
            out = ping.createAppender();
            in = pong.createTailer();
            children.add(ChildJvm.start(ChroniclePeer.class, dir.toString()));
            write(payload, ++seq);
            final long deadline = System.nanoTime() + START_TIMEOUT_NS;
            while (readOne() < 0)
            {
                if (System.nanoTime() > deadline || !children.get(0).isAlive())
                {
                    throw new IllegalStateException("the Chronicle peer did not answer within 30 s" +
                        (children.get(0).isAlive() ? "" : " (it exited with " + children.get(0).exitValue() + ")"));
                }
                Thread.sleep(1);
            }
        }
        catch (final Exception | Error ex)
        {
            tearDown();
            throw ex;
        }
    }

    /**
     * Stop the peer (an excerpt of length 1, then its handle), close the queues and remove their directory.
     */
    @TearDown(Level.Trial)
    public void tearDown()
    {
        try
        {
            if (null != out)
            {
                write(1, 0);
            }
        }
        catch (final RuntimeException ex)
        {
            System.err.println("Chronicle ping-pong: cannot stop the peer: " + ex);
        }
        ChildJvm.stop(children, 5_000);
        children.clear();
        closeQuietly(in);
        closeQuietly(out);
        closeQuietly(ping);
        closeQuietly(pong);
        in = null;
        out = null;
        ping = null;
        pong = null;
        if (null != msg)
        {
            msg.releaseLast();
            msg = null;
        }
        if (rolledFiles > 0)
        {
            System.out.println("Chronicle ping-pong: " + rolledFiles + " rolled cycle files deleted on the way");
        }
        ChildJvm.delete(dir);
        dir = null;
    }

    /**
     * One round trip of {@link #payload} bytes through the peer process.
     *
     * @return the sequence echoed.
     */
    @Benchmark
    public long roundTrip()
    {
        final long s = ++seq;
        write(payload, s);
        long spins = 0;
        long stallStart = 0;
        long echo;
        while ((echo = readOne()) < 0)
        {
            Thread.onSpinWait();
            if ((++spins & 0xF_FFFF) == 0)
            {
                final long now = System.nanoTime();
                if (0 == stallStart)
                {
                    stallStart = now;
                }
                else if (now - stallStart > STALL_NS)
                {
                    throw new IllegalStateException("Chronicle round trip stalled" +
                        (children.get(0).isAlive() ? "" : ": the peer is gone"));
                }
            }
        }
        if (echo != s)
        {
            throw new IllegalStateException("Chronicle round trip " + s + " came back as " + echo);
        }
        return echo;
    }

    private ChronicleQueue open(final Path path)
    {
        return SingleChronicleQueueBuilder.single(path.toFile())
            .rollCycle(TestRollCycles.TEST_SECONDLY)
            .storeFileListener(this::onReleased)
            .build();
    }

    private void onReleased(final int cycle, final File file)
    {
        if (file.delete())
        {
            rolledFiles++;
        }
    }

    private void write(final int length, final long sequence)
    {
        msg.writeLong(0L, sequence);
        try (DocumentContext dc = out.writingDocument())
        {
            dc.wire().bytes().write((BytesStore<?, ?>)msg, 0L, (long)length);
        }
    }

    /**
     * @return the sequence of the next echo, or -1 if there is none yet.
     */
    private long readOne()
    {
        try (DocumentContext dc = in.readingDocument())
        {
            if (!dc.isPresent())
            {
                return -1L;
            }
            final Bytes<?> b = dc.wire().bytes();
            return b.readLong(b.readPosition());
        }
    }

    private static void closeQuietly(final AutoCloseable c)
    {
        try
        {
            if (null != c)
            {
                c.close();
            }
        }
        catch (final Exception ex)
        {
            System.err.println("Chronicle ping-pong: close: " + ex);
        }
    }
}
