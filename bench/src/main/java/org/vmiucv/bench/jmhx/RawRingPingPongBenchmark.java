package org.vmiucv.bench.jmhx;

import java.io.File;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.agrona.IoUtil;
import org.agrona.concurrent.MessageHandler;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.ManyToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.OneToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;
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
import org.vmiucv.bench.xproc.RawRingPeer;

/**
 * The floor under {@link IucvPingPongBenchmark}: one echo of 32 B, 1 KiB or 65,535 B over two raw Agrona rings
 * ({@code OneToOneRingBuffer} or {@code ManyToOneRingBuffer}) in a file under {@code /dev/shm}, served by the
 * {@link RawRingPeer} process (the layout and message types of {@code org.vmiucv.bench.xproc.RawRings}). The
 * benchmark thread writes an ECHO message to the ping ring and busy-reads the pong ring until it is back: one
 * round trip per call, including the copy into the ring on each side (the peer copies the message back), no
 * framing, no dispatch, no hand-off to another thread, allocation-free. 65,535 rather than 65,536 so that the
 * largest payload is the one {@link IucvPingPongBenchmark} can send.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class RawRingPingPongBenchmark extends CrossProcessFork
{
    /** Message type of {@code RawRings.ECHO}: echo me. */
    static final int ECHO = 1;
    /** Message type of {@code RawRings.STOP}: stop the peer. */
    static final int STOP = 4;
    private static final int CAPACITY = 1 << 20;
    private static final long STALL_NS = TimeUnit.SECONDS.toNanos(10);

    /** The ring kind: {@code o2o} (OneToOneRingBuffer) or {@code m2o} (ManyToOneRingBuffer). */
    @Param({"o2o", "m2o"})
    public String ring;

    /** Payload length in bytes: 32 B, 1 KiB, 65,535 B (as IUCV's "64 KiB"). */
    @Param({"32", "1024", "65535"})
    public int payload;

    private final List<Process> children = new ArrayList<>();
    private UnsafeBuffer msg;
    private final long[] got = new long[1];
    private final MessageHandler counter = (type, buffer, index, length) -> got[0]++;
    private Path dir;
    private MappedByteBuffer mapped;
    private RingBuffer ping;
    private RingBuffer pong;

    /**
     * Create the ring file, start the peer, and run a first round trip.
     *
     * @throws Exception if any of it fails.
     */
    @Setup(Level.Trial)
    public void setUp() throws Exception
    {
        try
        {
            msg = new UnsafeBuffer(ByteBuffer.allocateDirect(payload));
            dir = ChildJvm.newDir("jmhx-raw-");
            final Path file = dir.resolve("raw-" + ring + ".rings");
            final int length = CAPACITY + RingBufferDescriptor.TRAILER_LENGTH;
            try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw"))
            {
                f.setLength(2L * length);
            }
            mapped = IoUtil.mapExistingFile(new File(file.toString()), "rings");
            final UnsafeBuffer all = new UnsafeBuffer(mapped);
            final UnsafeBuffer first = new UnsafeBuffer(all, 0, length);
            final UnsafeBuffer second = new UnsafeBuffer(all, length, length);
            final boolean m2o = "m2o".equals(ring);
            ping = m2o ? new ManyToOneRingBuffer(first) : new OneToOneRingBuffer(first);
            pong = m2o ? new ManyToOneRingBuffer(second) : new OneToOneRingBuffer(second);
            children.add(ChildJvm.start(RawRingPeer.class, file.toString(), ring, Integer.toString(CAPACITY)));
            roundTrip();
        }
        catch (final Exception | Error ex)
        {
            tearDown();
            throw ex;
        }
    }

    /**
     * Stop the peer (a STOP message, then its handle), unmap and remove the file.
     */
    @TearDown(Level.Trial)
    public void tearDown()
    {
        if (null != ping)
        {
            ping.write(STOP, msg, 0, 8);
            ping = null;
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
     * One echo of {@link #payload} bytes through the peer process.
     *
     * @return the messages read (1).
     */
    @Benchmark
    public long roundTrip()
    {
        while (!ping.write(ECHO, msg, 0, payload))
        {
            Thread.onSpinWait();
        }
        got[0] = 0;
        long spins = 0;
        long stallStart = 0;
        while (got[0] == 0)
        {
            if (pong.read(counter, 1) == 0 && (++spins & 0xF_FFFF) == 0)
            {
                final long now = System.nanoTime();
                if (0 == stallStart)
                {
                    stallStart = now;
                }
                else if (now - stallStart > STALL_NS)
                {
                    throw new IllegalStateException("raw ring echo stalled");
                }
            }
        }
        return got[0];
    }
}
