package org.vmiucv.bench.scale;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.HdrHistogram.Histogram;

/**
 * Writes {@code scale.md} (for people) and {@code scale.json} (one record per figure) from a {@link ScaleResult}.
 */
final class ScaleReport
{
    /** RTT with the big system over RTT with the small one, p50: the target. */
    static final double RTT_RATIO_TARGET = 1.1;

    private ScaleReport()
    {
    }

    /**
     * @param r   the result.
     * @param out the directory.
     * @throws IOException if the files cannot be written.
     */
    static void write(final ScaleResult r, final Path out) throws IOException
    {
        Files.createDirectories(out);
        final String date = ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
        final String machine = machine();
        final String jvm = System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version");
        final ScaleBench.Subject a = r.subjects.get(0);
        final ScaleBench.Subject b = r.subjects.get(1);
        final ScaleBench.Subject c = r.subjects.get(2);
        final double ratioA = ratio(a.all, b.all, 50);
        final double ratioC = ratio(c.all, b.all, 50);
        final double pairedA = pairedMedian(a, b);
        final double pairedC = pairedMedian(c, b);
        final ScaleOptions o = r.options;
        final Footprint f0 = r.empty;
        final Footprint f1 = r.ipled;
        final Footprint f2 = r.connected;

        final StringBuilder md = new StringBuilder();
        md.append("# Scale: ").append(String.format("%,d", o.machines)).append(" machines in ").append(o.processes)
            .append(" processes, ").append(String.format("%,d", o.paths)).append(" paths\n\n");
        md.append("Date ").append(date).append(" · ").append(machine).append(" · ").append(jvm)
            .append(" · load average before ").append(r.loadBefore).append(", after ").append(r.loadAfter)
            .append("\n\n");
        md.append("Command: `java <BenchCommand.JVM_FLAGS> -cp bench/target/benchmarks.jar ")
            .append("org.vmiucv.bench.scale.ScaleBench --machines ").append(o.machines).append(" --paths ")
            .append(o.paths).append(" --processes ").append(o.processes).append(" --trips ").append(o.trips)
            .append(" --rounds ").append(o.rounds).append("`. Supervisors run with `--no-journal --inbox-capacity ")
            .append(o.inboxCapacity).append("`.\n\n");
        md.append("## Targets\n\n| target | figure | met |\n|---|---|---|\n");
        md.append(String.format(Locale.ROOT, "| RTT with %,d machines / %,d paths within %.1fx of a fresh system " +
            "(p50, measuring machines share hosts with the idle ones) | %.2fx (median of per-round ratios %.2fx) | %s |\n",
            o.machines, o.paths, RTT_RATIO_TARGET, ratioA, pairedA, ratioA <= RTT_RATIO_TARGET ? "yes" : "**no**"));
        md.append(String.format(Locale.ROOT, "| same, measuring machines in dedicated hosts of the big system " +
            "| %.2fx (median of per-round ratios %.2fx) | %s |\n\n", ratioC, pairedC,
            ratioC <= RTT_RATIO_TARGET ? "yes" : "**no**"));
        md.append(String.format(Locale.ROOT, "## IUCV round trip, %d B, %d rounds of %,d trips, interleaved A, B, C\n\n",
            o.payload, o.rounds, o.trips));
        md.append("| subject | p50 ns | p90 ns | p99 ns | p99.9 ns | mean ns | p50 per round (ns) |\n")
            .append("|---|---:|---:|---:|---:|---:|---|\n");
        for (final ScaleBench.Subject s : r.subjects)
        {
            md.append(String.format(Locale.ROOT, "| %s | %,d | %,d | %,d | %,d | %,.0f | %s |\n", s.label,
                s.all.getValueAtPercentile(50), s.all.getValueAtPercentile(90), s.all.getValueAtPercentile(99),
                s.all.getValueAtPercentile(99.9), s.all.getMean(), s.roundP50));
        }
        md.append(String.format(Locale.ROOT, "\np99 ratio A/B %.2fx, C/B %.2fx.\n\n",
            ratio(a.all, b.all, 99), ratio(c.all, b.all, 99)));
        md.append(String.format(Locale.ROOT, "## CONNECT across processes (from the harness's process)\n\n" +
            "%,d sequential `Supervisor.connect` calls, timed one by one, after %,d pipelined ones (window 128), " +
            "each between machines in different host processes (harness → CP → target host → CP → both hosts):\n\n",
            r.connect.getTotalCount(), o.paths - o.timedConnects));
        md.append("| p50 µs | p90 µs | p99 µs | max µs | mean µs | all paths set up in |\n|---:|---:|---:|---:|---:|---:|\n");
        md.append(String.format(Locale.ROOT, "| %.1f | %.1f | %.1f | %.1f | %.1f | %.1f s (%.1f s pipelined part) |\n\n",
            us(r.connect.getValueAtPercentile(50)), us(r.connect.getValueAtPercentile(90)),
            us(r.connect.getValueAtPercentile(99)), us(r.connect.getMaxValue()), r.connect.getMean() / 1000,
            r.connectSeconds, r.bulkSeconds));
        md.append(String.format(Locale.ROOT, "IPL of %,d machines (4 hosts in parallel, one blocking IPL after the " +
            "other in each): %.1f s. QUERY after set-up: %,d machines, %,d paths (incl. none of the measuring ones).\n\n",
            o.machines, r.iplSeconds, r.machinesQueried, r.pathsQueried));
        md.append("## Memory\n\nHost figures are the sum over the ").append(o.processes)
            .append(" hosts of idle machines, each sampled after a full GC; the CP is the Supervisor process.\n\n");
        md.append("| stage | hosts RSS | of it shm | hosts heap | CP RSS | /dev/shm files (size) | /dev/shm du | files |\n")
            .append("|---|---:|---:|---:|---:|---:|---:|---:|\n");
        row(md, "hosts attached, no machines", f0);
        row(md, String.format("%,d machines IPLed", o.machines), f1);
        row(md, String.format("%,d paths established", o.paths), f2);
        md.append("\n| per | hosts RSS | of it shm | hosts heap | CP RSS | /dev/shm size | /dev/shm du |\n")
            .append("|---|---:|---:|---:|---:|---:|---:|\n");
        perRow(md, "machine", f0, f1, o.machines);
        perRow(md, "path", f1, f2, o.paths);
        md.append("\nThe path table is preallocated for `--max-paths` slots when the system starts, so a path adds " +
            "no /dev/shm file bytes; `du` shows the table pages it touches.\n");
        Files.writeString(out.resolve("scale.md"), md.toString());

        final List<String> recs = new ArrayList<>();
        for (final ScaleBench.Subject s : r.subjects)
        {
            recs.add(String.format(Locale.ROOT, "{\"metric\":\"iucv_rtt_ns\",\"subject\":%s,\"payload\":%d," +
                "\"p50\":%d,\"p90\":%d,\"p99\":%d,\"p999\":%d,\"mean\":%.1f,\"count\":%d,\"round_p50\":%s}",
                quote(s.label), o.payload, s.all.getValueAtPercentile(50), s.all.getValueAtPercentile(90),
                s.all.getValueAtPercentile(99), s.all.getValueAtPercentile(99.9), s.all.getMean(),
                s.all.getTotalCount(), s.roundP50));
        }
        recs.add(String.format(Locale.ROOT, "{\"metric\":\"rtt_ratio_big_over_small_p50\",\"shared_hosts\":%.3f," +
            "\"dedicated_hosts\":%.3f,\"shared_hosts_paired_median\":%.3f,\"dedicated_hosts_paired_median\":%.3f," +
            "\"target\":%.1f,\"met_shared\":%b,\"met_dedicated\":%b}", ratioA, ratioC, pairedA, pairedC,
            RTT_RATIO_TARGET, ratioA <= RTT_RATIO_TARGET, ratioC <= RTT_RATIO_TARGET));
        recs.add(String.format(Locale.ROOT, "{\"metric\":\"connect_ns\",\"count\":%d,\"p50\":%d,\"p90\":%d," +
            "\"p99\":%d,\"max\":%d,\"mean\":%.1f,\"setup_seconds\":%.2f,\"pipelined_seconds\":%.2f," +
            "\"ipl_seconds\":%.2f}", r.connect.getTotalCount(), r.connect.getValueAtPercentile(50),
            r.connect.getValueAtPercentile(90), r.connect.getValueAtPercentile(99), r.connect.getMaxValue(),
            r.connect.getMean(), r.connectSeconds, r.bulkSeconds, r.iplSeconds));
        recs.add(footJson("empty", f0));
        recs.add(footJson("ipled", f1));
        recs.add(footJson("connected", f2));
        recs.add(perJson("machine", f0, f1, o.machines));
        recs.add(perJson("path", f1, f2, o.paths));
        final String json = String.format(Locale.ROOT, "{\"date\":%s,\"machine\":%s,\"jvm\":%s," +
            "\"load_before\":%s,\"load_after\":%s,\"machines\":%d,\"paths\":%d,\"processes\":%d,\"trips\":%d," +
            "\"rounds\":%d,\"inbox_capacity\":%d,\n\"records\":[\n  %s\n]}\n", quote(date), quote(machine),
            quote(jvm), quote(r.loadBefore), quote(r.loadAfter), o.machines, o.paths, o.processes, o.trips,
            o.rounds, o.inboxCapacity, String.join(",\n  ", recs));
        Files.writeString(out.resolve("scale.json"), json);
    }

