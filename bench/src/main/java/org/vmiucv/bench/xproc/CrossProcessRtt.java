package org.vmiucv.bench.xproc;

import java.io.File;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.MappedByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.HdrHistogram.Histogram;
import org.agrona.IoUtil;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.OneToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;
import org.vmiucv.engine.ConnectOptions;
import org.vmiucv.engine.IucvException;
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
import org.vmiucv.shm.SupervisorMain;

/**
 * IUCV ping-pong and SMSG streaming between two processes over the shm transport, measured side by side in one
 * run with a raw Agrona {@code OneToOneRingBuffer} ping-pong and stream between two processes. Every loop spins
 * while it has work and for 100,000 idle iterations after, then backs off, so the peer of the subject not being
 * measured leaves the cores to the one that is (this machine has two).
 * Subjects are interleaved (raw, IUCV, raw, IUCV ...) because this machine's core-to-core latency changes mode
 * every few seconds; compare the ratios of each round, not absolute times.
 * <p>
 * Usage: {@code CrossProcessRtt [rounds] [roundTrips] [streamMessages]} (defaults 5, 200000, 5000000).
 */
public final class CrossProcessRtt
{
    private static final int PAYLOAD = 32;
    private static final int RING = 1 << 20;

    private CrossProcessRtt()
    {
    }

