package org.vmiucv.bench.xproc;

import java.nio.file.Path;

import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.wire.DocumentContext;
import org.HdrHistogram.Histogram;

/**
 * Chronicle Queue (2026.2) between two processes on /dev/shm: this process appends to queue "ping" and tails queue
 * "pong"; {@link ChroniclePeer} tails "ping" and appends to "pong". Both busy spin on their tailer. A persisted,
 * replayable log, so it does more per message than a ring: shown for reference.
 */
final class ChronicleQueuePingPong implements Subject
{
    private final Path dir;
    private final ChronicleQueue ping;
    private final ChronicleQueue pong;
    private final ExcerptAppender out;
    private final ExcerptTailer in;
    private final Bytes<?> msg = Bytes.allocateElasticDirect(64 * 1024);
    private final Process peer;

    /**
     * @param parent where the queue directories go.
     * @throws Exception if the queues or the peer cannot be set up.
     */
    ChronicleQueuePingPong(final Path parent) throws Exception
    {
        dir = parent.resolve("chronicle");
        ping = open(dir.resolve("ping"));
        pong = open(dir.resolve("pong"));
        out = ping.createAppender();
        in = pong.createTailer();
        for (int i = 0; i < 64 * 1024; i++)
        {
            msg.writeByte((byte)'x');
        }
        peer = Spin.start(ChroniclePeer.class, dir.toString());
    }

    static ChronicleQueue open(final Path path)
    {
        return SingleChronicleQueueBuilder.single(path.toFile()).build();
    }

    /** {@inheritDoc} */
    public String name()
    {
        return "Chronicle Queue";
    }

    /** {@inheritDoc} */
    public boolean pingPongs(final int payload)
    {
        return payload > 1 && payload <= 1024;
    }

    /** {@inheritDoc} */
    public Rtt roundTrips(final int n, final int payload)
    {
        final Histogram h = Subject.histogram();
        final long alloc0 = AllocationMeter.allocatedBytes();
        for (int i = 0; i < n; i++)
        {
            final long t0 = System.nanoTime();
            write(payload);
            while (!readOne())
            {
                Thread.onSpinWait();
            }
            h.recordValue(Math.min(System.nanoTime() - t0, MAX_LATENCY_NS));
        }
        return new Rtt(h, AllocationMeter.perOp(alloc0, n));
    }

    private void write(final int length)
    {
        try (DocumentContext dc = out.writingDocument())
        {
            dc.wire().bytes().write((net.openhft.chronicle.bytes.BytesStore<?, ?>)msg, 0L, (long)length);
        }
    }

    private boolean readOne()
    {
        try (DocumentContext dc = in.readingDocument())
        {
            return dc.isPresent();
        }
    }

    /** {@inheritDoc} */
    public void close()
    {
        try
        {
            write(1);
            peer.waitFor(5, java.util.concurrent.TimeUnit.SECONDS);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
        catch (final RuntimeException ex)
        {
            System.err.println("Chronicle Queue: " + ex);
        }
        Spin.kill(peer);
        out.close();
        ping.close();
        pong.close();
        msg.releaseLast();
    }
}
