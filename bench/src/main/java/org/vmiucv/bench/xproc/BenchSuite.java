package org.vmiucv.bench.xproc;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

import org.HdrHistogram.Histogram;

/**
 * The cross-process suite behind {@code iucv bench}: starts every subject's peer processes, then measures round
 * trips (per payload size) and one-way streaming in rounds, the subjects interleaved within each round (A, B, C ...,
 * then C, B, A ... in the next) because this machine's core-to-core latency changes mode every few seconds. Ratios
 * are taken round by round against Aeron IPC and the cache-line floor of the same round, then the median is kept.
 * Writes {@code latest.json}, {@code latest.md} and {@code latest.svg} (plus one SVG per further payload size).
 * <p>
 * Usage: {@code BenchSuite [--quick] [--out DIR] [--aeron-lib DIR] [--rounds N] [--trips N] [--messages N]
 * [--payloads 32,1024,65535] [--no-aeron] [--no-pipe] [--no-chronicle] [--only NAME,...]}. {@code --no-pipe} leaves out
 * the Java pipe and the XFL subjects (the XFL records and IUCV over XFL); {@code --only} keeps the subjects whose
 * name contains one of the words (case ignored), e.g. {@code --only iucv,aeron,floor}; {@code --out} is where the
 * results go ({@code bench/results} by default).
 */
public final class BenchSuite
{
    private static final String AERON = "Aeron IPC";
    private static final int PRE_WARM_TRIPS = 2_000;
    private static final long XFL_SPIN_LIMIT_NS = 50_000;
    private static final long WARM_UP_TRIPS = 50_000;
    private static final long WARM_UP_NS = 3_000_000_000L;

    private final Settings settings;
    private final Map<String, Series> series = new LinkedHashMap<>();
    private final Map<String, Integer> tripsPerRound = new LinkedHashMap<>();

    private BenchSuite(final Settings settings)
    {
        this.settings = settings;
    }

    /**
     * @param args see the class comment.
     * @throws Exception on failure (exit status 1).
     */
    public static void main(final String[] args) throws Exception
    {
        final Settings settings;
        try
        {
            settings = Settings.parse(args);
        }
        catch (final IllegalArgumentException ex)
        {
            System.err.println("bench: " + ex.getMessage());
            System.exit(1);
            return;
        }
        final Path dir = Files.createTempDirectory(Path.of("/dev/shm"), "iucvbench");
        final Thread cleanup = new Thread(() -> cleanUp(dir), "bench-cleanup");
        Runtime.getRuntime().addShutdownHook(cleanup);
        int status = 0;
        try
        {
            new BenchSuite(settings).run(dir);
        }
        catch (final Exception ex)
        {
            System.err.println("bench: failed: " + ex);
            ex.printStackTrace();
            status = 1;
        }
        finally
        {
            cleanUp(dir);
        }
        System.exit(status);
    }