    private static void row(final StringBuilder md, final String stage, final Footprint f)
    {
        md.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %s | %,d |\n", stage,
            mib(f.hostsRssBytes()), mib(f.hostsRssShmemBytes()), mib(f.hostsHeapBytes()), mib(f.cpRssBytes()),
            mib(f.shmFileBytes()), mib(f.shmDuBytes()), f.shmFiles()));
    }

    private static void perRow(final StringBuilder md, final String per, final Footprint before,
        final Footprint after, final int n)
    {
        md.append(String.format(Locale.ROOT, "| %s | %,d B | %,d B | %,d B | %,d B | %,d B | %,d B |\n", per,
            (after.hostsRssBytes() - before.hostsRssBytes()) / n,
            (after.hostsRssShmemBytes() - before.hostsRssShmemBytes()) / n,
            (after.hostsHeapBytes() - before.hostsHeapBytes()) / n,
            (after.cpRssBytes() - before.cpRssBytes()) / n,
            (after.shmFileBytes() - before.shmFileBytes()) / n,
            (after.shmDuBytes() - before.shmDuBytes()) / n));
    }

    private static String footJson(final String stage, final Footprint f)
    {
        return String.format(Locale.ROOT, "{\"metric\":\"footprint_bytes\",\"stage\":%s,\"hosts_rss\":%d," +
            "\"hosts_rss_shmem\":%d,\"hosts_heap\":%d,\"cp_rss\":%d,\"shm_file_size\":%d,\"shm_du\":%d," +
            "\"shm_files\":%d}", quote(stage), f.hostsRssBytes(), f.hostsRssShmemBytes(), f.hostsHeapBytes(),
            f.cpRssBytes(), f.shmFileBytes(), f.shmDuBytes(), f.shmFiles());
    }

    private static String perJson(final String per, final Footprint before, final Footprint after, final int n)
    {
        return String.format(Locale.ROOT, "{\"metric\":\"bytes_per_%s\",\"hosts_rss\":%d,\"hosts_rss_shmem\":%d," +
            "\"hosts_heap\":%d,\"cp_rss\":%d,\"shm_file_size\":%d,\"shm_du\":%d}", per,
            (after.hostsRssBytes() - before.hostsRssBytes()) / n,
            (after.hostsRssShmemBytes() - before.hostsRssShmemBytes()) / n,
            (after.hostsHeapBytes() - before.hostsHeapBytes()) / n, (after.cpRssBytes() - before.cpRssBytes()) / n,
            (after.shmFileBytes() - before.shmFileBytes()) / n, (after.shmDuBytes() - before.shmDuBytes()) / n);
    }

    private static double ratio(final Histogram x, final Histogram y, final double percentile)
    {
        return (double)x.getValueAtPercentile(percentile) / y.getValueAtPercentile(percentile);
    }

    /** The median over rounds of (subject p50 / small p50 of the same round): robust to the core-to-core mode. */
    private static double pairedMedian(final ScaleBench.Subject x, final ScaleBench.Subject y)
    {
        final double[] q = new double[x.roundP50.size()];
        for (int i = 0; i < q.length; i++)
        {
            q[i] = (double)x.roundP50.get(i) / y.roundP50.get(i);
        }
        java.util.Arrays.sort(q);
        return q.length % 2 == 1 ? q[q.length / 2] : (q[q.length / 2 - 1] + q[q.length / 2]) / 2;
    }

    private static double us(final long ns)
    {
        return ns / 1000.0;
    }

    private static String mib(final long bytes)
    {
        return String.format(Locale.ROOT, "%.1f MiB", bytes / 1048576.0);
    }

    private static String machine()
    {
        String model = "unknown CPU";
        try
        {
            for (final String line : Files.readAllLines(Path.of("/proc/cpuinfo")))
            {
                if (line.startsWith("model name"))
                {
                    model = line.substring(line.indexOf(':') + 1).trim();
                    break;
                }
            }
        }
        catch (final IOException ignore)
        {
            // keep "unknown CPU"
        }
        return Runtime.getRuntime().availableProcessors() + " vCPU, " + model + ", " + System.getProperty("os.name") +
            " " + System.getProperty("os.version");
    }

    private static String quote(final String s)
    {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
