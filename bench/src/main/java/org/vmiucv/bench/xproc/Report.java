package org.vmiucv.bench.xproc;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.HdrHistogram.Histogram;

/**
 * The outputs of one run of {@link BenchSuite}: JSON (one record per subject, metric and payload), a Markdown
 * table with the targets of the issue checked, and the percentile plots.
 */
final class Report
{
    private static final String FLOOR = "floor (cache-line ping-pong)";
    private static final String SHM = "vm-iucv shm";
    private static final String SMSG = "vm-iucv shm SMSG";

    private final Map<String, Series> series;
    private final BenchSuite.Settings settings;
    private final String date;
    private final String loadBefore;
    private final String loadAfter;
    private final String jvm;
    private final String cpu;

    Report(final Map<String, Series> series, final BenchSuite.Settings settings, final ZonedDateTime start,
        final String loadBefore, final String loadAfter)
    {
        this.series = series;
        this.settings = settings;
        this.date = start.format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
        this.loadBefore = loadBefore;
        this.loadAfter = loadAfter;
        this.jvm = System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version");
        this.cpu = Runtime.getRuntime().availableProcessors() + " vCPU, " + cpuModel();
    }

    private Series find(final String subject, final String metric, final int payload)
    {
        return series.get(subject + "|" + metric + "|" + payload);
    }

    /**
     * @return one JSON document: run facts and an array of records.
     */
    String json()
    {
        final StringBuilder j = new StringBuilder(16 * 1024);
        j.append("{\n");
        j.append("  \"date\": ").append(str(date)).append(",\n");
        j.append("  \"jvm\": ").append(str(jvm)).append(",\n");
        j.append("  \"machine\": ").append(str(cpu)).append(",\n");
        j.append("  \"loadAverageBefore\": ").append(str(loadBefore)).append(",\n");
        j.append("  \"loadAverageAfter\": ").append(str(loadAfter)).append(",\n");
        j.append("  \"mode\": ").append(str(settings.quick ? "quick" : "full")).append(",\n");
        j.append("  \"rounds\": ").append(settings.rounds).append(",\n");
        j.append("  \"notes\": ").append(str("latencies are round trips in ns; percentiles over all rounds merged; " +
            "ratios are medians over rounds of the per-round ratio (p50 for rtt, msgs/s for stream) against the " +
            "reference measured in the same round; bytesPerOp is what the measuring process allocated (all its " +
            "threads) per operation, the peer processes are not counted")).append(",\n");
        j.append("  \"records\": [\n");
        final List<String> records = new ArrayList<>();
        for (final Series s : series.values())
        {
            final StringBuilder r = new StringBuilder("    {");
            r.append("\"subject\": ").append(str(s.subject));
            r.append(", \"metric\": ").append(str(s.metric));
            r.append(", \"payloadBytes\": ").append(s.payload);
            r.append(", \"rounds\": ").append(s.size());
            final Series aeron = find(BenchSuite.aeronName(), s.metric, s.payload);
            if (Series.RTT.equals(s.metric))
            {
                final Histogram h = s.merged();
                r.append(", \"samples\": ").append(h.getTotalCount());
                r.append(", \"p50Ns\": ").append(h.getValueAtPercentile(50));
                r.append(", \"p90Ns\": ").append(h.getValueAtPercentile(90));
                r.append(", \"p99Ns\": ").append(h.getValueAtPercentile(99));
                r.append(", \"p999Ns\": ").append(h.getValueAtPercentile(99.9));
                r.append(", \"maxNs\": ").append(h.getMaxValue());
                r.append(", \"meanNs\": ").append(num(h.getMean()));
                r.append(", \"medianRoundP50Ns\": ").append(num(s.medianHeadline()));
                r.append(", \"msgsPerSec\": ").append(num(1e9 / h.getMean()));
                r.append(", \"msgsPerSecMeaning\": \"round trips per second, 1e9 / mean\"");
                r.append(", \"ratioToFloorP50\": ").append(num(s.ratioTo(find(FLOOR, s.metric, 32))));
            }
            else
            {
                r.append(", \"msgsPerSec\": ").append(num(s.medianHeadline()));
            }
            r.append(", \"bytesPerOp\": ").append(num(s.medianBytesPerOp()));
            r.append(", \"ratioToAeron\": ").append(num(s.ratioTo(aeron)));
            r.append(", \"jvm\": ").append(str(jvm));
            r.append(", \"date\": ").append(str(date));
            r.append('}');
            records.add(r.toString());
        }
        j.append(String.join(",\n", records)).append("\n  ]\n}\n");
        return j.toString();
    }

