package org.vmiucv.bench.scale;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.HdrHistogram.Histogram;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.UnsafeBuffer;
import org.vmiucv.engine.IucvBuffer;
import org.vmiucv.engine.IucvMessage;
import org.vmiucv.engine.MachineContext;
import org.vmiucv.engine.MachineHandler;
import org.vmiucv.engine.MachineId;
import org.vmiucv.engine.PathId;
import org.vmiucv.engine.SendResult;
import org.vmiucv.engine.system.SystemClient;
import org.vmiucv.engine.system.SystemLog;
import org.vmiucv.engine.system.SystemOptions;
import org.vmiucv.shm.ShmSystem;

/**
 * A host process of the scale benchmark: attaches to a shm system and obeys one command per stdin line, answering
 * one line on stdout ({@code OK ...} or {@code ERR why}). All its machines share the host's one agent thread.
 * <p>
 * Usage: {@code ScaleHost BASE SYSTEM spin|backoff}. Commands:
 * <ul>
 * <li>{@code IPL FIRST STRIDE COUNT} — IPL COUNT idle machines, numbers FIRST + k * STRIDE ({@link #machineName(int)}) (a handler that does nothing
 * and accepts every connection);</li>
 * <li>{@code PING NAME} / {@code ECHO NAME} — IPL the measuring machine or the one that sends every IUCV message
 * back;</li>
 * <li>{@code RTT NAME PATH WARMUP N PAYLOAD} — NAME (a PING machine) does WARMUP unrecorded then N recorded round
 * trips of PAYLOAD bytes on the packed path; answers {@code OK <base64 compressed HdrHistogram>};</li>
 * <li>{@code GC} — full GC, answers {@code OK <heap bytes used>};</li>
 * <li>{@code QUIT} — detach and exit.</li>
 * </ul>
 */
public final class ScaleHost
{
    private static final long MAX_LATENCY_NS = TimeUnit.SECONDS.toNanos(10);

    private ScaleHost()
    {
    }

    /**
     * @param i machine number.
     * @return its name: M and five digits.
     */
    static String machineName(final int i)
    {
        return String.format("M%05d", i);
    }

    /**
     * @param spin true for the measuring hosts.
     * @return busy spin while work keeps coming and for 1,000 idle iterations after, else the system default (spin
     * 50, yield 10, park up to 1 ms). Not the 100,000 of the cross-process suite: one idle iteration of a host with
     * 250 machines polls 250 inboxes (about 0.6 µs), so 100,000 of them would keep two hosts spinning for some 60 ms
     * after every CONNECT and starve the CP and the other hosts of the 2 vCPUs. A ping-pong never idles 1,000
     * iterations in a row, so the measured round trips are busy-spin round trips either way.
     */
    static IdleStrategy idle(final boolean spin)
    {
        return spin ? new BackoffIdleStrategy(1_000, 100, 1_000, 1_000_000) : SystemOptions.backoff();
    }

