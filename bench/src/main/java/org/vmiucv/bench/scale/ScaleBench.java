package org.vmiucv.bench.scale;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.HdrHistogram.Histogram;
import org.vmiucv.engine.ConnectOptions;
import org.vmiucv.engine.MachineId;
import org.vmiucv.engine.PathId;
import org.vmiucv.engine.system.RingFiles;

/**
 * The scale benchmark of issue 6: does an IUCV round trip cost more when 1,000 machines in 4 host processes hold
 * 10,000 paths? How long does a CONNECT across processes take, and what does a machine and a path cost in memory?
 * <p>
 * Usage: {@code java <flags> -cp bench/target/benchmarks.jar org.vmiucv.bench.scale.ScaleBench [--machines 1000]
 * [--paths 10000] [--processes 4] [--trips 200000] [--rounds 6] [--timed-connects 2000] [--inbox-capacity 65536]
 * [--out bench/results]}.
 * <p>
 * Three round-trip subjects, interleaved round by round (A, B, C, A, B, C…), 32-byte IUCV SENDs echoed back:
 * <ul>
 * <li><b>A, big system, shared hosts</b>: PINGA in host 0 and ECHOA in host 1, each host also running its quarter
 * of the idle machines on the same agent thread;</li>
 * <li><b>B, small system</b>: a second, fresh system with only PINGB and ECHOB, each in its own host;</li>
 * <li><b>C, big system, dedicated hosts</b>: PINGC and ECHOC in two extra hosts of the big system, so the size of
 * the system's tables is in play but not the other machines' inboxes.</li>
 * </ul>
 * Measuring hosts spin while busy (and for 1,000 idle iterations); the idle hosts use the system default back-off.
 */
public final class ScaleBench
{
    private static final long MAX_LATENCY_NS = TimeUnit.SECONDS.toNanos(10);
    private static final int CONNECT_WINDOW = 128;

    private ScaleBench()
    {
    }

    /**
     * @param args see the class comment.
     * @throws Exception on failure; every child is killed and the namespace removed first.
     */
    public static void main(final String[] args) throws Exception
    {
        final ScaleOptions o;
        try
        {
            o = ScaleOptions.parse(args);
        }
        catch (final IllegalArgumentException ex)
        {
            System.err.println("ScaleBench: " + ex.getMessage());
            System.exit(1);
            return;
        }
        run(o);
        System.exit(0);
    }

    private static void run(final ScaleOptions o) throws Exception
    {
        final ScaleResult r = new ScaleResult(o);
        r.loadBefore = loadAverage();
        final Path base = Path.of("/dev/shm", "vmiucv-scale-" + ProcessHandle.current().pid());
        checkSpace(o);
        final List<ScaleSystem> systems = new ArrayList<>();
        try
        {
            final ScaleSystem big = new ScaleSystem(base, "BIG", o.machines + 16, o.paths + 64, o.inboxCapacity);
            systems.add(big);
            final List<Child> hosts = new ArrayList<>();
            for (int i = 0; i < o.processes; i++)
            {
                hosts.add(big.startHost("host" + i, i < 2));
            }
            final Child pingC = big.startHost("hostC-ping", true);
            final Child echoC = big.startHost("hostC-echo", true);
            final ScaleSystem small = new ScaleSystem(base, "SMALL", 16, 64, o.inboxCapacity);
            systems.add(small);
            final Child pingB = small.startHost("hostB-ping", true);
            final Child echoB = small.startHost("hostB-echo", true);
            log("processes up: 2 Supervisors, " + (o.processes + 4) + " hosts");

            r.empty = Footprint.sample(big, hosts);
            long t0 = System.nanoTime();
            for (int h = 0; h < o.processes; h++)
            {
                final int count = (o.machines - h + o.processes - 1) / o.processes;
                hosts.get(h).send("IPL " + h + " " + o.processes + " " + count);
            }
            for (final Child h : hosts)
            {
                h.answer(600_000);
            }
            r.iplSeconds = (System.nanoTime() - t0) / 1e9;
            log(String.format("IPL of %,d machines over %d processes: %.1f s", o.machines, o.processes, r.iplSeconds));
            r.ipled = Footprint.sample(big, hosts);

            t0 = System.nanoTime();
            connectBulk(big, o, o.paths - o.timedConnects);
            r.bulkSeconds = (System.nanoTime() - t0) / 1e9;
            r.connect = connectTimed(big, o, o.paths - o.timedConnects, o.paths);
            r.connectSeconds = (System.nanoTime() - t0) / 1e9;
            r.pathsQueried = big.client().queryPaths().size();
            r.machinesQueried = big.client().queryNames().size();
            log(String.format("%,d paths in %.1f s (%,d machines, %,d paths per QUERY)", o.paths, r.connectSeconds,
                r.machinesQueried, r.pathsQueried));
            r.connected = Footprint.sample(big, hosts);

            final String size = String.format("%,d machines / %,d paths", o.machines, o.paths);
            final List<Subject> subjects = List.of(
                subject(big, "A: " + size + ", measuring machines share their hosts",
                    hosts.get(0), "PINGA", hosts.get(1), "ECHOA"),
                subject(small, "B: fresh small system (2 machines, 1 path)", pingB, "PINGB", echoB, "ECHOB"),
                subject(big, "C: " + size + ", measuring machines in dedicated hosts",
                    pingC, "PINGC", echoC, "ECHOC"));
            r.subjects = subjects;
            final int warmup = Math.max(10_000, o.trips / 10);
            for (int round = 0; round < o.rounds; round++)
            {
                for (final Subject s : subjects)
                {
                    Thread.sleep(300); // let the previous subject's hosts stop spinning
                    final Histogram h = decode(s.ping.call(
                        "RTT " + s.pingName + " " + s.path.packed() + " " + warmup + " " + o.trips + " " + o.payload,
                        600_000));
                    s.all.add(h);
                    s.roundP50.add(h.getValueAtPercentile(50));
                }
                log(String.format("round %d: p50 A %,d ns  B %,d ns  C %,d ns", round + 1,
                    subjects.get(0).roundP50.get(round), subjects.get(1).roundP50.get(round),
                    subjects.get(2).roundP50.get(round)));
            }
            r.loadAfter = loadAverage();
            ScaleReport.write(r, o.out);
            log("wrote " + o.out.resolve("scale.md") + " and scale.json");
        }
        finally
        {
            for (int i = systems.size() - 1; i >= 0; i--)
            {
                systems.get(i).close();
            }
            deleteTree(base);
        }
    }