    /**
     * @return the tables people read.
     */
    String markdown()
    {
        final StringBuilder m = new StringBuilder(8 * 1024);
        m.append("# vm-iucv cross-process benchmark\n\n");
        m.append("- date: ").append(date).append('\n');
        m.append("- machine: ").append(cpu).append("; ").append(jvm).append('\n');
        m.append("- load average (1, 5, 15 min) before: ").append(loadBefore).append(", after: ").append(loadAfter)
            .append(" (other work on the machine shows up here)\n");
        m.append("- run: `./iucv bench").append(settings.command.isEmpty() ? "" : " " + settings.command)
            .append("` (").append(settings.quick ? "quick" : "full").append("), ").append(settings.rounds)
            .append(" rounds, subjects interleaved in every round (order reversed every other round)\n");
        m.append("- round trip = send a message to a peer process and receive the peer's copy back, busy spinning; " +
            "percentiles over all rounds merged; ratios = median over rounds of the per-round p50 ratio to the " +
            "reference measured in the same round; B/op = allocated by the measuring process (all threads) per " +
            "operation; samples = round trips recorded over all rounds (slow subjects get fewer per round, within a time " +
            "budget)\n\n");
        for (final int payload : settings.payloads)
        {
            m.append("## Round trips, ").append(String.format(Locale.ROOT, "%,d", payload)).append(" B\n\n");
            m.append("| subject | p50 | p90 | p99 | p99.9 | mean | round trips/s | p50 / Aeron | p50 / floor | B/op " +
                "| samples |\n");
            m.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
            for (final Series s : series.values())
            {
                if (!Series.RTT.equals(s.metric) || s.payload != payload)
                {
                    continue;
                }
                final Histogram h = s.merged();
                m.append("| ").append(s.subject)
                    .append(" | ").append(SvgPlot.nanosLabel(h.getValueAtPercentile(50)))
                    .append(" | ").append(SvgPlot.nanosLabel(h.getValueAtPercentile(90)))
                    .append(" | ").append(SvgPlot.nanosLabel(h.getValueAtPercentile(99)))
                    .append(" | ").append(SvgPlot.nanosLabel(h.getValueAtPercentile(99.9)))
                    .append(" | ").append(SvgPlot.nanosLabel(h.getMean()))
                    .append(" | ").append(String.format(Locale.ROOT, "%,.0f", 1e9 / h.getMean()))
                    .append(" | ").append(ratio(s.ratioTo(find(BenchSuite.aeronName(), s.metric, payload))))
                    .append(" | ").append(ratio(s.ratioTo(find(FLOOR, s.metric, payload))))
                    .append(" | ").append(bytes(s.medianBytesPerOp()))
                    .append(" | ").append(String.format(Locale.ROOT, "%,d", h.getTotalCount()))
                    .append(" |\n");
            }
            m.append('\n');
        }
        m.append("## One-way streaming, ").append(settings.streamPayload).append(" B, ")
            .append(String.format(Locale.ROOT, "%,d", settings.messages)).append(" messages a round, end to end\n\n");
        m.append("| subject | msgs/s (median) | / Aeron | B/op |\n|---|---:|---:|---:|\n");
        for (final Series s : series.values())
        {
            if (Series.STREAM.equals(s.metric))
            {
                m.append("| ").append(s.subject)
                    .append(" | ").append(String.format(Locale.ROOT, "%,.0f", s.medianHeadline()))
                    .append(" | ").append(ratio(s.ratioTo(find(BenchSuite.aeronName(), s.metric, s.payload))))
                    .append(" | ").append(bytes(s.medianBytesPerOp()))
                    .append(" |\n");
            }
        }
        m.append('\n').append(targets());
        return m.toString();
    }

