package org.vmiucv.shm.journal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.Stream;

import org.vmiucv.engine.MachineId;
import org.vmiucv.engine.PathId;
import org.vmiucv.engine.system.SystemClient;
import org.vmiucv.engine.system.SystemLog;
import org.vmiucv.engine.system.SystemOptions;
import org.vmiucv.engine.testkit.CollectorHandle;
import org.vmiucv.engine.testkit.CollectorHandler;
import org.vmiucv.shm.ShmSystem;
import org.vmiucv.shm.SupervisorProcess;

/**
 * Measurements for the journal note (not a test; run with the test classpath and the JVM flags):
 * <ol>
 *   <li>CONNECT latency (request to answer, via the API) with and without the journal, two systems in this JVM,
 *       interleaved one connect at a time so both see the same machine conditions;</li>
 *   <li>recovery time of a Supervisor whose journal holds 10,000 control events.</li>
 * </ol>
 * Usage: {@code JournalMeasureMain [connects] [events]}.
 */
public final class JournalMeasureMain
{
    private JournalMeasureMain()
    {
    }

    /**
     * @param args connects per system (default 5000), control events for recovery (default 10000).
     * @throws Exception on failure.
     */
    public static void main(final String[] args) throws Exception
    {
        JournalConfig.disableAnalytics();
        final int connects = args.length > 0 ? Integer.parseInt(args[0]) : 5000;
        final int events = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
        final Path base = Files.createTempDirectory(Path.of("/dev/shm"), "iucvmeasure");
        try
        {
            appendCost(base);
            connectLatency(base, connects);
            recovery(base, events);
        }
        finally
        {
            try (Stream<Path> s = Files.walk(base))
            {
                s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        System.exit(0);
    }

    private static void appendCost(final Path base) throws Exception
    {
        final ChronicleJournalStore store = new ChronicleJournalStore(base.resolve("append-cost"), new JournalConfig(),
            false, SystemLog.NONE);
        final JournalRecordFlyweight r = new JournalRecordFlyweight();
        r.reset(JournalRecordDescriptor.KIND_REQUEST, 104, System.currentTimeMillis()).corr(1).seal();
        final int n = 200_000;
        try (JournalStore.Writer w = store.newWriter())
        {
            for (int i = 0; i < n; i++)
            {
                w.append(r.bytes(), r.length());
            }
            final long[] ns = new long[n];
            for (int i = 0; i < n; i++)
            {
                final long t0 = System.nanoTime();
                w.append(r.bytes(), r.length());
                ns[i] = System.nanoTime() - t0;
            }
            System.out.println("one journal append (" + r.length() + " B record, /dev/shm, incl. free-space guard): " +
                percentiles(ns));
        }
        store.close();
    }

    private static void connectLatency(final Path base, final int connects) throws Exception
    {
        final SupervisorProcess withCp = SupervisorProcess.start(base, "WITH", new SystemOptions(), SystemLog.NONE,
            new JournalConfig());
        final SupervisorProcess withoutCp = SupervisorProcess.start(base, "WITHOUT", new SystemOptions(),
            SystemLog.NONE, new JournalConfig().enabled(false));
        final SystemClient with = ShmSystem.attach(base, "WITH", new SystemOptions(), SystemLog.NONE);
        final SystemClient without = ShmSystem.attach(base, "WITHOUT", new SystemOptions(), SystemLog.NONE);
        for (final SystemClient c : new SystemClient[] {with, without})
        {
            c.ipl(MachineId.of("A"), new CollectorHandler(new CollectorHandle()));
            c.ipl(MachineId.of("B"), new CollectorHandler(new CollectorHandle()));
        }
        final int warmup = Math.min(2000, connects);
        final long[] w = new long[connects];
        final long[] wo = new long[connects];
        for (int i = -warmup; i < connects; i++)
        {
            final long a = connectAndSever(with);
            final long b = connectAndSever(without);
            if (i >= 0)
            {
                w[i] = a;
                wo[i] = b;
            }
        }
        System.out.printf("CONNECT latency (API request to answer, target accepts at once), %d each, interleaved:%n",
            connects);
        System.out.println("  with journal    " + percentiles(w));
        System.out.println("  without journal " + percentiles(wo));
        with.close();
        without.close();
        withCp.close();
        withoutCp.close();
    }

    private static long connectAndSever(final SystemClient c) throws Exception
    {
        final long t0 = System.nanoTime();
        final PathId p = c.connect(MachineId.of("A"), MachineId.of("B"));
        final long ns = System.nanoTime() - t0;
        c.sever(p);
        return ns;
    }

    private static String percentiles(final long[] ns)
    {
        final long[] s = ns.clone();
        Arrays.sort(s);
        return String.format("p50 %.1f us  p90 %.1f us  p99 %.1f us  max %.1f us", s[s.length / 2] / 1e3,
            s[(int)(s.length * 0.9)] / 1e3, s[(int)(s.length * 0.99)] / 1e3, s[s.length - 1] / 1e3);
    }

    private static void recovery(final Path base, final int events) throws Exception
    {
        final SupervisorProcess cp = SupervisorProcess.start(base, "RECOVER", new SystemOptions(), SystemLog.NONE,
            new JournalConfig());
        final SystemClient c = ShmSystem.attach(base, "RECOVER", new SystemOptions(), SystemLog.NONE);
        c.ipl(MachineId.of("A"), new CollectorHandler(new CollectorHandle()));
        c.ipl(MachineId.of("B"), new CollectorHandler(new CollectorHandle()));
        // each cycle journals 3 control events (CONNECT, ACCEPT, SEVER) plus their interrupts and answers
        for (int i = 0; i < events / 3 + 1; i++)
        {
            connectAndSever(c);
        }
        final PathId kept = c.connect(MachineId.of("A"), MachineId.of("B"));
        cp.abandon();
        final long t0 = System.nanoTime();
        final SupervisorProcess again = SupervisorProcess.start(base, "RECOVER", new SystemOptions(),
            line -> System.out.println("  | " + line), new JournalConfig());
        final long ns = System.nanoTime() - t0;
        final JournalReplay r = again.journal().replay();
        System.out.printf("recovery: journal of %d records (>= %d control events) replayed in %.1f ms; " +
            "Supervisor start to ready %.1f ms; path %s kept: %s%n", r.records(), events,
            again.journal().replayNs() / 1e6, ns / 1e6, kept, c.queryPaths().size() == 1);
        c.close();
        again.close();
    }
}
