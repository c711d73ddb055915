package org.vmiucv.xfl;

import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Measurement harness, not a unit test: record ping-pong between two JVMs over FIFOs, XFL with
 * pipelined STAT/PEEK, XFL unpipelined, and a raw Java pipe (two FIFOs, 32 bytes each way, blocking
 * read), side by side and interleaved (the machine's latency mode flips every few seconds).
 *
 * <pre>
 *   java -cp xfl/target/classes:xfl/target/test-classes org.vmiucv.xfl.XflRoundTripHarness [rounds] [n] [payload]
 * </pre>
 * Defaults: 3 rounds of 5,000 round trips of 32 bytes, after a warm-up of 5,000 per subject.
 */
public final class XflRoundTripHarness
{
    private static final String[] SUBJECTS = {"raw", "xfl-pipelined", "xfl-unpipelined"};

    private XflRoundTripHarness()
    {
    }

    /**
     * @param args {@code [rounds] [n] [payload]}, or {@code peer SUBJECT DIR PAYLOAD} in the child.
     * @throws Exception on a pipe error.
     */
    public static void main(final String[] args) throws Exception
    {
        if (args.length > 0 && args[0].equals("peer"))
        {
            peer(args[1], Path.of(args[2]), Integer.parseInt(args[3]));
            return;
        }
        final int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        final int n = args.length > 1 ? Integer.parseInt(args[1]) : 5_000;
        final int payload = args.length > 2 ? Integer.parseInt(args[2]) : 32;
        final Path base = Files.createTempDirectory("xfl-rtt");
        final List<Side> sides = new ArrayList<>();
        try
        {
            for (final String s : SUBJECTS)
            {
                sides.add(new Side(s, base.resolve(s), payload));
            }
            for (final Side side : sides)
            {
                side.run(n); // warm-up
            }
            final double[][] p50 = new double[rounds][SUBJECTS.length];
            for (int round = 0; round < rounds; round++)
            {
                for (int i = 0; i < sides.size(); i++)
                {
                    p50[round][i] = sides.get(i).run(n);
                }
                System.out.printf(Locale.ROOT, "round %d: raw %.1f us, xfl pipelined %.1f us (%.2fx), " +
                        "xfl unpipelined %.1f us (%.2fx), pipelined/unpipelined %.2f%n", round + 1,
                    p50[round][0] / 1e3, p50[round][1] / 1e3, p50[round][1] / p50[round][0],
                    p50[round][2] / 1e3, p50[round][2] / p50[round][0], p50[round][1] / p50[round][2]);
            }
        }
        finally
        {
            for (final Side side : sides)
            {
                side.close();
            }
        }
    }

    /** The measuring side of one subject, with its peer JVM. */
    private static final class Side implements AutoCloseable
    {
        private final String subject;
        private final int payload;
        private final Process peer;
        private final byte[] msg;
        private final byte[] in;
        private FileOutputStream rawOut;
        private FileInputStream rawIn;
        private XflProducer out;
        private XflConsumer xin;
        private final ByteBuffer reply;

        Side(final String subject, final Path dir, final int payload) throws Exception
        {
            this.subject = subject;
            this.payload = payload;
            this.msg = new byte[payload];
            this.in = new byte[payload];
            this.reply = ByteBuffer.allocate(payload);
            Files.createDirectories(dir);
            for (final String f : new String[] {"a.data", "a.ctrl", "b.data", "b.ctrl"})
            {
                Fifos.create(dir.resolve(f));
            }
            final List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-XX:+UseSerialGC",
                "-cp", System.getProperty("java.class.path"), XflRoundTripHarness.class.getName(),
                "peer", subject, dir.toString(), Integer.toString(payload)));
            peer = new ProcessBuilder(cmd).inheritIO().start();
            if (subject.equals("raw"))
            {
                rawOut = new FileOutputStream(dir.resolve("a.data").toFile());
                rawIn = new FileInputStream(dir.resolve("b.data").toFile());
            }
            else
            {
                final XflContext context = context(subject);
                out = XflConnectors.openProducer(dir.resolve("a.data"), dir.resolve("a.ctrl"), context);
                xin = XflConnectors.openConsumer(dir.resolve("b.data"), dir.resolve("b.ctrl"), context);
            }
        }

        /** @return the p50 round trip in ns over n round trips. */
        double run(final int n) throws IOException
        {
            final long[] rtt = new long[n];
            for (int i = 0; i < n; i++)
            {
                final long t0 = System.nanoTime();
                if (rawOut != null)
                {
                    rawOut.write(msg);
                    readFully(rawIn, in, payload);
                }
                else
                {
                    if (out.output(msg, 0, payload) != XflStatus.OK)
                    {
                        throw new IllegalStateException(subject + ": peer severed");
                    }
                    reply.clear();
                    if (xin.readto(reply) != payload)
                    {
                        throw new IllegalStateException(subject + ": wrong record");
                    }
                }
                rtt[i] = System.nanoTime() - t0;
            }
            Arrays.sort(rtt);
            return rtt[n / 2];
        }

        @Override
        public void close() throws Exception
        {
            if (rawOut != null)
            {
                rawOut.close();
                rawIn.close();
            }
            if (out != null)
            {
                out.close();
                xin.close();
            }
            if (!peer.waitFor(5, TimeUnit.SECONDS))
            {
                peer.destroyForcibly();
            }
        }
    }

    private static XflContext context(final String subject)
    {
        return new XflContext().maxRecordLength(64 * 1024).pipelineStatPeek(subject.equals("xfl-pipelined")).conclude();
    }

    private static void peer(final String subject, final Path dir, final int payload) throws Exception
    {
        if (subject.equals("raw"))
        {
            try (FileInputStream a = new FileInputStream(dir.resolve("a.data").toFile());
                FileOutputStream b = new FileOutputStream(dir.resolve("b.data").toFile()))
            {
                final byte[] buffer = new byte[payload];
                while (readFully(a, buffer, payload))
                {
                    b.write(buffer);
                }
            }
            return;
        }
        final XflContext context = context(subject);
        try (XflConsumer in = XflConnectors.openConsumer(dir.resolve("a.data"), dir.resolve("a.ctrl"), context);
            XflProducer out = XflConnectors.openProducer(dir.resolve("b.data"), dir.resolve("b.ctrl"), context))
        {
            final ByteBuffer record = ByteBuffer.allocate(64 * 1024);
            while (true)
            {
                record.clear();
                final int length = in.readto(record);
                if (length < 0 || out.output(record.array(), 0, length) < 0)
                {
                    return;
                }
            }
        }
    }

    private static boolean readFully(final InputStream in, final byte[] buffer, final int n) throws IOException
    {
        int filled = 0;
        while (filled < n)
        {
            final int r = in.read(buffer, filled, n - filled);
            if (r < 0)
            {
                return false;
            }
            filled += r;
        }
        return true;
    }
}
