package org.vmiucv.cli.chaos;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The invariants checked after every step, each with a deadline (a deadline is for hangs: the checks pass as soon
 * as the system is right):
 * <ul>
 *     <li>no lost acknowledged message: every echo in order with no gap, and all of them back unless the path was
 *     severed by a step that may sever it;</li>
 *     <li>no ghost: every live machine process hosts a machine the CP lists with its pid (asked through
 *     {@code iucv query names}), every ended one ended with a message and for a reason;</li>
 *     <li>one Supervisor per system;</li>
 *     <li>no JVM crash: no {@code hs_err_pid*} in any child's working directory.</li>
 * </ul>
 */
final class Invariants
{
    static final long SETTLE_MS = 45_000;

    private final ChaosSystem s;
    private final Set<Path> crashesSeen = new HashSet<>();
    private final Map<EchoStream.Leg, Integer> orderProblemsSeen = new HashMap<>();

    Invariants(final ChaosSystem s)
    {
        this.s = s;
    }

    /**
     * Check everything after a step.
     *
     * @param cutAllowed the step may legitimately sever the stream's path (it ended ECHO's process or the system).
     * @throws IOException if a command cannot be started.
     */
    void afterStep(final boolean cutAllowed) throws IOException
    {
        oneSupervisor();
        stream(cutAllowed);
        machines();
        noCrash();
    }

    /**
     * Exactly one live Supervisor process among those the suite started for the system.
     */
    void oneSupervisor()
    {
        final long deadline = System.currentTimeMillis() + SETTLE_MS;
        List<ChaosProcess> live = s.procs.live(ChaosProcess.Role.SUPERVISOR);
        while (live.size() != 1 && System.currentTimeMillis() < deadline)
        {
            s.idle(200);
            live = s.procs.live(ChaosProcess.Role.SUPERVISOR);
        }
        if (live.size() > 1)
        {
            s.violation("one Supervisor per system: " + live.size() + " Supervisors run system " + s.system,
                "live Supervisor processes " + live.stream().map(ChaosProcess::label).toList() + " after " +
                SETTLE_MS + " ms", live);
            final long owner = null == s.stream.client() ? 0 : s.stream.client().tables().supervisorPid();
            for (final ChaosProcess p : live)
            {
                if (p.pid() != owner)
                {
                    s.report.note("killed extra Supervisor " + p.label() + " (the tables name pid " + owner + ")");
                    s.procs.kill(p);
                }
            }
        }
        else if (live.isEmpty())
        {
            s.violation("one Supervisor per system: no Supervisor runs system " + s.system,
                "every Supervisor process ended", s.procs.all(ChaosProcess.Role.SUPERVISOR));
        }
    }

    /**
     * The stream: in order, complete, and cut only when the step may cut it.
     *
     * @param cutAllowed the step may sever the path.
     */
    void stream(final boolean cutAllowed)
    {
        final EchoStream.Leg leg = s.stream.leg();
        if (null != leg)
        {
            final long target = leg.sent;
            final long deadline = System.currentTimeMillis() + SETTLE_MS;
            while (leg.received < target && !leg.broken() && System.currentTimeMillis() < deadline)
            {
                s.idle(50);
            }
            if (leg.broken() && !cutAllowed)
            {
                s.violation("no lost acknowledged message: the stream was cut by a step that must not cut it",
                    leg + ": " + (leg.sent - leg.received + leg.missing) + " acknowledged messages never came " +
                    "back; ECHO's processes: " + s.echoFate(), s.everyone());
            }
            else if (!leg.broken() && leg.received < target)
            {
                s.violation("no lost acknowledged message: echoes missing on an established path",
                    leg + ": " + (target - leg.received) + " of the first " + target + " acknowledged messages did " +
                    "not come back within " + SETTLE_MS + " ms", s.everyone());
            }
        }
        for (final EchoStream.Leg l : s.stream.legs())
        {
            final List<String> problems;
            synchronized (l.orderProblems)
            {
                problems = new ArrayList<>(l.orderProblems);
            }
            final int seen = orderProblemsSeen.getOrDefault(l, 0);
            if (problems.size() > seen)
            {
                orderProblemsSeen.put(l, problems.size());
                s.violation("no lost acknowledged message: echoes out of order or missing",
                    l + ": " + String.join("; ", problems.subList(seen, problems.size())) + " (found by this step's " +
                    "check; the gap may date from any time since the previous one)", s.everyone());
            }
        }
    }

