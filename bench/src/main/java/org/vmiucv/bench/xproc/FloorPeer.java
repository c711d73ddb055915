package org.vmiucv.bench.xproc;

import java.io.File;
import java.nio.MappedByteBuffer;

import org.agrona.IoUtil;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The peer of the physical floor ({@link Floor}): copies every new value of the ping line to the pong line,
 * busy spinning while values keep coming, until the value -1 arrives.
 * <p>
 * Usage: {@code FloorPeer FILE}.
 */
public final class FloorPeer
{
    private FloorPeer()
    {
    }

    /**
     * @param args the mapped file.
     */
    public static void main(final String[] args)
    {
        final MappedByteBuffer mapped = IoUtil.mapExistingFile(new File(args[0]), "floor");
        final UnsafeBuffer lines = new UnsafeBuffer(mapped);
        final IdleStrategy idle = Spin.idle();
        long last = lines.getLongVolatile(Floor.PONG_OFFSET);
        while (true)
        {
            final long v = lines.getLongVolatile(Floor.PING_OFFSET);
            if (v == last)
            {
                idle.idle(0);
                continue;
            }
            idle.reset();
            if (v == -1L)
            {
                break;
            }
            lines.putLongRelease(Floor.PONG_OFFSET, v);
            last = v;
        }
        IoUtil.unmap(mapped);
    }
}
