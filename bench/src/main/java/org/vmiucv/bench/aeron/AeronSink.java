package org.vmiucv.bench.aeron;

import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import io.aeron.Aeron;
import io.aeron.FragmentAssembler;
import io.aeron.Subscription;
import io.aeron.logbuffer.FragmentHandler;
import io.aeron.logbuffer.Header;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.IdleStrategy;

/**
 * The consumer of the JMH Aeron IPC stream ({@link AeronSource}), run next to a media driver ({@code -Daeron.dir}
 * names it) with only aeron-all and the jar of this package on its class path: subscribes to {@link #STREAM} on
 * {@code aeron:ipc}, counts the (reassembled) messages of kind {@link #DATA} and publishes the count after every
 * poll that found any in a small mapped file the benchmark created: a native-order {@code long} at offset
 * {@value #COUNTER_OFFSET} of a 256-byte file, stored with release semantics (the layout of the benchmark's
 * {@code MappedCounter}). Plain {@code java.nio} and a {@link VarHandle}, as the benchmark's Agrona is not on this
 * class path. Ends on a message of kind {@link #STOP} or when the benchmark JVM is gone. Spins while busy, backs
 * off after 100,000 idle polls (parks up to 1 ms), as {@link AeronPong} does.
 * <p>
 * Usage: {@code AeronSink COUNTER_FILE PARENT_PID}.
 */
public final class AeronSink implements FragmentHandler
{
    /** Stream id of the one-way stream. */
    public static final int STREAM = 1003;
    /** Message kind (first int): count me. */
    public static final int DATA = AeronPeer.DATA;
    /** Message kind: stop. */
    public static final int STOP = AeronPong.STOP;
    /** Offset of the count in the counter file: a cache line of its own. */
    public static final int COUNTER_OFFSET = 128;

    private static final int FRAGMENT_LIMIT = 64;
    private static final VarHandle LONGS = MethodHandles.byteBufferViewVarHandle(long[].class,
        ByteOrder.nativeOrder());

    private long received;
    private boolean stopped;

    private AeronSink()
    {
    }

    /**
     * @param args the counter file, the pid of the benchmark JVM.
     * @throws IOException if the counter file cannot be mapped.
     */
    public static void main(final String[] args) throws IOException
    {
        final ProcessHandle parent = ProcessHandle.of(Long.parseLong(args[1])).orElse(null);
        final MappedByteBuffer counter;
        try (FileChannel channel = FileChannel.open(Path.of(args[0]), StandardOpenOption.READ,
            StandardOpenOption.WRITE))
        {
            counter = channel.map(FileChannel.MapMode.READ_WRITE, 0, COUNTER_OFFSET + Long.BYTES);
        }
        final AeronSink sink = new AeronSink();
        try (Aeron aeron = Aeron.connect(new Aeron.Context()))
        {
            final Subscription in = aeron.addSubscription(AeronPeer.CHANNEL, STREAM);
            final FragmentAssembler assembler = new FragmentAssembler(sink);
            final IdleStrategy idle = new BackoffIdleStrategy(100_000, 100, 1_000, 1_000_000);
            long idlePolls = 0;
            while (!sink.stopped)
            {
                final int fragments = in.poll(assembler, FRAGMENT_LIMIT);
                if (fragments > 0)
                {
                    LONGS.setRelease(counter, COUNTER_OFFSET, sink.received);
                }
                else if ((++idlePolls & 0xF_FFFF) == 0 && (null == parent || !parent.isAlive()))
                {
                    break;
                }
                idle.idle(fragments);
            }
            LONGS.setRelease(counter, COUNTER_OFFSET, sink.received);
        }
    }

    /** {@inheritDoc} */
    public void onFragment(final DirectBuffer buffer, final int offset, final int length, final Header header)
    {
        final int kind = buffer.getInt(offset);
        if (kind == DATA)
        {
            received++;
        }
        else if (kind == STOP)
        {
            stopped = true;
        }
    }
}
