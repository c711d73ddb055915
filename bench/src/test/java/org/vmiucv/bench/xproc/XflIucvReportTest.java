package org.vmiucv.bench.xproc;

import java.time.ZonedDateTime;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The IUCV-over-XFL subject in the outputs of the suite, on made-up measurements (no processes): its rows, its
 * ratio to Aeron, its curve, and an informational row next to the XFL record target, which stays as it was.
 */
class XflIucvReportTest
{
    private static Series rtt(final String subject, final int payload, final long... p50PerRound)
    {
        final Series s = new Series(subject, Series.RTT, payload);
        for (final long v : p50PerRound)
        {
            final Histogram h = Subject.histogram();
            h.recordValueWithCount(v, 1_000);
            s.rounds.add(h);
            s.bytesPerOp.add(0.0);
        }
        return s;
    }

    private static void put(final Map<String, Series> series, final Series s)
    {
        series.put(s.subject + "|" + s.metric + "|" + s.payload, s);
    }

    @Test
    void iucvOverXflHasRowsARatioToAeronACurveAndAnInformationalTarget()
    {
        final Map<String, Series> series = new LinkedHashMap<>();
        put(series, rtt("Aeron IPC", 32, 500, 500));
        put(series, rtt("Java pipe (blocking read)", 32, 20_000, 20_000));
        put(series, rtt("XFL records (blocking)", 32, 60_000, 60_000));
        put(series, rtt(XflIucv.NAME, 32, 400_000, 400_000));
        put(series, rtt("Aeron IPC", 1024, 800, 800));
        put(series, rtt(XflIucv.NAME, 1024, 400_000, 400_000));
        final BenchSuite.Settings settings = BenchSuite.Settings.parse(new String[] {"--quick", "--no-aeron",
            "--payloads", "32,1024"});
        final Report report = new Report(series, settings, ZonedDateTime.now(), "1.0 1.0 1.0", "1.0 1.0 1.0");

        final String json = report.json();
        assertTrue(json.contains("\"subject\": \"vm-iucv over XFL\", \"metric\": \"rtt\", \"payloadBytes\": 1024"),
            json);
        assertTrue(json.contains("\"ratioToAeron\": 800.254"), json); // HdrHistogram keeps 3 digits: 400,127 / 500

        final String md = report.markdown();
        assertTrue(md.contains("| vm-iucv over XFL | 400 µs |"), md);
        assertTrue(md.contains("| XFL record ping-pong 32 B (blocking): p50 ≤ 3 × Java pipe (blocking) p50 | 3.00 | " +
            "yes |"), md);
        assertTrue(md.contains("| IUCV ping-pong over XFL 32 B (through the relay Supervisor): p50 / Java pipe " +
            "(blocking) p50 | 19.99 | informational (no target) |"), md);
        assertFalse(md.contains("the engine has none"), md);

        final String svg = report.plot(32);
        assertEquals(4, svg.split("<polyline").length - 1, "one curve per subject");
        assertTrue(svg.contains("vm-iucv over XFL (p50 400 µs)"), svg);
    }

    @Test
    void noTwoCurvesOfAFullRunShareAColour()
    {
        final SvgPlot plot = new SvgPlot("eleven subjects");
        for (int i = 0; i < 11; i++)
        {
            final Histogram h = Subject.histogram();
            h.recordValueWithCount(1_000 + i, 100);
            plot.curve("subject " + i, h);
        }
        final String svg = plot.render();
        final Set<String> colours = new HashSet<>();
        final Matcher m = Pattern.compile("<polyline fill=\"none\" stroke=\"(#[0-9a-f]+)\"").matcher(svg);
        while (m.find())
        {
            colours.add(m.group(1));
        }
        assertEquals(11, colours.size(), svg);
    }
}
