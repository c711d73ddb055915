package org.vmiucv.bench.xproc;

import java.time.ZonedDateTime;
import java.util.LinkedHashMap;
import java.util.Map;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The arithmetic and the outputs of the suite, on made-up measurements (no processes).
 */
class ReportTest
{
    private static Histogram constant(final long ns, final int n)
    {
        final Histogram h = Subject.histogram();
        h.recordValueWithCount(ns, n);
        return h;
    }

    private static Series rtt(final String subject, final long... p50PerRound)
    {
        final Series s = new Series(subject, Series.RTT, 32);
        for (final long v : p50PerRound)
        {
            s.rounds.add(constant(v, 1_000));
            s.bytesPerOp.add(0.0);
        }
        return s;
    }

    @Test
    void ratiosAreTheMedianOfPerRoundRatios()
    {
        // the mode flips: round 2 is slow for both, and the per-round ratio stays 2
        final Series aeron = rtt("Aeron IPC", 100, 400, 100);
        final Series shm = rtt("vm-iucv shm", 200, 800, 200);
        assertEquals(2.0, shm.ratioTo(aeron), 0.01);
        assertEquals(Double.NaN, shm.ratioTo(null));
        assertEquals(200, shm.medianHeadline(), 1);
    }

    @Test
    void medianOfEvenCountIsTheMeanOfTheMiddleTwo()
    {
        assertEquals(2.5, Series.median(new double[] {4, 1, 3, 2}));
        assertEquals(Double.NaN, Series.median(new double[0]));
    }

    @Test
    void outputsNameEverySubjectAndCheckTheTargets()
    {
        final Map<String, Series> series = new LinkedHashMap<>();
        series.put("floor (cache-line ping-pong)|rtt|32", rtt("floor (cache-line ping-pong)", 120, 120));
        series.put("vm-iucv shm|rtt|32", rtt("vm-iucv shm", 180, 180));
        series.put("Aeron IPC|rtt|32", rtt("Aeron IPC", 170, 170));
        final Series smsg = new Series("vm-iucv shm SMSG", Series.STREAM, 32);
        smsg.rates.add(18e6);
        smsg.bytesPerOp.add(0.0);
        final Series aeron = new Series("Aeron IPC", Series.STREAM, 32);
        aeron.rates.add(20e6);
        aeron.bytesPerOp.add(0.0);
        series.put("vm-iucv shm SMSG|stream|32", smsg);
        series.put("Aeron IPC|stream|32", aeron);
        final BenchSuite.Settings settings = BenchSuite.Settings.parse(new String[] {"--quick", "--no-aeron",
            "--payloads", "32"});
        final Report report = new Report(series, settings, ZonedDateTime.now(), "1.0 1.0 1.0", "1.0 1.0 1.0");

        final String json = report.json();
        assertTrue(json.contains("\"subject\": \"vm-iucv shm\", \"metric\": \"rtt\", \"payloadBytes\": 32"), json);
        assertTrue(json.contains("\"ratioToAeron\": 1.059"), json);
        assertTrue(json.contains("\"ratioToFloorP50\": 1.500"), json);
        assertTrue(json.contains("\"msgsPerSec\": 18000000.000"), json);

        final String md = report.markdown();
        assertTrue(md.contains("| shm IUCV ping-pong 32 B: p50 ≤ 1.2 × Aeron IPC p50 | 1.06 | yes |"), md);
        assertTrue(md.contains("| shm IUCV ping-pong 32 B: p50 ≤ 1.6 × floor p50 | 1.50 | yes |"), md);
        assertTrue(md.contains("| SMSG streaming 32 B: ≥ 0.8 × Aeron IPC streaming | 0.90 | yes |"), md);

        final String svg = report.plot(32);
        assertTrue(svg.startsWith("<svg xmlns=\"http://www.w3.org/2000/svg\""), svg);
        assertEquals(3, svg.split("<polyline").length - 1, "one curve per subject");
        assertTrue(svg.trim().endsWith("</svg>"));
    }

    @Test
    void badOptionsSayWhatIsAllowed()
    {
        final IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
            () -> BenchSuite.Settings.parse(new String[] {"--fast"}));
        assertTrue(unknown.getMessage().contains("unknown option --fast (allowed: --quick"), unknown.getMessage());
        final IllegalArgumentException size = assertThrows(IllegalArgumentException.class,
            () -> BenchSuite.Settings.parse(new String[] {"--no-aeron", "--payloads", "32,70000"}));
        assertTrue(size.getMessage().contains("8 to 65535 bytes, not 70000"), size.getMessage());
        final IllegalArgumentException rounds = assertThrows(IllegalArgumentException.class,
            () -> BenchSuite.Settings.parse(new String[] {"--no-aeron", "--rounds", "zero"}));
        assertTrue(rounds.getMessage().contains("--rounds needs a positive integer, not 'zero'"), rounds.getMessage());
    }

    @Test
    void nanosLabels()
    {
        assertEquals("120 ns", SvgPlot.nanosLabel(120));
        assertEquals("2.6 µs", SvgPlot.nanosLabel(2_600));
        assertEquals("44 µs", SvgPlot.nanosLabel(44_000));
        assertEquals("1.2 ms", SvgPlot.nanosLabel(1_200_000));
    }
}
