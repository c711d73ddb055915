package org.vmiucv.bench.jmhx;

import java.nio.ByteBuffer;

import org.agrona.concurrent.UnsafeBuffer;

/**
 * A sequence with one writer thread and one reader thread, alone on its cache line (off heap, two lines away from
 * anything else), so that handing it over costs one line transfer and nothing else.
 */
final class PaddedSequence
{
    private static final int OFFSET = 128;
    private final UnsafeBuffer buffer = new UnsafeBuffer(ByteBuffer.allocateDirect(4 * 64).alignedSlice(64));

    long get()
    {
        return buffer.getLongVolatile(OFFSET);
    }

    void set(final long value)
    {
        buffer.putLongRelease(OFFSET, value);
    }
}
