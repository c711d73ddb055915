package org.vmiucv.shm.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.vmiucv.engine.PathInfo;
import org.vmiucv.shm.journal.StormCluster.Host;

/**
 * kill -9 of the Supervisor in the middle of a storm of connects and severs between machine processes, then a
 * restart: every path a machine believes established is in the table and carries data both ways, no pending path is
 * left, and {@code query paths} matches what the machines report. Kill points come from a seed, printed; rerun one
 * with {@code -Dstorm.seed=N}.
 */
@Timeout(value = 150, unit = TimeUnit.SECONDS)
class JournalCrashTest
{
    private static final int ROUNDS = 3;

    @Test
    void supervisorKilledInAStormLosesNoPathAndLeavesNoneHalfMade() throws Exception
    {
        final long seed = Long.getLong("storm.seed", System.nanoTime());
        System.out.println("storm seed=" + seed + " (rerun with -Dstorm.seed=" + seed + ")");
        final Random random = new Random(seed);
        try (StormCluster cluster = new StormCluster(3, 2))
        {
            for (int round = 0; round < ROUNDS; round++)
            {
                for (final Host h : cluster.hosts())
                {
                    h.ok("STORM " + random.nextLong());
                }
                final int killAfterMs = 150 + random.nextInt(600);
                final int downMs = random.nextInt(250);
                Thread.sleep(killAfterMs);
                cluster.killSupervisor();
                Thread.sleep(downMs);
                final long restartNs = System.nanoTime();
                cluster.startSupervisor();
                final long restartMs = (System.nanoTime() - restartNs) / 1_000_000;
                // the storm goes on against the new Supervisor, then stops; connects in flight settle
                final StringBuilder outcomes = new StringBuilder();
                int established = 0;
                for (final Host h : cluster.hosts())
                {
                    final String byRc = h.ok("QUIET");
                    outcomes.append(' ').append(byRc);
                    final java.util.regex.Matcher ok = java.util.regex.Pattern.compile("[{,]0=(\\d+)").matcher(byRc);
                    established += ok.find() ? Integer.parseInt(ok.group(1)) : 0;
                }
                // a storm that made no path would check nothing below
                assertTrue(established > 0, "round " + round + ", seed " + seed + ": no CONNECT of the storm " +
                    "succeeded:" + outcomes);
                System.out.printf("round %d: killed after %d ms of storm, down %d ms more, restarted in %d ms; " +
                    "connect outcomes by RC (-1 = client timeout)%s%n", round, killAfterMs, downMs, restartMs, outcomes);
                settleAndCheck(cluster, round, seed);
            }
        }
    }