    /**
     * @param args rounds, round trips per round, messages per stream.
     * @throws Exception on failure.
     */
    public static void main(final String[] args) throws Exception
    {
        final int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        final int trips = args.length > 1 ? Integer.parseInt(args[1]) : 200_000;
        final int streamCount = args.length > 2 ? Integer.parseInt(args[2]) : 5_000_000;
        final Path base = Files.createTempDirectory(Path.of("/dev/shm"), "iucvbench");
        final List<Process> children = new ArrayList<>();
        SystemClient client = null;
        try
        {
            children.add(Spin.start(SupervisorMain.class, "--base", base.toString(), "--system", "BENCH"));
            client = attach(base);
            children.add(Spin.start(IucvPeer.class, base.toString(), "BENCH"));
            awaitMachines(client, 2);
            final PingHandler ping = new PingHandler();
            client.ipl(MachineId.of("PING"), ping);
            final PathId path = client.connect(MachineId.of("PING"), MachineId.of("ECHO"), ConnectOptions.msglim(64));

            final Path ringFile = base.resolve("raw-echo.rings");
            final RawRings echoRings = RawRings.create(ringFile);
            children.add(Spin.start(RawRingPeer.class, ringFile.toString(), "echo", Integer.toString(RING)));

            System.out.println("warm-up ...");
            echoRings.pingPong(trips / 2);
            ping.run(client, path, trips / 2);

            final List<double[]> rows = new ArrayList<>();
            System.out.printf(Locale.ROOT, "%-6s %-22s %10s %10s %10s %10s%n", "round", "subject", "p50 ns",
                "p90 ns", "p99 ns", "p99.9 ns");
            for (int r = 1; r <= rounds; r++)
            {
                final Histogram raw = echoRings.pingPong(trips);
                print(r, "raw ring ping-pong", raw);
                final Histogram iucv = ping.run(client, path, trips);
                print(r, "IUCV ping-pong (shm)", iucv);
                rows.add(new double[] {raw.getValueAtPercentile(50), iucv.getValueAtPercentile(50),
                    raw.getValueAtPercentile(99), iucv.getValueAtPercentile(99)});
            }
            echoRings.stop();

            final Path sinkFile = base.resolve("raw-sink.rings");
            final RawRings sinkRings = RawRings.create(sinkFile);
            children.add(Spin.start(RawRingPeer.class, sinkFile.toString(), "sink", Integer.toString(RING)));
            final List<double[]> streams = new ArrayList<>();
            System.out.printf(Locale.ROOT, "%-6s %-22s %14s%n", "round", "subject", "msgs/s");
            for (int r = 1; r <= rounds; r++)
            {
                final double rawRate = sinkRings.stream(streamCount);
                System.out.printf(Locale.ROOT, "%-6d %-22s %,14.0f%n", r, "raw ring stream", rawRate);
                final double smsgRate = ping.smsgStream(client, streamCount);
                System.out.printf(Locale.ROOT, "%-6d %-22s %,14.0f%n", r, "SMSG stream (shm)", smsgRate);
                streams.add(new double[] {rawRate, smsgRate});
            }
            sinkRings.finish();

            final double p50Ratio = median(rows.stream().mapToDouble(x -> x[1] / x[0]).toArray());
            final double p99Ratio = median(rows.stream().mapToDouble(x -> x[3] / x[2]).toArray());
            final double rateRatio = median(streams.stream().mapToDouble(x -> x[1] / x[0]).toArray());
            System.out.printf(Locale.ROOT, "%nmedian over %d rounds: IUCV/raw p50 ratio %.2f, p99 ratio %.2f; " +
                "SMSG/raw stream ratio %.2f%n", rounds, p50Ratio, p99Ratio, rateRatio);
            System.out.printf(Locale.ROOT, "median p50: raw %.0f ns, IUCV %.0f ns; median rate: raw %,.0f/s, SMSG %,.0f/s%n",
                median(rows.stream().mapToDouble(x -> x[0]).toArray()),
                median(rows.stream().mapToDouble(x -> x[1]).toArray()),
                median(streams.stream().mapToDouble(x -> x[0]).toArray()),
                median(streams.stream().mapToDouble(x -> x[1]).toArray()));
            client.shutdown();
        }
        finally
        {
            if (null != client)
            {
                client.close();
            }
            for (final Process p : children)
            {
                Spin.kill(p);
            }
            try (Stream<Path> s = Files.walk(base))
            {
                s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static void print(final int round, final String subject, final Histogram h)
    {
        System.out.printf(Locale.ROOT, "%-6d %-22s %10d %10d %10d %10d%n", round, subject,
            h.getValueAtPercentile(50), h.getValueAtPercentile(90), h.getValueAtPercentile(99),
            h.getValueAtPercentile(99.9));
    }

    static double median(final double[] values)
    {
        final double[] v = values.clone();
        java.util.Arrays.sort(v);
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    private static SystemClient attach(final Path base) throws Exception
    {
        final long deadline = System.currentTimeMillis() + 20_000;
        while (true)
        {
            try
            {
                return ShmSystem.attach(base, "BENCH", new SystemOptions().idleStrategy(Spin::idle),
                    SystemLog.NONE);
            }
            catch (final IucvException ex)
            {
                if (System.currentTimeMillis() > deadline)
                {
                    throw ex;
                }
                Thread.sleep(20);
            }
        }
    }

    private static void awaitMachines(final SystemClient client, final int n) throws Exception
    {
        final long deadline = System.currentTimeMillis() + 20_000;
        while (client.queryNames().size() < n)
        {
            if (System.currentTimeMillis() > deadline)
            {
                throw new IllegalStateException("peer machines did not log on");
            }
            Thread.sleep(20);
        }
    }

    /** Two one-to-one rings in one mapped file: ping (harness to peer) and pong (peer to harness). */
    private static final class RawRings
    {
        private final MappedByteBuffer mapped;
        private final OneToOneRingBuffer ping;
        private final OneToOneRingBuffer pong;
        private final UnsafeBuffer msg = new UnsafeBuffer(new byte[PAYLOAD]);

        private RawRings(final MappedByteBuffer mapped)
        {
            this.mapped = mapped;
            final UnsafeBuffer all = new UnsafeBuffer(mapped);
            final int ringLength = RING + RingBufferDescriptor.TRAILER_LENGTH;
            ping = new OneToOneRingBuffer(new UnsafeBuffer(all, 0, ringLength));
            pong = new OneToOneRingBuffer(new UnsafeBuffer(all, ringLength, ringLength));
        }

        static RawRings create(final Path file) throws IOException
        {
            final long length = 2L * (RING + RingBufferDescriptor.TRAILER_LENGTH);
            try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw"))
            {
                f.setLength(length);
            }
            return new RawRings(IoUtil.mapExistingFile(new File(file.toString()), "rings"));
        }

        Histogram pingPong(final int n)
        {
            final Histogram h = new Histogram(3);
            final int[] got = {0};
            for (int i = 0; i < n; i++)
            {
                final long t0 = System.nanoTime();
                msg.putLong(0, t0);
                while (!ping.write(1, msg, 0, PAYLOAD))
                {
                    Thread.onSpinWait();
                }
                got[0] = 0;
                while (got[0] == 0)
                {
                    pong.read((type, b, index, length) -> got[0]++, 1);
                }
                h.recordValue(System.nanoTime() - t0);
            }
            return h;
        }

        double stream(final int n)
        {
            final long t0 = System.nanoTime();
            for (int i = 0; i < n; i++)
            {
                while (!ping.write(1, msg, 0, PAYLOAD))
                {
                    Thread.onSpinWait();
                }
            }
            return n * 1e9 / (System.nanoTime() - t0);
        }

        void stop()
        {
            ping.write(2, msg, 0, 8);
        }

        void finish()
        {
            ping.write(2, msg, 0, 8);
            IoUtil.unmap(mapped);
        }
    }

    /** The PING machine: a self-driving IUCV ping-pong and an SMSG stream, both on its own agent thread. */
    private static final class PingHandler implements MachineHandler
    {
        private final UnsafeBuffer payload = new UnsafeBuffer(new byte[PAYLOAD]);
        private Histogram histogram;
        private int remaining;
        private long t0;
        private PathId path;
        private CountDownLatch done;

        Histogram run(final SystemClient client, final PathId path, final int n) throws Exception
        {
            histogram = new Histogram(3);
            remaining = n;
            this.path = path;
            done = new CountDownLatch(1);
            client.execute(MachineId.of("PING"), ctx ->
            {
                sendNext(ctx);
                return null;
            }).get(10, TimeUnit.SECONDS);
            if (!done.await(120, TimeUnit.SECONDS))
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
                r = ctx.iucvSend(path, payload, 0, PAYLOAD);
            }
            while (r == SendResult.BACK_PRESSURED);
            if (r < 0)
            {
                throw new IllegalStateException("send failed: " + SendResult.describe(r));
            }
        }

        public void onIucvData(final MachineContext ctx, final IucvMessage m)
        {
            histogram.recordValue(System.nanoTime() - t0);
            if (--remaining > 0)
            {
                sendNext(ctx);
            }
            else
            {
                done.countDown();
            }
        }

        double smsgStream(final SystemClient client, final int n) throws Exception
        {
            done = new CountDownLatch(1);
            final MachineId sink = MachineId.of("SINK");
            final String text = "x".repeat(PAYLOAD);
            final long start = System.nanoTime();
            final int batch = 10_000;
            for (int sent = 0; sent < n; sent += batch)
            {
                final int count = Math.min(batch, n - sent);
                client.execute(MachineId.of("PING"), ctx ->
                {
                    for (int i = 0; i < count; i++)
                    {
                        while (ctx.trySendSmsg(sink, text) == SendResult.DROPPED)
                        {
                            Thread.onSpinWait();
                        }
                    }
                    return null;
                }).get(60, TimeUnit.SECONDS);
            }
            client.execute(MachineId.of("PING"), ctx ->
            {
                while (ctx.trySendSmsg(sink, "END") == SendResult.DROPPED)
                {
                    Thread.onSpinWait();
                }
                return null;
            }).get(60, TimeUnit.SECONDS);
            if (!done.await(60, TimeUnit.SECONDS))
            {
                throw new IllegalStateException("SMSG stream: no DONE from SINK");
            }
            return n * 1e9 / (System.nanoTime() - start);
        }

        public void onSmsg(final MachineContext ctx, final MachineId from, final CharSequence text)
        {
            if ("DONE".contentEquals(text))
            {
                done.countDown();
            }
        }
    }
}
