package org.vmiucv.bench.xproc;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.HdrHistogram.Histogram;

/**
 * A latency percentile plot as a standalone SVG document, in the style of HdrHistogram's plotter: the x axis is
 * the percentile on a log scale of 1 / (1 - p) (0 %, 90 %, 99 %, 99.9 % ... equally spaced), the y axis the latency
 * on a log scale. Each curve stops where its sample count stops resolving percentiles.
 */
final class SvgPlot
{
    /** One colour per subject of a full run (eleven, with IUCV over XFL), so no two curves share one. */
    private static final String[] COLOURS =
        {"#d62728", "#1f77b4", "#2ca02c", "#000000", "#9467bd", "#ff7f0e", "#8c564b", "#e377c2", "#17becf", "#7f7f7f",
        "#bcbd22", "#393b79"};
    private static final int WIDTH = 1040;
    private static final int HEIGHT = 560;
    private static final int LEFT = 80;
    private static final int RIGHT = 400;
    private static final int TOP = 50;
    private static final int BOTTOM = 60;
    private static final double STEP = 0.02;

    private final String title;
    private final List<String> labels = new ArrayList<>();
    private final List<Histogram> curves = new ArrayList<>();

    /**
     * @param title the heading.
     */
    SvgPlot(final String title)
    {
        this.title = title;
    }

    /**
     * @param label     the legend entry.
     * @param histogram latencies in ns.
     * @return this.
     */
    SvgPlot curve(final String label, final Histogram histogram)
    {
        if (histogram.getTotalCount() > 0)
        {
            labels.add(label);
            curves.add(histogram);
        }
        return this;
    }

    /**
     * @return the SVG document.
     */
    String render()
    {
        double maxX = 1;
        double minY = Double.MAX_VALUE;
        double maxY = 0;
        for (final Histogram h : curves)
        {
            maxX = Math.max(maxX, lastX(h));
            minY = Math.min(minY, Math.max(1, h.getValueAtPercentile(0)));
            maxY = Math.max(maxY, h.getValueAtPercentile(percentile(lastX(h))));
        }
        maxX = Math.ceil(maxX);
        final double y0 = Math.floor(Math.log10(Math.max(1, minY)));
        final double y1 = Math.max(y0 + 1, Math.ceil(Math.log10(Math.max(10, maxY))));
        final int plotW = WIDTH - LEFT - RIGHT;
        final int plotH = HEIGHT - TOP - BOTTOM;
        final StringBuilder svg = new StringBuilder(64 * 1024);
        svg.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" " +
            "viewBox=\"0 0 %d %d\" font-family=\"sans-serif\" font-size=\"12\">%n", WIDTH, HEIGHT, WIDTH, HEIGHT));
        svg.append(String.format(Locale.ROOT, "<rect width=\"%d\" height=\"%d\" fill=\"white\"/>%n", WIDTH, HEIGHT));
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"28\" font-size=\"15\" font-weight=\"bold\">%s</text>%n",
            LEFT, escape(title)));
        for (int k = 0; k <= (int)maxX; k++)
        {
            final double x = LEFT + plotW * k / maxX;
            svg.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#ddd\"/>%n",
                x, TOP, x, TOP + plotH));
            svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>%n",
                x, TOP + plotH + 18, percentileLabel(k)));
        }
        for (int d = (int)y0; d <= (int)y1; d++)
        {
            final double y = TOP + plotH - plotH * (d - y0) / (y1 - y0);
            svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#ddd\"/>%n",
                LEFT, y, LEFT + plotW, y));
            svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>%n",
                LEFT - 6, y + 4, nanosLabel(Math.pow(10, d))));
        }
        svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" " +
            "stroke=\"#444\"/>%n", LEFT, TOP, plotW, plotH));
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">percentile</text>%n",
            LEFT + plotW / 2, HEIGHT - 18));
        svg.append(String.format(Locale.ROOT, "<text transform=\"translate(20 %d) rotate(-90)\" " +
            "text-anchor=\"middle\">round-trip latency (log scale)</text>%n", TOP + plotH / 2));
        for (int c = 0; c < curves.size(); c++)
        {
            final Histogram h = curves.get(c);
            final String colour = COLOURS[c % COLOURS.length];
            final StringBuilder points = new StringBuilder();
            final double last = lastX(h);
            for (double x = 0; x <= last + 1e-9; x += STEP)
            {
                final double v = Math.max(1, h.getValueAtPercentile(percentile(x)));
                final double px = LEFT + plotW * x / maxX;
                final double py = TOP + plotH - plotH * (Math.log10(v) - y0) / (y1 - y0);
                points.append(String.format(Locale.ROOT, "%.1f,%.1f ", px, Math.max(TOP, Math.min(TOP + plotH, py))));
            }
            svg.append(String.format(Locale.ROOT, "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"2\" " +
                "points=\"%s\"/>%n", colour, points.toString().trim()));
            final int ly = TOP + 10 + 22 * c;
            svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"%s\" " +
                "stroke-width=\"3\"/>%n", LEFT + plotW + 14, ly, LEFT + plotW + 38, ly, colour));
            svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\">%s (p50 %s)</text>%n",
                LEFT + plotW + 44, ly + 4, escape(labels.get(c)), nanosLabel(h.getValueAtPercentile(50))));
        }
        svg.append("</svg>\n");
        return svg.toString();
    }

    /** The last x (log10 of 1 / (1 - p)) that the sample count resolves, at most 5 (99.999 %). */
    private static double lastX(final Histogram h)
    {
        return Math.min(5, Math.floor(Math.log10(Math.max(10, h.getTotalCount())) / STEP) * STEP);
    }

    private static double percentile(final double x)
    {
        return 100.0 * (1.0 - Math.pow(10, -x));
    }

    private static String percentileLabel(final int k)
    {
        switch (k)
        {
            case 0: return "0%";
            case 1: return "90%";
            case 2: return "99%";
            default: return "99." + "9".repeat(k - 2) + "%";
        }
    }

    /**
     * @param ns nanoseconds.
     * @return e.g. "120 ns", "2.6 µs", "44 µs", "1.2 ms".
     */
    static String nanosLabel(final double ns)
    {
        if (ns < 1_000)
        {
            return String.format(Locale.ROOT, "%.0f ns", ns);
        }
        if (ns < 1_000_000)
        {
            return String.format(Locale.ROOT, ns < 10_000 ? "%.1f µs" : "%.0f µs", ns / 1e3);
        }
        return String.format(Locale.ROOT, ns < 10_000_000 ? "%.1f ms" : "%.0f ms", ns / 1e6);
    }

    private static String escape(final String s)
    {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
