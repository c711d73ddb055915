package org.vmiucv.bench.jmhx;

import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.agrona.BitUtil;
import org.agrona.IoUtil;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.ManyToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.OneToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RecordDescriptor;
import org.agrona.concurrent.ringbuffer.RingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;
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
 * One-way throughput of a raw Agrona ring across processes, the floor under {@link SmsgStreamBenchmark}: the
 * benchmark thread writes messages of 32 B, 1 KiB or 65,535 B into a {@code OneToOneRingBuffer} or
 * {@code ManyToOneRingBuffer} of {@link #CAPACITY} bytes in a file under {@code /dev/shm}; the
 * {@link RingStreamPeer} process busy-reads and counts them. One op is one message the peer has read.
 * <p>
 * <b>Design.</b> The peer publishes its count in a {@link MappedCounter} (its own cache line, in a file of its own)
 * after every read of up to {@link RingStreamPeer#READ_LIMIT} messages; the benchmark thread reads it instead of
 * waiting for an answer and keeps at most a window of messages in flight: as many as fill half the ring, at most
 * {@link #MAX_WINDOW}, so a write should never find the ring full. One invocation moves the goal on by
 * {@link #BATCH} and, until the peer's count has passed it, writes bursts of up to {@link #BURST} messages as the
 * window allows. Messages in flight when an invocation ends count towards the next one, so the reported rate is
 * that of messages the peer actually read, give or take one window at the ends of an iteration. Measured: the copy
 * into the ring, the peer's read (which zeroes the space it frees; it does not read the payload), the counter. Not
 * measured: setup, the peer's start. Allocation-free. At teardown it prints what was written and read, how often
 * the window was full and how often a write found the ring full.
 * <p>
 * 65,535 rather than 65,536 bytes so that the largest payload is the one IUCV can send. Both sides spin.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@OperationsPerInvocation(RawRingStreamBenchmark.BATCH)
public class RawRingStreamBenchmark extends CrossProcessFork
{
    /** Messages the peer must have read per invocation: the ops of one call. */
    static final int BATCH = 1024;
    /** Most messages in flight, whatever their size. */
    static final int MAX_WINDOW = 8192;
    /** Most messages written between two looks at the peer's count. */
    static final int BURST = 64;
    /** Capacity of the ring. */
    static final int CAPACITY = 1 << 22;
    private static final long STALL_NS = TimeUnit.SECONDS.toNanos(10);

    /** The ring kind: {@code o2o} (OneToOneRingBuffer) or {@code m2o} (ManyToOneRingBuffer). */
    @Param({"o2o", "m2o"})
    public String ring;

    /** Payload length in bytes: 32 B, 1 KiB, 65,535 B. */
    @Param({"32", "1024", "65535"})
    public int payload;

    private final List<Process> children = new ArrayList<>();
    private final Stall stall = new Stall(STALL_NS);
    private UnsafeBuffer msg;
    private Path dir;
    private MappedByteBuffer mapped;
    private RingBuffer buffer;
    private MappedCounter received;
    private int window;
    private long goal;
    private long sent;
    private long windowFull;
    private long ringFull;

    /**
     * Create the ring and counter files and start the peer.
     *
     * @throws Exception if any of it fails.
     */
    @Setup(Level.Trial)
    public void setUp() throws Exception
    {
        try
        {
            msg = new UnsafeBuffer(ByteBuffer.allocateDirect(payload));
            final int record = BitUtil.align(payload + RecordDescriptor.HEADER_LENGTH, RecordDescriptor.ALIGNMENT);
            window = Math.min(MAX_WINDOW, CAPACITY / 2 / record);
            dir = ChildJvm.newDir("jmhx-rawstream-");
            final Path file = dir.resolve("stream-" + ring + ".ring");
            try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw"))
            {
                f.setLength(CAPACITY + RingBufferDescriptor.TRAILER_LENGTH);
            }
            mapped = IoUtil.mapExistingFile(file.toFile(), "ring");
            final UnsafeBuffer all = new UnsafeBuffer(mapped);
            buffer = "m2o".equals(ring) ? new ManyToOneRingBuffer(all) : new OneToOneRingBuffer(all);
            final Path counterFile = dir.resolve("peer.count");
            received = MappedCounter.create(counterFile);
            children.add(ChildJvm.start(RingStreamPeer.class, file.toString(), ring, counterFile.toString(),
                Long.toString(ProcessHandle.current().pid())));
            goal = received.get();
        }
        catch (final Exception | Error ex)
        {
            tearDown();
            throw ex;
        }
    }

    /**
     * Report the counts, stop the peer (a STOP message, then its handle), unmap and remove the files.
     */
    @TearDown(Level.Trial)
    public void tearDown()
    {
        if (null != received)
        {
            System.out.println("raw " + ring + " stream of " + payload + " B: written " + sent + ", read by the peer " +
                received.get() + ", window " + window + ", window-full passes " + windowFull +
                ", ring-full writes " + ringFull);
        }
        if (null != buffer)
        {
            final long deadline = System.currentTimeMillis() + 1_000;
            while (!buffer.write(RingStreamPeer.STOP, msg, 0, 8) && System.currentTimeMillis() < deadline)
            {
                Thread.onSpinWait();
            }
            buffer = null;
        }
        ChildJvm.stop(children, 2_000);
        children.clear();
        if (null != received)
        {
            received.close();
            received = null;
        }
        if (null != mapped)
        {
            IoUtil.unmap(mapped);
            mapped = null;
        }
        ChildJvm.delete(dir);
        dir = null;
    }

    /**
     * Write until the peer has read {@link #BATCH} more messages.
     *
     * @return the peer's count.
     */
    @Benchmark
    public long stream()
    {
        final long target = goal += BATCH;
        final RingBuffer r = buffer;
        final int length = payload;
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
            for (int i = 0; i < n; i++)
            {
                if (!r.write(RingStreamPeer.DATA, msg, 0, length))
                {
                    ringFull++;
                    Thread.onSpinWait();
                    break;
                }
                sent++;
            }
            if ((++spins & 0xFFF) == 0 && stall.stalled(got))
            {
                throw new IllegalStateException("raw ring stream stalled for 10 s: written " + sent + ", read " + got);
            }
        }
    }
}