    /** Kill every process this JVM started (by handle, descendants first) and delete the scratch directory. */
    private static void cleanUp(final Path dir)
    {
        ProcessHandle.current().descendants().sorted(Comparator.comparingLong(ProcessHandle::pid).reversed())
            .forEach(ProcessHandle::destroyForcibly);
        try (Stream<Path> s = Files.walk(dir))
        {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
        catch (final IOException ex)
        {
            // gone already
        }
    }

    private void run(final Path dir) throws Exception
    {
        final ZonedDateTime start = ZonedDateTime.now();
        final String loadBefore = loadAverage();
        System.out.printf(Locale.ROOT, "bench %s: %d rounds, %,d round trips, %,d streamed messages, payloads %s;" +
            " load %s%n", settings.quick ? "--quick" : "full", settings.rounds, settings.trips, settings.messages,
            settings.payloads, loadBefore);
        final List<Subject> subjects = new ArrayList<>();
        try
        {
            System.out.println("starting peers ...");
            subjects.add(new Floor(dir));
            subjects.add(new RawRings(dir, false));
            subjects.add(new RawRings(dir, true));
            subjects.add(new ShmIucv(dir));
            if (settings.aeron)
            {
                subjects.add(new AeronIpc(dir, settings.aeronLib));
            }
            if (settings.chronicle)
            {
                subjects.add(new ChronicleQueuePingPong(dir));
            }
            if (settings.pipes)
            {
                subjects.add(new Pipe(true));
                subjects.add(new XflPingPong(dir, XFL_SPIN_LIMIT_NS));
                subjects.add(new Pipe(false));
                subjects.add(new XflPingPong(dir, 0));
                subjects.add(new XflIucv(dir));
            }

            if (!settings.only.isEmpty())
            {
                subjects.removeIf(s ->
                {
                    final boolean keep = settings.only.stream()
                        .anyMatch(o -> s.name().toLowerCase(Locale.ROOT).contains(o.toLowerCase(Locale.ROOT)));
                    if (!keep)
                    {
                        s.close();
                    }
                    return !keep;
                });
            }
            System.out.println("warming up ...");
            for (final int payload : settings.payloads)
            {
                for (final Subject s : subjects)
                {
                    if (s.pingPongs(payload))
                    {
                        tripsPerRound.put(s.name() + "|" + payload, warmUp(s, payload));
                    }
                }
            }
            for (final Subject s : subjects)
            {
                if (s.streams(settings.streamPayload))
                {
                    s.stream(settings.messages, settings.streamPayload);
                }
            }

            for (final int payload : settings.payloads)
            {
                System.out.printf(Locale.ROOT, "%nround trips, %,d B%n%-6s %-34s %10s %10s %10s %10s %8s%n", payload,
                    "round", "subject", "p50 ns", "p90 ns", "p99 ns", "p99.9 ns", "B/op");
                for (int r = 0; r < settings.rounds; r++)
                {
                    for (final Subject s : order(subjects, r))
                    {
                        if (!s.pingPongs(payload))
                        {
                            continue;
                        }
                        s.roundTrips(Math.min(PRE_WARM_TRIPS, trips(s, payload)), payload);
                        final Subject.Rtt rtt = s.roundTrips(trips(s, payload), payload);
                        final Series x = series(s.name(), Series.RTT, payload);
                        x.rounds.add(rtt.histogram());
                        x.bytesPerOp.add(rtt.bytesPerOp());
                        final Histogram h = rtt.histogram();
                        System.out.printf(Locale.ROOT, "%-6d %-34s %10d %10d %10d %10d %8.2f%n", r + 1, s.name(),
                            h.getValueAtPercentile(50), h.getValueAtPercentile(90), h.getValueAtPercentile(99),
                            h.getValueAtPercentile(99.9), rtt.bytesPerOp());
                    }
                }
            }

            System.out.printf(Locale.ROOT, "%nstreaming, %d B%n%-6s %-34s %14s %8s%n", settings.streamPayload, "round",
                "subject", "msgs/s", "B/op");
            for (int r = 0; r < settings.rounds; r++)
            {
                for (final Subject s : order(subjects, r))
                {
                    if (!s.streams(settings.streamPayload))
                    {
                        continue;
                    }
                    final Subject.Rate rate = s.stream(settings.messages, settings.streamPayload);
                    final Series x = series(streamName(s), Series.STREAM, settings.streamPayload);
                    x.rates.add(rate.msgsPerSecond());
                    x.bytesPerOp.add(rate.bytesPerOp());
                    System.out.printf(Locale.ROOT, "%-6d %-34s %,14.0f %8.2f%n", r + 1, streamName(s),
                        rate.msgsPerSecond(), rate.bytesPerOp());
                }
            }
        }
        finally
        {
            for (int i = subjects.size() - 1; i >= 0; i--)
            {
                try
                {
                    subjects.get(i).close();
                }
                catch (final RuntimeException ex)
                {
                    System.err.println("closing " + subjects.get(i).name() + ": " + ex);
                }
            }
        }
        final String loadAfter = loadAverage();
        final Report report = new Report(series, settings, start, loadBefore, loadAfter);
        Files.createDirectories(settings.out);
        Files.writeString(settings.out.resolve("latest.json"), report.json());
        Files.writeString(settings.out.resolve("latest.md"), report.markdown());
        for (final int payload : settings.payloads)
        {
            Files.writeString(settings.out.resolve(payload == settings.payloads.get(0) ? "latest.svg" :
                "latest-" + payload + "B.svg"), report.plot(payload));
        }
        System.out.println();
        System.out.print(report.markdown());
        System.out.println("wrote " + settings.out.resolve("latest.json") + ", latest.md and latest*.svg");
    }

    /** SMSG is what our engine streams; the name says so. */
    private static String streamName(final Subject s)
    {
        return s instanceof ShmIucv ? "vm-iucv shm SMSG" : s.name();
    }

    private int trips(final Subject s, final int payload)
    {
        return tripsPerRound.get(s.name() + "|" + payload);
    }

    /**
     * Warm a subject up (JIT, page faults) with up to {@link #WARM_UP_TRIPS} round trips or {@link #WARM_UP_NS},
     * whichever comes first.
     *
     * @return the round trips per measured round: {@code --trips}, fewer if that would take longer than the
     * time budget of one measurement (slow subjects such as blocking pipes get fewer samples, never under 1,000).
     */
    private int warmUp(final Subject s, final int payload) throws Exception
    {
        final long start = System.nanoTime();
        long trips = 0;
        long elapsed;
        do
        {
            s.roundTrips(1_000, payload);
            trips += 1_000;
            elapsed = System.nanoTime() - start;
        }
        while (trips < WARM_UP_TRIPS && elapsed < WARM_UP_NS);
        final Subject.Rtt last = s.roundTrips(1_000, payload);
        final double meanNs = Math.max(1, last.histogram().getMean());
        return (int)Math.max(1_000, Math.min(settings.trips, settings.budgetNs / meanNs));
    }

    private static List<Subject> order(final List<Subject> subjects, final int round)
    {
        final List<Subject> o = new ArrayList<>(subjects);
        if (round % 2 == 1)
        {
            java.util.Collections.reverse(o);
        }
        return o;
    }

    private Series series(final String subject, final String metric, final int payload)
    {
        return series.computeIfAbsent(subject + "|" + metric + "|" + payload, k -> new Series(subject, metric, payload));
    }

    /**
     * @return the Aeron subject's name, the reference of every ratio.
     */
    static String aeronName()
    {
        return AERON;
    }

    private static String loadAverage()
    {
        try
        {
            final String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
            return f[0] + " " + f[1] + " " + f[2];
        }
        catch (final IOException ex)
        {
            return "unknown";
        }
    }

    /** The command line. */
    static final class Settings
    {
        boolean quick;
        Path out = Path.of("bench", "results");
        Path aeronLib;
        int rounds = 15;
        int trips = 300_000;
        int messages = 5_000_000;
        long budgetNs = 2_000_000_000L;
        int streamPayload = 32;
        boolean aeron = true;
        boolean pipes = true;
        boolean chronicle = true;
        List<String> only = List.of();
        List<Integer> payloads = List.of(32, 1024, 65_535);
        String command;

        static Settings parse(final String[] args)
        {
            final Settings s = new Settings();
            final List<String> shown = new ArrayList<>();
            for (int i = 0; i < args.length; i++)
            {
                if ("--out".equals(args[i]) || "--aeron-lib".equals(args[i]))
                {
                    i++; // paths of this machine: not part of how to reproduce
                }
                else
                {
                    shown.add(args[i]);
                }
            }
            s.command = String.join(" ", shown);
            for (final String a : args)
            {
                if ("--quick".equals(a))
                {
                    s.quick = true;
                    s.rounds = 7;
                    s.trips = 100_000;
                    s.messages = 2_000_000;
                    s.budgetNs = 500_000_000L;
                }
            }
            for (int i = 0; i < args.length; i++)
            {
                final String value = i + 1 < args.length ? args[i + 1] : null;
                switch (args[i])
                {
                    case "--quick": break;
                    case "--out": s.out = Path.of(need(args[i], value)); i++; break;
                    case "--aeron-lib": s.aeronLib = Path.of(need(args[i], value)); i++; break;
                    case "--rounds": s.rounds = positive(args[i], value); i++; break;
                    case "--trips": s.trips = positive(args[i], value); i++; break;
                    case "--messages": s.messages = positive(args[i], value); i++; break;
                    case "--payloads": s.payloads = payloads(need(args[i], value)); i++; break;
                    case "--no-aeron": s.aeron = false; break;
                    case "--no-pipe": s.pipes = false; break;
                    case "--no-chronicle": s.chronicle = false; break;
                    case "--only": s.only = List.of(need(args[i], value).split(",")); i++; break;
                    default: throw new IllegalArgumentException("unknown option " + args[i] + " (allowed: --quick, " +
                        "--out DIR, --aeron-lib DIR, --rounds N, --trips N, --messages N, --payloads 32,1024,65535, " +
                        "--no-aeron, --no-pipe, --no-chronicle, --only NAME,NAME)");
                }
            }
            if (s.aeron && null == s.aeronLib)
            {
                s.aeronLib = defaultAeronLib();
            }
            if (s.aeron && !Files.isRegularFile(s.aeronLib.resolve("aeron-all.jar")))
            {
                throw new IllegalArgumentException("no aeron-all.jar in " + s.aeronLib + " (build the bench module: " +
                    "mvn -B -q package -DskipTests -pl bench -am; or pass --aeron-lib DIR or --no-aeron)");
            }
            return s;
        }

        private static Path defaultAeronLib()
        {
            try
            {
                final Path jar = Path.of(BenchSuite.class.getProtectionDomain().getCodeSource().getLocation().toURI());
                return (Files.isRegularFile(jar) ? jar.getParent() : jar.getParent()).resolve("aeron");
            }
            catch (final URISyntaxException | RuntimeException ex)
            {
                return Path.of("bench", "target", "aeron");
            }
        }

        private static String need(final String option, final String value)
        {
            if (null == value)
            {
                throw new IllegalArgumentException(option + " needs a value");
            }
            return value;
        }

        private static int positive(final String option, final String value)
        {
            try
            {
                final int n = Integer.parseInt(need(option, value).replace("_", ""));
                if (n < 1)
                {
                    throw new NumberFormatException();
                }
                return n;
            }
            catch (final NumberFormatException ex)
            {
                throw new IllegalArgumentException(option + " needs a positive integer, not '" + value + "'");
            }
        }

        private static List<Integer> payloads(final String value)
        {
            final List<Integer> p = new ArrayList<>();
            for (final String v : value.split(","))
            {
                final int n = positive("--payloads", v.trim());
                if (n < 8 || n > 65_535)
                {
                    throw new IllegalArgumentException("--payloads: each size is 8 to 65535 bytes, not " + n);
                }
                p.add(n);
            }
            return p;
        }

        String date(final ZonedDateTime t)
        {
            return t.format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
        }
    }
}
