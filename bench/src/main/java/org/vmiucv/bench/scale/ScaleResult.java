package org.vmiucv.bench.scale;

import java.util.List;

import org.HdrHistogram.Histogram;

/**
 * What one run of {@link ScaleBench} measured, filled in as it goes.
 */
final class ScaleResult
{
    final ScaleOptions options;
    String loadBefore;
    String loadAfter;
    Footprint empty;
    Footprint ipled;
    Footprint connected;
    double iplSeconds;
    double bulkSeconds;
    double connectSeconds;
    int pathsQueried;
    int machinesQueried;
    Histogram connect;
    List<ScaleBench.Subject> subjects;

    ScaleResult(final ScaleOptions options)
    {
        this.options = options;
    }
}