    private static void settleAndCheck(final StormCluster cluster, final int round, final long seed) throws Exception
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        String problem = "not checked";
        Map<String, Set<String>> believed = Map.of();
        int stable = 0;
        while (System.nanoTime() < deadline)
        {
            believed = believed(cluster);
            problem = mismatch(cluster.client().queryPaths(), believed);
            stable = null == problem ? stable + 1 : 0;
            if (stable >= 3)
            {
                break;
            }
            Thread.sleep(100);
        }
        assertEquals(null, problem, "round " + round + ", seed " + seed + " (log " + cluster.logFile() + ")");
        assertFalse(believed.isEmpty(), "round " + round + ", seed " + seed + ": no path survived the storm to check");
        final Set<String> expected = new TreeSet<>();
        int sent = 0;
        for (final Host h : cluster.hosts())
        {
            final String[] f = h.ok("PROBE").split(" ");
            sent += Integer.parseInt(f[0]);
            assertEquals("0", f[1], "every believed path accepts a message (round " + round + ", seed " + seed + ")");
        }
        believed.forEach((path, ends) ->
        {
            for (final String end : ends)
            {
                final String[] me = end.split(":");
                expected.add("P:" + path + ":" + me[0] + "@" + me[1]);
            }
        });
        final long probeDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        Set<String> missing = expected;
        while (System.nanoTime() < probeDeadline && !missing.isEmpty())
        {
            final Set<String> received = new TreeSet<>();
            for (final Host h : cluster.hosts())
            {
                received.addAll(List.of(h.ok("RECEIVED").split(" ")));
            }
            missing = new TreeSet<>(expected);
            missing.removeAll(received);
            Thread.sleep(50);
        }
        assertEquals(expected.size(), sent, "one probe from each end of each established path (round " + round +
            ", seed " + seed + ")");
        assertTrue(missing.isEmpty(), "probes lost on established paths: " + missing + " (round " + round +
            ", seed " + seed + ")");
        System.out.printf("round %d: %d established paths, all in the table, %d probes delivered%n", round,
            believed.size(), sent);
    }

    /** @return path -> {"machine:peer"} as the machines report. */
    private static Map<String, Set<String>> believed(final StormCluster cluster) throws Exception
    {
        final Map<String, Set<String>> paths = new TreeMap<>();
        for (final Host h : cluster.hosts())
        {
            final String report = h.ok("REPORT").trim();
            if (report.isEmpty())
            {
                continue;
            }
            for (final String entry : report.split(" "))
            {
                final String[] f = entry.split(":");
                paths.computeIfAbsent(f[1], k -> new TreeSet<>()).add(f[0] + ":" + f[2]);
            }
        }
        return paths;
    }

    private static String mismatch(final List<PathInfo> table, final Map<String, Set<String>> believed)
    {
        final Map<String, PathInfo> established = new HashMap<>();
        for (final PathInfo p : table)
        {
            if (!"ESTABLISHED".equals(p.state()))
            {
                return "path " + p.path() + " is " + p.state() + " in the table";
            }
            established.put(p.path().toString(), p);
        }
        for (final Map.Entry<String, Set<String>> e : believed.entrySet())
        {
            final PathInfo p = established.get(e.getKey());
            if (null == p)
            {
                return "machines " + e.getValue() + " believe path " + e.getKey() + " established; the table has not";
            }
        }
        for (final PathInfo p : established.values())
        {
            final Set<String> ends = believed.getOrDefault(p.path().toString(), Set.of());
            final Set<String> want = new TreeSet<>();
            want.add(p.initiator().name() + ":" + p.target().name());
            want.add(p.target().name() + ":" + p.initiator().name());
            if (!ends.equals(want))
            {
                return "table path " + p.path() + " " + p.initiator() + "-" + p.target() + " is believed by " + ends;
            }
        }
        return null;
    }

    @Test
    void connectPendingAtTheCrashIsSeveredOnBothEndsAndTheInitiatorRefused() throws Exception
    {
        try (StormCluster cluster = new StormCluster(2, 1))
        {
            final Host initiator = cluster.host(0);
            final Host target = cluster.host(1);
            target.ok("HOLD H1M0 2500");
            final String id = initiator.ok("CONNECT H0M0 H1M0");
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (System.nanoTime() < deadline &&
                cluster.client().queryPaths().stream().noneMatch(p -> "PENDING".equals(p.state())))
            {
                Thread.sleep(5);
            }
            assertEquals("PENDING", cluster.client().queryPaths().get(0).state());
            cluster.killSupervisor();
            cluster.startSupervisor();

            final String answer = Host.describe(initiator.call("RESULT " + id));
            assertTrue(answer.startsWith("ERR 40 "), answer);
            assertTrue(answer.contains("the Supervisor restarted while CONNECT H0M0 H1M0 was pending"), answer);
            assertTrue(answer.contains("severed on both ends"), answer);

            final long settle = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (System.nanoTime() < settle && !cluster.client().queryPaths().isEmpty())
            {
                Thread.sleep(20);
            }
            assertTrue(cluster.client().queryPaths().isEmpty(), "no pending path left");
            Thread.sleep(3000);
            assertEquals("", initiator.ok("REPORT").trim());
            assertEquals("", target.ok("REPORT").trim(), "the target's late ACCEPT made nothing");
            assertTrue(cluster.client().queryPaths().isEmpty());
            final String log = Files.readString(cluster.logFile());
            assertTrue(log.contains("1 CONNECT requests in flight"), log);

            target.ok("HOLD H1M0 0");
            final String again = initiator.ok("CONNECT H0M0 H1M0");
            assertFalse(Host.describe(initiator.call("RESULT " + again)).startsWith("ERR"));
        }
    }
}