    /**
     * No ghost, no machine process ending without a reason or a message, no stale listing; finally confirmed through
     * {@code iucv query names}.
     *
     * @throws IOException if the command cannot be started.
     */
    void machines() throws IOException
    {
        final long deadline = System.currentTimeMillis() + SETTLE_MS;
        List<String> problems = List.of();
        List<ChaosProcess> involved = List.of();
        while (System.currentTimeMillis() < deadline)
        {
            endedProcesses();
            final Map<String, Long> listed = s.listed();
            if (null == listed)
            {
                problems = List.of("the CP does not answer QUERY NAMES (driver's client)");
                s.idle(500);
                continue;
            }
            final List<String> found = new ArrayList<>();
            final List<ChaosProcess> who = new ArrayList<>();
            ghosts(listed, found, who);
            problems = found;
            involved = who;
            if (problems.isEmpty())
            {
                break;
            }
            s.idle(500);
        }
        endedProcesses();
        if (!problems.isEmpty())
        {
            s.violation("no ghost: " + problems.get(0), String.join("\n", problems), involved.isEmpty() ?
                s.everyone() : involved);
            return;
        }
        final ChaosProcess query = s.procs.run(ChaosSystem.READY_MS, "query", "names", "--system", s.system);
        if (query.status() != 0)
        {
            s.violation("no ghost: iucv query names failed (exit " + query.status() + ")", "the CP runs, yet the " +
                "command did not list the machines", List.of(query));
            return;
        }
        final Map<String, Long> listed = ChaosSystem.parseNames(query.output());
        final List<String> found = new ArrayList<>();
        final List<ChaosProcess> who = new ArrayList<>();
        ghosts(listed, found, who);
        who.add(query);
        if (!found.isEmpty())
        {
            s.violation("no ghost (iucv query names): " + found.get(0), String.join("\n", found), who);
        }
    }

    private void ghosts(final Map<String, Long> listed, final List<String> found, final List<ChaosProcess> who)
    {
        for (final ChaosProcess p : s.machines())
        {
            if (p.stopped)
            {
                continue;
            }
            final Long pid = listed.get(p.name);
            if (null == pid || pid != p.pid())
            {
                found.add("ghost: " + p.label() + " is alive but the CP lists " + p.name +
                    (null == pid ? " nowhere" : " in pid " + pid));
                who.add(p);
            }
        }
        for (final Map.Entry<String, Long> e : listed.entrySet())
        {
            if (e.getKey().equals(EchoStream.DRIVER))
            {
                continue;
            }
            if (s.machines().stream().noneMatch(p -> p.pid() == e.getValue()))
            {
                found.add("stale listing: the CP lists " + e.getKey() + " in pid " + e.getValue() +
                    ", which is not a live machine process");
                s.procs.all(ChaosProcess.Role.MACHINE).stream().filter(p -> p.pid() == e.getValue())
                    .forEach(who::add);
            }
        }
    }

    /**
     * Each machine process that ended since the last look: it must have had a reason (a signal from the suite, a
     * stall past the heartbeat timeout, a stop of the system) and, unless killed with SIGKILL, say why it ended.
     */
    void endedProcesses()
    {
        for (final ChaosProcess p : s.procs.all(ChaosProcess.Role.MACHINE))
        {
            if (p.alive() || p.endSeen)
            {
                continue;
            }
            p.endSeen = true;
            p.drain();
            if ("KILL".equals(p.fatalSignal))
            {
                continue;
            }
            final String out = p.output().strip();
            if (!p.mayEnd)
            {
                s.violation("machines outlive their Supervisor: " + p.label() + " ended on its own (exit " +
                    p.status() + ")", "the suite neither signalled nor stalled it, nor stopped the system",
                    s.everyone());
            }
            else if (out.isEmpty())
            {
                s.violation("no ghost: " + p.label() + " ended without a message (exit " + p.status() + ")", "",
                    List.of(p));
            }
        }
    }

    /**
     * No {@code hs_err_pid*} file in a child's working directory.
     */
    void noCrash()
    {
        for (final Path f : s.procs.crashLogs())
        {
            if (crashesSeen.add(f))
            {
                String head;
                try
                {
                    final List<String> lines = Files.readAllLines(f);
                    head = String.join("\n", lines.subList(0, Math.min(40, lines.size())));
                }
                catch (final IOException | RuntimeException ex)
                {
                    head = "(unreadable: " + ex + ")";
                }
                final ChaosProcess owner = s.procs.all().stream().filter(p -> f.startsWith(p.workDir)).findFirst()
                    .orElse(null);
                s.violation("no JVM crash: " + f.getFileName() + (null == owner ? "" : " of " + owner.label()),
                    head, null == owner ? List.of() : List.of(owner));
            }
        }
    }
}