    /**
     * @param args base, system, spin|backoff.
     * @throws Exception on failure to attach; command failures are answered with ERR.
     */
    public static void main(final String[] args) throws Exception
    {
        final boolean spin = "spin".equals(args[2]);
        final SystemClient client = ShmSystem.attach(Path.of(args[0]), args[1],
            new SystemOptions().idleStrategy(() -> idle(spin)), SystemLog.NONE);
        final Map<String, PingHandler> pings = new HashMap<>();
        final BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.US_ASCII));
        System.out.println("OK READY");
        System.out.flush();
        String line;
        try
        {
            while (null != (line = in.readLine()))
            {
                final String[] w = line.trim().split("\\s+");
                String answer;
                try
                {
                    if ("QUIT".equals(w[0]))
                    {
                        System.out.println("OK bye");
                        System.out.flush();
                        break;
                    }
                    answer = "OK " + obey(client, pings, w);
                }
                catch (final Exception ex)
                {
                    answer = "ERR " + ex;
                }
                System.out.println(answer);
                System.out.flush();
            }
        }
        finally
        {
            client.close();
        }
    }

    private static String obey(final SystemClient client, final Map<String, PingHandler> pings, final String[] w)
        throws Exception
    {
        switch (w[0])
        {
            case "IPL":
            {
                final int first = Integer.parseInt(w[1]);
                final int stride = Integer.parseInt(w[2]);
                final int count = Integer.parseInt(w[3]);
                for (int k = 0; k < count; k++)
                {
                    client.ipl(MachineId.of(machineName(first + k * stride)), new IdleHandler());
                }
                return Integer.toString(client.hostedMachines());
            }
            case "PING":
            {
                final PingHandler ping = new PingHandler();
                client.ipl(MachineId.of(w[1]), ping);
                pings.put(w[1], ping);
                return w[1];
            }
            case "ECHO":
                client.ipl(MachineId.of(w[1]), new EchoHandler());
                return w[1];
            case "RTT":
            {
                final PingHandler ping = pings.get(w[1]);
                if (null == ping)
                {
                    throw new IllegalArgumentException("no PING machine " + w[1] + " here");
                }
                final PathId path = PathId.fromPacked(Long.parseLong(w[2]));
                final int payload = Integer.parseInt(w[5]);
                ping.run(client, w[1], path, Integer.parseInt(w[3]), payload);
                final Histogram h = ping.run(client, w[1], path, Integer.parseInt(w[4]), payload);
                final ByteBuffer buf = ByteBuffer.allocate(h.getNeededByteBufferCapacity());
                final int n = h.encodeIntoCompressedByteBuffer(buf);
                return Base64.getEncoder().encodeToString(java.util.Arrays.copyOf(buf.array(), n));
            }
            case "GC":
            {
                final Runtime rt = Runtime.getRuntime();
                System.gc();
                System.gc();
                return Long.toString(rt.totalMemory() - rt.freeMemory());
            }
            default:
                throw new IllegalArgumentException("unknown command " + w[0]);
        }
    }

    /** An idle machine: ignores SMSGs and data, accepts every connection (the default). */
    static final class IdleHandler implements MachineHandler
    {
        /** {@inheritDoc} */
        public void onSmsg(final MachineContext ctx, final MachineId from, final CharSequence text)
        {
        }
    }

    /** Sends every IUCV message back on its path. */
    static final class EchoHandler implements MachineHandler
    {
        /** {@inheritDoc} */
        public void onSmsg(final MachineContext ctx, final MachineId from, final CharSequence text)
        {
        }

        /** {@inheritDoc} */
        public void onIucvData(final MachineContext ctx, final IucvMessage m)
        {
            long r;
            do
            {
                r = ctx.iucvSend(m.path(), m.buffer(), m.offset(), m.length());
            }
            while (r == SendResult.BACK_PRESSURED || r == SendResult.MESSAGE_LIMIT_EXCEEDED);
        }
    }

    /** A self-driving ping-pong on the machine's own agent thread: the next SEND goes from {@code onIucvData}. */
    static final class PingHandler implements MachineHandler
    {
        private final UnsafeBuffer payload = new UnsafeBuffer(new byte[IucvBuffer.MAX_LENGTH]);
        private final Histogram histogram = new Histogram(MAX_LATENCY_NS, 3);
        private int remaining;
        private int length;
        private long t0;
        private PathId path;
        private CountDownLatch done;

        Histogram run(final SystemClient client, final String name, final PathId path, final int n, final int length)
            throws Exception
        {
            histogram.reset();
            if (n <= 0)
            {
                return histogram;
            }
            remaining = n;
            this.length = length;
            this.path = path;
            done = new CountDownLatch(1);
            client.execute(MachineId.of(name), ctx ->
            {
                sendNext(ctx);
                return null;
            }).get(10, TimeUnit.SECONDS);
            if (!done.await(300, TimeUnit.SECONDS))
            {
                throw new IllegalStateException("IUCV ping-pong stalled with " + remaining + " to go");
            }
            return histogram;
        }

        private void sendNext(final MachineContext ctx)
        {
            t0 = System.nanoTime();
            long r;
            do
            {
                r = ctx.iucvSend(path, payload, 0, length);
            }
            while (r == SendResult.BACK_PRESSURED);
            if (r < 0)
            {
                throw new IllegalStateException("send failed: " + SendResult.describe(r));
            }
        }

        /** {@inheritDoc} */
        public void onSmsg(final MachineContext ctx, final MachineId from, final CharSequence text)
        {
        }

        /** {@inheritDoc} */
        public void onIucvData(final MachineContext ctx, final IucvMessage m)
        {
            histogram.recordValue(Math.min(System.nanoTime() - t0, MAX_LATENCY_NS));
            if (--remaining > 0)
            {
                sendNext(ctx);
            }
            else
            {
                done.countDown();
            }
        }
    }
}