    private static Subject subject(final ScaleSystem system, final String label, final Child ping,
        final String pingName, final Child echo, final String echoName) throws Exception
    {
        ping.call("PING " + pingName, 30_000);
        echo.call("ECHO " + echoName, 30_000);
        final PathId path = system.client().connect(MachineId.of(pingName), MachineId.of(echoName),
            ConnectOptions.msglim(64));
        return new Subject(label, ping, pingName, path);
    }

    /**
     * @param k path number.
     * @param o options.
     * @return {from, to}: from = k mod machines, to a machine in another process, a different one for each of the
     * paths a machine initiates.
     */
    static int[] pair(final int k, final ScaleOptions o)
    {
        final int from = k % o.machines;
        final int j = k / o.machines;
        int to = (from + 1 + j * (o.processes + 1)) % o.machines;
        while (to % o.processes == from % o.processes)
        {
            to = (to + 1) % o.machines;
        }
        return new int[] {from, to};
    }

    private static void connectBulk(final ScaleSystem big, final ScaleOptions o, final int n) throws Exception
    {
        final ArrayDeque<CompletableFuture<PathId>> window = new ArrayDeque<>();
        for (int k = 0; k < n; k++)
        {
            if (window.size() == CONNECT_WINDOW)
            {
                window.poll().get(30, TimeUnit.SECONDS);
            }
            final int[] p = pair(k, o);
            window.add(big.client().connectAsync(MachineId.of(ScaleHost.machineName(p[0])),
                MachineId.of(ScaleHost.machineName(p[1])), ConnectOptions.DEFAULT));
        }
        while (!window.isEmpty())
        {
            window.poll().get(30, TimeUnit.SECONDS);
        }
    }

    private static Histogram connectTimed(final ScaleSystem big, final ScaleOptions o, final int fromK, final int toK)
        throws Exception
    {
        final Histogram h = new Histogram(MAX_LATENCY_NS, 3);
        for (int k = fromK; k < toK; k++)
        {
            final int[] p = pair(k, o);
            final MachineId from = MachineId.of(ScaleHost.machineName(p[0]));
            final MachineId to = MachineId.of(ScaleHost.machineName(p[1]));
            final long t = System.nanoTime();
            big.client().connect(from, to, ConnectOptions.DEFAULT);
            h.recordValue(Math.min(System.nanoTime() - t, MAX_LATENCY_NS));
        }
        return h;
    }

    private static Histogram decode(final String base64) throws Exception
    {
        return Histogram.decodeFromCompressedByteBuffer(ByteBuffer.wrap(Base64.getDecoder().decode(base64.trim())), 0);
    }

    private static void checkSpace(final ScaleOptions o) throws IOException
    {
        final long free = Files.getFileStore(Path.of("/dev/shm")).getUsableSpace();
        final long need = (long)(o.machines + 64) * RingFiles.fileLength(o.inboxCapacity) + (256L << 20);
        log(String.format("/dev/shm: %,d MiB free, at most %,d MiB needed", free >> 20, need >> 20));
        if (free < 2 * need)
        {
            throw new IllegalStateException("/dev/shm has " + (free >> 20) + " MiB free, need " + (2 * need >> 20) +
                " MiB: lower --machines or --inbox-capacity");
        }
    }

    /**
     * @return the first three fields of /proc/loadavg.
     */
    static String loadAverage()
    {
        try
        {
            final String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + " " + f[1] + " " + f[2];
        }
        catch (final IOException ex)
        {
            return "unknown";
        }
    }

    static void log(final String line)
    {
        System.out.println("[scale] " + line);
        System.out.flush();
    }

    /**
     * Remove a directory tree, quietly.
     *
     * @param dir the directory; nothing happens if it does not exist.
     */
    static void deleteTree(final Path dir)
    {
        if (!Files.exists(dir))
        {
            return;
        }
        try
        {
            Files.walkFileTree(dir, new SimpleFileVisitor<>()
            {
                public FileVisitResult visitFile(final Path file, final BasicFileAttributes attrs) throws IOException
                {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                public FileVisitResult postVisitDirectory(final Path d, final IOException ex) throws IOException
                {
                    Files.deleteIfExists(d);
                    return FileVisitResult.CONTINUE;
                }
            });
        }
        catch (final IOException ex)
        {
            System.err.println("could not remove " + dir + ": " + ex.getMessage());
        }
    }

    /** One round-trip subject: the host and machine that measure, the path, and the histograms of each round. */
    static final class Subject
    {
        final String label;
        final Child ping;
        final String pingName;
        final PathId path;
        final Histogram all = new Histogram(MAX_LATENCY_NS, 3);
        final List<Long> roundP50 = new ArrayList<>();

        Subject(final String label, final Child ping, final String pingName, final PathId path)
        {
            this.label = label;
            this.ping = ping;
            this.pingName = pingName;
            this.path = path;
        }
    }
}
