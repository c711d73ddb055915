package org.vmiucv.bench.xproc;

import java.io.File;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.MappedByteBuffer;
import java.nio.file.Path;

import org.HdrHistogram.Histogram;
import org.agrona.IoUtil;
import org.agrona.concurrent.MessageHandler;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.ManyToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.OneToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;

/**
 * The raw Agrona ring peer: two rings in one mapped file, ping (harness to {@link RawRingPeer}) then pong (back),
 * either {@code OneToOneRingBuffer} or {@code ManyToOneRingBuffer}. No framing, no dispatch: the baseline our shm
 * transport is built on.
 */
final class RawRings implements Subject
{
    /** Message type: echo me. */
    static final int ECHO = 1;
    /** Message type: count me. */
    static final int DATA = 2;
    /** Message type: end of a stream, echo me. */
    static final int END = 3;
    /** Message type: stop the peer. */
    static final int STOP = 4;

    private static final int CAPACITY = 1 << 20;

    private final boolean manyToOne;
    private final Path file;
    private final MappedByteBuffer mapped;
    private final RingBuffer ping;
    private final RingBuffer pong;
    private final Process peer;
    private final UnsafeBuffer msg = new UnsafeBuffer(new byte[64 * 1024]);
    private final int[] got = new int[1];
    private final MessageHandler counter = (type, buffer, index, length) -> got[0]++;

    /**
     * @param dir       where the ring file goes.
     * @param manyToOne ManyToOneRingBuffer rather than OneToOneRingBuffer.
     * @throws IOException if the file or the peer cannot be created.
     */
    RawRings(final Path dir, final boolean manyToOne) throws IOException
    {
        this.manyToOne = manyToOne;
        file = dir.resolve(manyToOne ? "raw-m2o.rings" : "raw-o2o.rings");
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw"))
        {
            f.setLength(2L * (CAPACITY + RingBufferDescriptor.TRAILER_LENGTH));
        }
        mapped = IoUtil.mapExistingFile(new File(file.toString()), "rings");
        final RingBuffer[] rings = wrap(mapped, manyToOne, CAPACITY);
        ping = rings[0];
        pong = rings[1];
        peer = Spin.start(RawRingPeer.class, file.toString(), manyToOne ? "m2o" : "o2o", Integer.toString(CAPACITY));
    }

    /**
     * @param mapped    the file of both rings.
     * @param manyToOne which kind of ring.
     * @param capacity  the capacity of each ring.
     * @return {ping, pong}.
     */
    static RingBuffer[] wrap(final MappedByteBuffer mapped, final boolean manyToOne, final int capacity)
    {
        final UnsafeBuffer all = new UnsafeBuffer(mapped);
        final int length = capacity + RingBufferDescriptor.TRAILER_LENGTH;
        final UnsafeBuffer first = new UnsafeBuffer(all, 0, length);
        final UnsafeBuffer second = new UnsafeBuffer(all, length, length);
        return manyToOne ?
            new RingBuffer[] {new ManyToOneRingBuffer(first), new ManyToOneRingBuffer(second)} :
            new RingBuffer[] {new OneToOneRingBuffer(first), new OneToOneRingBuffer(second)};
    }

    /** {@inheritDoc} */
    public String name()
    {
        return manyToOne ? "raw Agrona ManyToOneRingBuffer" : "raw Agrona OneToOneRingBuffer";
    }

    /** {@inheritDoc} */
    public boolean pingPongs(final int payload)
    {
        return true;
    }

    /** {@inheritDoc} */
    public boolean streams(final int payload)
    {
        return true;
    }

    /** {@inheritDoc} */
    public Rtt roundTrips(final int n, final int payload)
    {
        final Histogram h = Subject.histogram();
        final long alloc0 = AllocationMeter.allocatedBytes();
        for (int i = 0; i < n; i++)
        {
            final long t0 = System.nanoTime();
            send(ECHO, payload);
            awaitReply();
            h.recordValue(Math.min(System.nanoTime() - t0, MAX_LATENCY_NS));
        }
        return new Rtt(h, AllocationMeter.perOp(alloc0, n));
    }

    /** {@inheritDoc} */
    public Rate stream(final int n, final int payload)
    {
        final long alloc0 = AllocationMeter.allocatedBytes();
        final long t0 = System.nanoTime();
        for (int i = 0; i < n; i++)
        {
            send(DATA, payload);
        }
        send(END, payload);
        awaitReply();
        final double rate = n * 1e9 / (System.nanoTime() - t0);
        return new Rate(rate, AllocationMeter.perOp(alloc0, n));
    }

    private void send(final int type, final int payload)
    {
        while (!ping.write(type, msg, 0, payload))
        {
            Thread.onSpinWait();
        }
    }

    private void awaitReply()
    {
        got[0] = 0;
        while (got[0] == 0)
        {
            pong.read(counter, 1);
        }
    }

    /** {@inheritDoc} */
    public void close()
    {
        ping.write(STOP, msg, 0, 8);
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
