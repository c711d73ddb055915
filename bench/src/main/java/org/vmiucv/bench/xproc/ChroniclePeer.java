package org.vmiucv.bench.xproc;

import java.nio.file.Path;

import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.wire.DocumentContext;
import org.agrona.concurrent.IdleStrategy;

/**
 * The peer of the Chronicle Queue measurements ({@link ChronicleQueuePingPong}): tails queue "ping" and appends
 * every excerpt to queue "pong", until an excerpt of length 1 arrives.
 * <p>
 * Usage: {@code ChroniclePeer DIR}.
 */
public final class ChroniclePeer
{
    private ChroniclePeer()
    {
    }

    /**
     * @param args the directory holding both queues.
     */
    public static void main(final String[] args)
    {
        final Path dir = Path.of(args[0]);
        try (ChronicleQueue ping = ChronicleQueuePingPong.open(dir.resolve("ping"));
            ChronicleQueue pong = ChronicleQueuePingPong.open(dir.resolve("pong"));
            ExcerptAppender out = pong.createAppender())
        {
            final ExcerptTailer in = ping.createTailer();
            final Bytes<?> copy = Bytes.allocateElasticDirect(64 * 1024);
            final IdleStrategy idle = Spin.idle();
            while (true)
            {
                int length = -1;
                try (DocumentContext dc = in.readingDocument())
                {
                    if (dc.isPresent())
                    {
                        final Bytes<?> b = dc.wire().bytes();
                        length = (int)b.readRemaining();
                        copy.clear();
                        copy.write((net.openhft.chronicle.bytes.BytesStore<?, ?>)b, b.readPosition(), (long)length);
                    }
                }
                if (length < 0)
                {
                    idle.idle(0);
                    continue;
                }
                idle.reset();
                if (length == 1)
                {
                    break;
                }
                try (DocumentContext dc = out.writingDocument())
                {
                    dc.wire().bytes().write((net.openhft.chronicle.bytes.BytesStore<?, ?>)copy, 0L, (long)length);
                }
            }
            copy.releaseLast();
        }
    }
}