    private String targets()
    {
        final StringBuilder t = new StringBuilder();
        t.append("## Targets (issue 6)\n\n| target | measured | met |\n|---|---:|---|\n");
        final Series shm = find(SHM, Series.RTT, 32);
        final Series aeron = find(BenchSuite.aeronName(), Series.RTT, 32);
        final Series floor = find(FLOOR, Series.RTT, 32);
        final Series smsg = find(SMSG, Series.STREAM, settings.streamPayload);
        final Series aeronStream = find(BenchSuite.aeronName(), Series.STREAM, settings.streamPayload);
        if (null != shm)
        {
            target(t, "shm IUCV ping-pong 32 B: p50 ≤ 1.2 × Aeron IPC p50", shm.ratioTo(aeron), 1.2, true);
            target(t, "shm IUCV ping-pong 32 B: p50 ≤ 1.6 × floor p50", shm.ratioTo(floor), 1.6, true);
            target(t, "shm IUCV ping-pong: B/op (PING's process) = 0", shm.medianBytesPerOp(), 0.5, true);
        }
        if (null != smsg)
        {
            target(t, "SMSG streaming 32 B: ≥ 0.8 × Aeron IPC streaming", smsg.ratioTo(aeronStream), 0.8, false);
            target(t, "SMSG streaming: B/op (sender's process) = 0", smsg.medianBytesPerOp(), 0.5, true);
        }
        final Series xflBlock = find("XFL records (blocking)", Series.RTT, 32);
        final Series xflSpin = find("XFL records (spin then block)", Series.RTT, 32);
        if (null != xflBlock)
        {
            target(t, "XFL record ping-pong 32 B (blocking): p50 ≤ 3 × Java pipe (blocking) p50",
                xflBlock.ratioTo(find("Java pipe (blocking read)", Series.RTT, 32)), 3, true);
        }
        if (null != xflSpin)
        {
            target(t, "XFL record ping-pong 32 B (spin then block): p50 ≤ 3 × Java pipe (spin) p50",
                xflSpin.ratioTo(find("Java pipe (spin on available)", Series.RTT, 32)), 3, true);
        }
        final Series xflIucv = find(XflIucv.NAME, Series.RTT, 32);
        if (null != xflIucv)
        {
            info(t, "IUCV ping-pong over XFL 32 B (through the relay Supervisor): p50 / Java pipe (blocking) p50",
                xflIucv.ratioTo(find("Java pipe (blocking read)", Series.RTT, 32)));
        }
        t.append("\nThe XFL target is checked on the XFL record rows (the protocol between two processes); the " +
            "vm-iucv over XFL row is IUCV over the engine's XFL transport, where every message passes through the " +
            "Supervisor process (several XFL exchanges per hop), shown for information. Not measured by this suite: " +
            "B/op of the peer processes, and the scale targets (1,000 machines / 10,000 paths, connect latency, " +
            "memory per machine and path).\n");
        return t.toString();
    }

    private static void target(final StringBuilder t, final String what, final double value, final double limit,
        final boolean atMost)
    {
        final String met = Double.isNaN(value) ? "not measured" : (atMost ? value <= limit : value >= limit) ?
            "yes" : String.format(Locale.ROOT, "**no** (%s by %.0f %%)", atMost ? "over" : "under",
            Math.abs(value / limit - 1) * 100);
        t.append("| ").append(what).append(" | ")
            .append(Double.isNaN(value) ? "–" : String.format(Locale.ROOT, "%.2f", value))
            .append(" | ").append(met).append(" |\n");
    }

    /** A row without a target: the figure alone, for information. */
    private static void info(final StringBuilder t, final String what, final double value)
    {
        t.append("| ").append(what).append(" | ")
            .append(Double.isNaN(value) ? "–" : String.format(Locale.ROOT, "%.2f", value))
            .append(" | ").append(Double.isNaN(value) ? "not measured" : "informational (no target)").append(" |\n");
    }

    /**
     * @param payload a payload size of the run.
     * @return the percentile plot of every subject's round trips at that size, all rounds merged.
     */
    String plot(final int payload)
    {
        final SvgPlot plot = new SvgPlot(String.format(Locale.ROOT, "Round trip between two processes, %,d B — %s, " +
            "%s", payload, date.substring(0, 10), cpu.replaceAll(",.*", "")));
        for (final Series s : series.values())
        {
            if (Series.RTT.equals(s.metric) && s.payload == payload)
            {
                plot.curve(s.subject, s.merged());
            }
        }
        return plot.render();
    }

    private static String ratio(final double r)
    {
        return Double.isNaN(r) ? "–" : String.format(Locale.ROOT, "%.2f", r);
    }

    private static String bytes(final double b)
    {
        return Double.isNaN(b) ? "–" : String.format(Locale.ROOT, "%.2f", b);
    }

    private static String num(final double v)
    {
        return Double.isNaN(v) || Double.isInfinite(v) ? "null" : String.format(Locale.ROOT, "%.3f", v);
    }

    private static String str(final String s)
    {
        return '"' + s.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }

    private static String cpuModel()
    {
        try
        {
            for (final String line : Files.readAllLines(Path.of("/proc/cpuinfo")))
            {
                if (line.startsWith("model name"))
                {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        }
        catch (final IOException ex)
        {
            // not Linux
        }
        return System.getProperty("os.arch");
    }
}
