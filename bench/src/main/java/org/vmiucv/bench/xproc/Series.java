package org.vmiucv.bench.xproc;

import java.util.ArrayList;
import java.util.List;

import org.HdrHistogram.Histogram;

/**
 * Everything measured for one subject, metric and payload over the rounds of a run: one histogram (round trips) or
 * one rate (streaming) per round, in round order, so ratios can be taken round by round against another series.
 */
final class Series
{
    /** Round-trip latency. */
    static final String RTT = "rtt";
    /** One-way streaming rate. */
    static final String STREAM = "stream";

    final String subject;
    final String metric;
    final int payload;
    final List<Histogram> rounds = new ArrayList<>();
    final List<Double> rates = new ArrayList<>();
    final List<Double> bytesPerOp = new ArrayList<>();

    Series(final String subject, final String metric, final int payload)
    {
        this.subject = subject;
        this.metric = metric;
        this.payload = payload;
    }

    /**
     * @return all rounds in one histogram.
     */
    Histogram merged()
    {
        final Histogram all = Subject.histogram();
        rounds.forEach(all::add);
        return all;
    }

    /**
     * @param round a round index.
     * @return that round's p50 (rtt) or rate (stream).
     */
    double headline(final int round)
    {
        return RTT.equals(metric) ? rounds.get(round).getValueAtPercentile(50) : rates.get(round);
    }

    /**
     * @return the number of rounds recorded.
     */
    int size()
    {
        return RTT.equals(metric) ? rounds.size() : rates.size();
    }

    /**
     * @param other the reference series (same metric and payload) of the same run.
     * @return the median over rounds of this round's headline divided by the reference's in the same round, NaN
     * if there is none.
     */
    double ratioTo(final Series other)
    {
        if (null == other)
        {
            return Double.NaN;
        }
        final int n = Math.min(size(), other.size());
        final double[] r = new double[n];
        for (int i = 0; i < n; i++)
        {
            r[i] = headline(i) / other.headline(i);
        }
        return median(r);
    }

    /**
     * @return the median over rounds of the headline figure.
     */
    double medianHeadline()
    {
        final double[] v = new double[size()];
        for (int i = 0; i < v.length; i++)
        {
            v[i] = headline(i);
        }
        return median(v);
    }

    /**
     * @return the median over rounds of the bytes allocated per operation, NaN if unknown.
     */
    double medianBytesPerOp()
    {
        return median(bytesPerOp.stream().mapToDouble(Double::doubleValue).toArray());
    }

    static double median(final double[] values)
    {
        if (values.length == 0)
        {
            return Double.NaN;
        }
        final double[] v = values.clone();
        java.util.Arrays.sort(v);
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }
}
