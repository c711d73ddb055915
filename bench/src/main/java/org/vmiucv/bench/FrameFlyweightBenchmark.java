package org.vmiucv.bench;

import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;

import org.agrona.BitUtil;
import org.agrona.concurrent.UnsafeBuffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.vmiucv.engine.layout.FrameDescriptor;
import org.vmiucv.engine.layout.FrameFlyweight;

/**
 * The frame header, alone: wrap a {@link FrameFlyweight} over an {@link UnsafeBuffer} and write the four header
 * fields ({@link #encode}), or wrap and read them back ({@link #decode}). The inputs are non-final fields so the
 * JIT cannot fold them; {@link #decode} returns a sum of the fields so that nothing is dead code.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {
    "--add-opens", "java.base/jdk.internal.misc=ALL-UNNAMED", "-Dagrona.disable.bounds.checks=true"})
public class FrameFlyweightBenchmark
{
    private final UnsafeBuffer buffer = new UnsafeBuffer(
        ByteBuffer.allocateDirect(2 * BitUtil.CACHE_LINE_LENGTH).alignedSlice(BitUtil.CACHE_LINE_LENGTH));
    private final FrameFlyweight encoder = new FrameFlyweight();
    private final FrameFlyweight decoder = new FrameFlyweight();
    private int sourceSlot = 7;
    private int flags = FrameDescriptor.FLAG_TWO_WAY;
    private long path = (42L << 32) | 3;
    private long messageId = 1_000_001;

    /**
     * Write a whole header: source slot, flags, path, message id.
     *
     * @return the flyweight (returned so the work is not dead).
     */
    @Benchmark
    public FrameFlyweight encode()
    {
        return encoder.wrap(buffer, 0).put(sourceSlot, flags, path, messageId++);
    }

    /**
     * Read a whole header back.
     *
     * @return a combination of the four fields.
     */
    @Benchmark
    public long decode()
    {
        final FrameFlyweight f = decoder.wrap(buffer, 0);
        return f.sourceSlot() + f.flags() + f.path() + f.messageId();
    }
}
