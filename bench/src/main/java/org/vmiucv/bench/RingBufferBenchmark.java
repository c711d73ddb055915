package org.vmiucv.bench;

import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;

import org.agrona.BitUtil;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.MessageHandler;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.ManyToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Baseline for the dispatch figures: a raw Agrona {@link ManyToOneRingBuffer} (the structure every machine's inbox
 * is), one 32-byte message written and then read back on the same thread. {@link #writeRead} uses
 * {@code write} (a copy from a source buffer); {@link #claimCommitRead} uses {@code tryClaim}/{@code commit}, as
 * the engine's send path does. The ring has the engine's default inbox capacity (1 MiB).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {
    "--add-opens", "java.base/jdk.internal.misc=ALL-UNNAMED", "-Dagrona.disable.bounds.checks=true"})
public class RingBufferBenchmark
{
    /** Message length in bytes. */
    static final int LENGTH = 32;
    private static final int TYPE = 2;
    private static final int CAPACITY = 1 << 20;

    private final ManyToOneRingBuffer ring = new ManyToOneRingBuffer(new UnsafeBuffer(
        ByteBuffer.allocateDirect(CAPACITY + RingBufferDescriptor.TRAILER_LENGTH + BitUtil.CACHE_LINE_LENGTH)
            .alignedSlice(BitUtil.CACHE_LINE_LENGTH)
            .limit(CAPACITY + RingBufferDescriptor.TRAILER_LENGTH)
            .slice()));
    private final UnsafeBuffer source = new UnsafeBuffer(ByteBuffer.allocateDirect(LENGTH));
    private final MessageHandler reader = this::onMessage;
    private long sequence;
    private long checksum;

    private void onMessage(final int type, final MutableDirectBuffer buffer, final int index, final int length)
    {
        checksum += buffer.getLong(index);
    }

    /**
     * Write one message with a copy, read it.
     *
     * @return the reader's checksum.
     */
    @Benchmark
    public long writeRead()
    {
        source.putLong(0, sequence++);
        if (!ring.write(TYPE, source, 0, LENGTH))
        {
            throw new IllegalStateException("ring full");
        }
        ring.read(reader, 1);
        return checksum;
    }

    /**
     * Claim space, write in place, commit, read it.
     *
     * @return the reader's checksum.
     */
    @Benchmark
    public long claimCommitRead()
    {
        final int index = ring.tryClaim(TYPE, LENGTH);
        if (index < 0)
        {
            throw new IllegalStateException("ring full");
        }
        ring.buffer().putLong(index, sequence++);
        ring.commit(index);
        ring.read(reader, 1);
        return checksum;
    }
}
