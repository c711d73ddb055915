package org.vmiucv.bench.aeron;

import java.io.BufferedReader;
import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.FileOutputStream;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

import io.aeron.Aeron;
import io.aeron.FragmentAssembler;
import io.aeron.Publication;
import io.aeron.Subscription;
import io.aeron.logbuffer.FragmentHandler;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * One end of the Aeron IPC measurements, run as {@code AeronPeer pong} or {@code AeronPeer ping} next to a media
 * driver ({@code -Daeron.dir} names it). Pong echoes messages of kind {@link #ECHO} and {@link #END} from stream
 * {@link #PING_STREAM} to {@link #PONG_STREAM} and only counts kind {@link #DATA}. Ping reads commands on stdin,
 * one per line, and answers each with one line on stdout:
 * <ul>
 * <li>{@code rtt N BYTES FILE}: N round trips of BYTES each; writes the N latencies in ns (big-endian longs) to
 *     FILE; answers {@code ok ALLOCATED_BYTES}</li>
 * <li>{@code stream N BYTES}: N one-way messages then an END that pong echoes; answers {@code ok MSGS_PER_S
 *     ALLOCATED_BYTES}</li>
 * <li>{@code quit}</li>
 * </ul>
 * Both ends spin while busy and back off after 100,000 idle polls (parks up to 1 ms), as every peer of the suite
 * does (2 vCPUs).
 */
public final class AeronPeer
{
    /** Channel of both streams. */
    public static final String CHANNEL = "aeron:ipc";
    /** Stream id ping to pong. */
    public static final int PING_STREAM = 1001;
    /** Stream id pong to ping. */
    public static final int PONG_STREAM = 1002;
    /** Message kind (first int): echo me. */
    public static final int ECHO = 1;
    /** Message kind: count me. */
    public static final int DATA = 2;
    /** Message kind: end of a stream, echo me. */
    public static final int END = 3;

    private static final int MAX_PAYLOAD = 64 * 1024;
    private static final int FRAGMENT_LIMIT = 16;

    private AeronPeer()
    {
    }

    /**
     * @param args {@code ping} or {@code pong}.
     * @throws Exception on failure.
     */
    public static void main(final String[] args) throws Exception
    {
        try (Aeron aeron = Aeron.connect(new Aeron.Context()))
        {
            if ("pong".equals(args[0]))
            {
                pong(aeron);
            }
            else
            {
                ping(aeron);
            }
        }
    }

    private static IdleStrategy idle()
    {
        return new BackoffIdleStrategy(100_000, 100, 1_000, 1_000_000);
    }

    private static void pong(final Aeron aeron)
    {
        final Subscription in = aeron.addSubscription(CHANNEL, PING_STREAM);
        final Publication out = aeron.addExclusivePublication(CHANNEL, PONG_STREAM);
        final IdleStrategy idle = idle();
        final FragmentHandler echo = (buffer, offset, length, header) ->
        {
            if (buffer.getInt(offset) != DATA)
            {
                while (out.offer(buffer, offset, length) < 0L)
                {
                    Thread.onSpinWait();
                }
            }
        };
        final FragmentAssembler assembler = new FragmentAssembler(echo);
        while (true)
        {
            idle.idle(in.poll(assembler, FRAGMENT_LIMIT));
        }
    }

    private static void ping(final Aeron aeron) throws Exception
    {
        final Publication out = aeron.addExclusivePublication(CHANNEL, PING_STREAM);
        final Subscription in = aeron.addSubscription(CHANNEL, PONG_STREAM);
        final IdleStrategy idle = idle();
        while (!out.isConnected() || !in.isConnected())
        {
            idle.idle(0);
        }
        final UnsafeBuffer msg = new UnsafeBuffer(ByteBuffer.allocateDirect(MAX_PAYLOAD));
        final int[] got = new int[1];
        final FragmentAssembler count = new FragmentAssembler((buffer, offset, length, header) -> got[0]++);
        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        final long self = Thread.currentThread().getId();
        System.out.println("ready");
        final BufferedReader commands = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.US_ASCII));
        String line;
        while (null != (line = commands.readLine()))
        {
            final String[] w = line.trim().split(" ");
            if ("rtt".equals(w[0]))
            {
                final int n = Integer.parseInt(w[1]);
                final int length = Integer.parseInt(w[2]);
                final long[] latencies = new long[n];
                msg.putInt(0, ECHO);
                final long alloc0 = threads.getThreadAllocatedBytes(self);
                for (int i = 0; i < n; i++)
                {
                    final long t0 = System.nanoTime();
                    while (out.offer(msg, 0, length) < 0L)
                    {
                        Thread.onSpinWait();
                    }
                    got[0] = 0;
                    while (got[0] == 0)
                    {
                        in.poll(count, 1);
                    }
                    latencies[i] = System.nanoTime() - t0;
                }
                final long allocated = threads.getThreadAllocatedBytes(self) - alloc0;
                try (DataOutputStream file = new DataOutputStream(new BufferedOutputStream(new FileOutputStream(w[3]))))
                {
                    for (final long l : latencies)
                    {
                        file.writeLong(l);
                    }
                }
                System.out.println("ok " + allocated);
            }
            else if ("stream".equals(w[0]))
            {
                final int n = Integer.parseInt(w[1]);
                final int length = Integer.parseInt(w[2]);
                msg.putInt(0, DATA);
                final long alloc0 = threads.getThreadAllocatedBytes(self);
                final long t0 = System.nanoTime();
                for (int i = 0; i < n; i++)
                {
                    while (out.offer(msg, 0, length) < 0L)
                    {
                        Thread.onSpinWait();
                    }
                }
                msg.putInt(0, END);
                while (out.offer(msg, 0, length) < 0L)
                {
                    Thread.onSpinWait();
                }
                got[0] = 0;
                while (got[0] == 0)
                {
                    in.poll(count, 1);
                }
                final double rate = n * 1e9 / (System.nanoTime() - t0);
                final long allocated = threads.getThreadAllocatedBytes(self) - alloc0;
                System.out.println(String.format(Locale.ROOT, "ok %.1f %d", rate, allocated));
            }
            else if ("quit".equals(w[0]))
            {
                System.out.println("ok");
                return;
            }
            else
            {
                System.out.println("error unknown command: " + line);
            }
        }
    }
}
