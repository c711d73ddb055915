package org.vmiucv.bench;

import java.lang.management.ManagementFactory;
import java.util.Map;
import java.util.TreeMap;

/**
 * Where the bytes go: runs one of the engine benchmarks' exchanges outside JMH and prints, per thread, the bytes
 * allocated during a steady-state window together with the events delivered. JMH's {@code gc.alloc.rate.norm}
 * sums every thread; this splits it, so an allocation can be pinned on the CP, a host, or the harness.
 * <p>
 * Usage: {@code java --add-opens java.base/jdk.internal.misc=ALL-UNNAMED -cp bench/target/benchmarks.jar
 * org.vmiucv.bench.AllocationProbe [smsg|iucv|roundtrip] [ONE_HOST|TWO_HOSTS] [ALL_BUSY_SPIN|HOSTS_BUSY_SPIN]
 * [seconds]}.
 */
public final class AllocationProbe
{
    private AllocationProbe()
    {
    }

    /**
     * @param args exchange, topology, idle, seconds.
     * @throws Exception if the system fails.
     */
    public static void main(final String[] args) throws Exception
    {
        final String which = args.length > 0 ? args[0] : "roundtrip";
        final Topology topology = Topology.valueOf(args.length > 1 ? args[1] : "ONE_HOST");
        final AgentIdle idle = AgentIdle.valueOf(args.length > 2 ? args[2] : "HOSTS_BUSY_SPIN");
        final long seconds = args.length > 3 ? Long.parseLong(args[3]) : 5;
        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();

        final Runnable tearDown;
        final ProgressCounter progress;
        switch (which)
        {
            case "smsg":
            {
                final SmsgOneWayBenchmark b = new SmsgOneWayBenchmark();
                b.topology = topology;
                b.idle = idle;
                b.setUp();
                tearDown = b::tearDown;
                progress = b.progress();
                break;
            }
            case "iucv":
            {
                final IucvOneWayBenchmark b = new IucvOneWayBenchmark();
                b.topology = topology;
                b.idle = idle;
                b.setUp();
                tearDown = b::tearDown;
                progress = b.progress();
                break;
            }
            default:
            {
                final IucvRoundTripBenchmark b = new IucvRoundTripBenchmark();
                b.topology = topology;
                b.idle = idle;
                b.setUp();
                tearDown = b::tearDown;
                progress = b.progress();
            }
        }
        try
        {
            Thread.sleep(2_000);
            final Map<String, Long> before = snapshot(threads);
            final long eventsBefore = progress.get();
            Thread.sleep(seconds * 1_000);
            final long events = progress.get() - eventsBefore;
            final Map<String, Long> after = snapshot(threads);
            long total = 0;
            System.out.printf("%s %s %s: %,d events in %d s%n", which, topology, idle, events, seconds);
            for (final Map.Entry<String, Long> e : after.entrySet())
            {
                final long delta = e.getValue() - before.getOrDefault(e.getKey(), 0L);
                total += delta;
                if (delta != 0)
                {
                    System.out.printf("  %-40s %,12d bytes%n", e.getKey(), delta);
                }
            }
            System.out.printf("  total %,d bytes = %.4f B/event%n", total, events == 0 ? 0.0 : (double)total / events);
        }
        finally
        {
            tearDown.run();
        }
    }

    private static Map<String, Long> snapshot(final com.sun.management.ThreadMXBean threads)
    {
        final Map<String, Long> bytes = new TreeMap<>();
        final long[] ids = threads.getAllThreadIds();
        final long[] allocated = threads.getThreadAllocatedBytes(ids);
        for (int i = 0; i < ids.length; i++)
        {
            final java.lang.management.ThreadInfo info = threads.getThreadInfo(ids[i]);
            if (null != info && allocated[i] >= 0)
            {
                bytes.put(info.getThreadName() + "#" + ids[i], allocated[i]);
            }
        }
        return bytes;
    }
}
