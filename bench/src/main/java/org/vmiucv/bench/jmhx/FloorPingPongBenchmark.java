package org.vmiucv.bench.jmhx;

import java.io.File;
import java.io.RandomAccessFile;
import java.nio.MappedByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.agrona.IoUtil;
import org.agrona.concurrent.UnsafeBuffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.vmiucv.bench.xproc.FloorPeer;

/**
 * The physical floor of every cross-process round trip, as a JMH sample: this JVM and a {@link FloorPeer} process
 * bounce a counter between two longs of a mapped file under {@code /dev/shm}, 128 bytes apart (two cache lines, so
 * the adjacent-line prefetcher does not couple them), both busy spinning.
 * <p>
 * <b>One op</b>: store-release the next sequence on the ping line, spin until the peer has copied it to the pong
 * line: two cache-line transfers between cores and nothing else; no payload (one line). No messaging system on the
 * same machine at the same moment can do a round trip faster, which makes it the reference for the other
 * benchmarks of this package. The loop allocates nothing.
 * <p>
 * <b>Caveats on 2 CPUs</b>: the benchmark thread and the peer each need a whole core; any other runnable thread
 * (JMH's own, a GC, another process) preempts one of them and the round trip jumps from tens of nanoseconds to a
 * scheduler slice. The peer backs off (parks up to 1 ms) after 100,000 idle polls, so the first ops of each
 * iteration may also see it wake up; look at the percentiles, not the mean.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class FloorPingPongBenchmark extends CrossProcessFork
{
    /** Where this JVM writes: {@code Floor.PING_OFFSET} of the suite, which {@link FloorPeer} reads. */
    static final int PING_OFFSET = 0;
    /** Where the peer answers: {@code Floor.PONG_OFFSET} of the suite. */
    static final int PONG_OFFSET = 128;
    /** The value that makes {@link FloorPeer} end. */
    static final long STOP = -1L;
    private static final long STALL_NS = TimeUnit.SECONDS.toNanos(10);

    private final List<Process> children = new ArrayList<>();
    private Path dir;
    private MappedByteBuffer mapped;
    private UnsafeBuffer lines;
    private long seq;

    /**
     * Create the file, start the peer and run a first round trip (which waits for the peer to map the file).
     *
     * @throws Exception if any of it fails.
     */
    @Setup(Level.Trial)
    public void setUp() throws Exception
    {
        try
        {
            dir = ChildJvm.newDir("jmhx-floor-");
            final Path file = dir.resolve("floor.lines");
            try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw"))
            {
                f.setLength(4096);
            }
            mapped = IoUtil.mapExistingFile(new File(file.toString()), "floor");
            lines = new UnsafeBuffer(mapped);
            children.add(ChildJvm.start(FloorPeer.class, file.toString()));
            roundTrip();
        }
        catch (final Exception | Error ex)
        {
            tearDown();
            throw ex;
        }
    }

    /**
     * Tell the peer to end, stop it by its handle, unmap and remove the file.
     */
    @TearDown(Level.Trial)
    public void tearDown()
    {
        if (null != lines)
        {
            lines.putLongRelease(PING_OFFSET, STOP);
            lines = null;
        }
        ChildJvm.stop(children, 2_000);
        children.clear();
        if (null != mapped)
        {
            IoUtil.unmap(mapped);
            mapped = null;
        }
        ChildJvm.delete(dir);
        dir = null;
    }

    /**
     * One cache-line round trip through the peer process.
     *
     * @return the sequence the peer echoed.
     */
    @Benchmark
    public long roundTrip()
    {
        final UnsafeBuffer l = lines;
        final long s = ++seq;
        l.putLongRelease(PING_OFFSET, s);
        long spins = 0;
        long stallStart = 0;
        while (l.getLongVolatile(PONG_OFFSET) != s)
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
                    throw new IllegalStateException("floor round trip " + s + " stalled: the peer answered " +
                        l.getLongVolatile(PONG_OFFSET) + (children.get(0).isAlive() ? "" : ", the peer is gone"));
                }
            }
        }
        return s;
    }
}
