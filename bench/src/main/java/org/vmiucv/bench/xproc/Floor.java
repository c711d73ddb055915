package org.vmiucv.bench.xproc;

import java.io.File;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.MappedByteBuffer;
import java.nio.file.Path;

import org.HdrHistogram.Histogram;
import org.agrona.IoUtil;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The physical floor: two processes bounce a counter between two longs on separate cache lines (128 bytes apart,
 * so the adjacent-line prefetcher does not couple them) of a mapped file, busy spinning. No messaging system can
 * do a round trip faster than this on the machine, in the same moment.
 */
final class Floor implements Subject
{
    /** Where the harness writes. */
    static final int PING_OFFSET = 0;
    /** Where the peer answers. */
    static final int PONG_OFFSET = 128;

    private final Path file;
    private final MappedByteBuffer mapped;
    private final UnsafeBuffer lines;
    private final Process peer;
    private long seq;

    /**
     * @param dir where the file goes.
     * @throws IOException if it cannot be created.
     */
    Floor(final Path dir) throws IOException
    {
        file = dir.resolve("floor.lines");
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw"))
        {
            f.setLength(4096);
        }
        mapped = IoUtil.mapExistingFile(new File(file.toString()), "floor");
        lines = new UnsafeBuffer(mapped);
        peer = Spin.start(FloorPeer.class, file.toString());
    }

    /** {@inheritDoc} */
    public String name()
    {
        return "floor (cache-line ping-pong)";
    }

    /** {@inheritDoc} */
    public boolean pingPongs(final int payload)
    {
        return payload <= 64;
    }

    /** {@inheritDoc} */
    public Rtt roundTrips(final int n, final int payload)
    {
        final Histogram h = Subject.histogram();
        final long alloc0 = AllocationMeter.allocatedBytes();
        for (int i = 0; i < n; i++)
        {
            final long v = ++seq;
            final long t0 = System.nanoTime();
            lines.putLongRelease(PING_OFFSET, v);
            while (lines.getLongVolatile(PONG_OFFSET) != v)
            {
                Thread.onSpinWait();
            }
            h.recordValue(Math.min(System.nanoTime() - t0, MAX_LATENCY_NS));
        }
        return new Rtt(h, AllocationMeter.perOp(alloc0, n));
    }

    /** {@inheritDoc} */
    public void close()
    {
        lines.putLongRelease(PING_OFFSET, -1L);
        try
        {
            peer.waitFor(2, java.util.concurrent.TimeUnit.SECONDS);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
        Spin.kill(peer);
        IoUtil.unmap(mapped);
        file.toFile().delete();
    }
}
