package org.vmiucv.cli.chaos;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.vmiucv.engine.IucvException;
import org.vmiucv.engine.MachineInfo;
import org.vmiucv.engine.system.SystemClient;

/**
 * The system under chaos: its Supervisor and machine processes, the driver's stream, and the way back to a whole
 * system after a step ({@link #restore}). Every wait has a deadline and keeps the stream pumping.
 */
final class ChaosSystem
{
    static final String ECHO = "ECHO";
    /** Machine name to handler: ECHO carries the stream, the log machines are further victims. */
    static final Map<String, String> ROSTER = new LinkedHashMap<>(Map.of(ECHO, "echo", "LOG1", "log", "LOG2", "log"));
    static final long READY_MS = 60_000;
    private static final Pattern LISTED = Pattern.compile("(?m)^(\\S+)\\s+\\S+\\s+pid=(\\d+)");

    final Path base;
    final String system;
    final ChaosProcesses procs;
    final EchoStream stream;
    final ChaosReport report;
    /** Where the run is, for violations. */
    int stepIndex;
    ChaosStep step;
    long seed;
    long stepStartedMs;

    ChaosSystem(final Path base, final String system, final ChaosProcesses procs, final ChaosReport report)
    {
        this.base = base;
        this.system = system;
        this.procs = procs;
        this.report = report;
        this.stream = new EchoStream(base, system);
    }

    /**
     * Record a violation with the outputs of the processes that show it.
     *
     * @param invariant what was violated.
     * @param details   the facts.
     * @param show      processes whose output goes into the report.
     */
    void violation(final String invariant, final String details, final Collection<ChaosProcess> show)
    {
        final StringBuilder sb = new StringBuilder("  ").append(details.replace("\n", "\n  ")).append('\n');
        for (final ChaosProcess p : show)
        {
            sb.append(p.tail(25));
        }
        report.violation(new ChaosReport.Violation(stepIndex, step, seed, invariant, sb.toString()));
    }

    /**
     * @return the Supervisors and machine processes that live or ended during this step, for a report.
     */
    List<ChaosProcess> everyone()
    {
        final List<ChaosProcess> l = new ArrayList<>(procs.all(ChaosProcess.Role.SUPERVISOR));
        l.addAll(procs.all(ChaosProcess.Role.MACHINE));
        return l.stream().filter(p -> p.alive() || p.endedMs >= stepStartedMs).toList();
    }

    /**
     * @return what became of ECHO's processes during this step, for a report on the stream.
     */
    String echoFate()
    {
        return procs.all(ChaosProcess.Role.MACHINE).stream()
            .filter(p -> ECHO.equals(p.name) && (p.alive() || p.endedMs >= stepStartedMs))
            .map(p -> p.label() + (p.alive() ? " runs" : " ended (exit " + p.status() + ")") +
                (null == p.fatalSignal ? "" : " after SIG" + p.fatalSignal + " from the suite"))
            .toList().toString();
    }

    /**
     * Wait, pumping the stream.
     *
     * @param ms how long.
     */
    void idle(final long ms)
    {
        final long end = System.currentTimeMillis() + ms;
        long sleep = 5;
        while (System.currentTimeMillis() < end)
        {
            final int sent = stream.pump();
            sleep = sent > 0 ? 5 : Math.min(50, sleep * 2);
            sleepMs(Math.min(sleep, Math.max(1, end - System.currentTimeMillis())));
        }
    }

    static void sleepMs(final long ms)
    {
        try
        {
            Thread.sleep(ms);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", ex);
        }
    }

    ChaosProcess startSupervisor() throws IOException
    {
        return procs.start(ChaosProcess.Role.SUPERVISOR, null, "supervisor", "--system", system);
    }

    ChaosProcess ipl(final String name) throws IOException
    {
        return procs.start(ChaosProcess.Role.MACHINE, name, "ipl", name, "--handler", ROSTER.get(name), "--system",
            system);
    }

    /**
     * @param p        a Supervisor process.
     * @param deadline absolute ms.
     * @return true once it says it is ready; false if it ended or the deadline passed.
     */
    boolean awaitReady(final ChaosProcess p, final long deadline)
    {
        while (System.currentTimeMillis() < deadline)
        {
            if (p.output().contains("CP ready"))
            {
                return true;
            }
            if (!p.alive())
            {
                return false;
            }
            idle(100);
        }
        return false;
    }

    /**
     * @param p        a process.
     * @param deadline absolute ms.
     * @return true if it ended by the deadline.
     */
    boolean awaitEnd(final ChaosProcess p, final long deadline)
    {
        while (p.alive() && System.currentTimeMillis() < deadline)
        {
            idle(50);
        }
        p.drain();
        return !p.alive();
    }

    /**
     * @return the one live Supervisor, or null if none or several.
     */
    ChaosProcess supervisor()
    {
        final List<ChaosProcess> live = procs.live(ChaosProcess.Role.SUPERVISOR);
        return live.size() == 1 ? live.get(0) : null;
    }

    /**
     * @return the live machine processes.
     */
    List<ChaosProcess> machines()
    {
        return procs.live(ChaosProcess.Role.MACHINE);
    }

    /**
     * @return QUERY NAMES, name to pid: through the driver's client, or through {@code iucv query names} when the
     *         driver cannot ask; null if neither answers now.
     */
    Map<String, Long> listed()
    {
        if (stream.needsAttach())
        {
            try
            {
                stream.attach(); // after a stop of the system: its old client has nothing left to ask
            }
            catch (final IucvException | RuntimeException ex)
            {
                // ask through the command below
            }
        }
        final SystemClient c = stream.client();
        if (null != c && null == c.supervisorProblem())
        {
            try
            {
                final Map<String, Long> m = new HashMap<>();
                for (final MachineInfo i : c.queryNames())
                {
                    m.put(i.name().name(), i.pid());
                }
                return m;
            }
            catch (final IucvException | RuntimeException ex)
            {
                // ask through the command below
            }
        }
        try
        {
            final ChaosProcess query = procs.run(READY_MS / 2, "query", "names", "--system", system);
            return query.status() == 0 ? parseNames(query.output()) : null;
        }
        catch (final IOException ex)
        {
            return null;
        }
    }

    /**
     * @param out output of {@code iucv query names}.
     * @return name to pid.
     */
    static Map<String, Long> parseNames(final String out)
    {
        final Map<String, Long> m = new HashMap<>();
        final Matcher matcher = LISTED.matcher(out);
        while (matcher.find())
        {
            m.put(matcher.group(1), Long.parseLong(matcher.group(2)));
        }
        return m;
    }

    /**
     * Bring the system back to whole after a step: one Supervisor, the driver attached, every machine of the roster
     * hosted by a live process, and the stream connected and flowing. Failing that by the deadline is a violation.
     *
     * @throws IOException if a process cannot be started.
     */
    void restore() throws IOException
    {
        final long deadline = System.currentTimeMillis() + 2 * READY_MS;
        for (final ChaosProcess p : procs.all())
        {
            if (p.alive() && p.stopped)
            {
                procs.signal(p, "CONT");
            }
        }
        if (restoreSupervisor() && restoreDriver(deadline) && restoreMachines(deadline))
        {
            restoreStream(deadline);
        }
    }

    private boolean restoreSupervisor() throws IOException
    {
        if (!procs.live(ChaosProcess.Role.SUPERVISOR).isEmpty())
        {
            return true;
        }
        final ChaosProcess cp = startSupervisor();
        if (!awaitReady(cp, System.currentTimeMillis() + READY_MS))
        {
            violation("restart: a new Supervisor did not come up", "iucv supervisor was started on the system " +
                "after the last one ended; it did not say 'CP ready' within " + READY_MS + " ms", List.of(cp));
            return false;
        }
        return true;
    }

    private boolean restoreDriver(final long deadline)
    {
        String problem = attachDriver(deadline);
        final long takeOver = Math.min(deadline, System.currentTimeMillis() + READY_MS / 2);
        while (!stream.usable() && System.currentTimeMillis() < takeOver)
        {
            idle(200); // a restarted Supervisor takes the driver over
        }
        if (!stream.usable())
        {
            violation("restart: the Supervisor did not take the driver's client over", "the client still reports: " +
                (null == stream.client() ? "no client" : stream.client().supervisorProblem()) + "; and the system " +
                "is not marked shut down, nor was DRIVER logged off; attaching afresh", everyone());
            stream.detach();
            problem = attachDriver(deadline);
        }
        if (!stream.usable())
        {
            violation("restart: the driver cannot attach", "ShmSystem.attach + IPL DRIVER kept failing: " + problem,
                everyone());
            return false;
        }
        return true;
    }

    /**
     * @return the last reason an attach failed, null if none did.
     */
    private String attachDriver(final long deadline)
    {
        String problem = null;
        while (stream.needsAttach() && System.currentTimeMillis() < deadline)
        {
            try
            {
                stream.attach();
            }
            catch (final IucvException | RuntimeException ex)
            {
                problem = ex.toString();
                idle(500);
            }
        }
        return problem;
    }

    private boolean restoreMachines(final long deadline) throws IOException
    {
        final Map<String, Long> lastStart = new HashMap<>();
        Map<String, Long> listed = null;
        while (System.currentTimeMillis() < deadline)
        {
            listed = listed();
            if (null != listed && restoreRoster(listed, lastStart))
            {
                return true;
            }
            idle(300);
        }
        violation("restart: machines cannot be IPLed again", "after " + 2 * READY_MS + " ms the CP lists " +
            listed + "; the roster is " + ROSTER.keySet(), everyone());
        return false;
    }

    /**
     * One pass over the roster: IPL what is missing, kill what haunts.
     *
     * @return true if every machine of the roster is listed with a live process of its name.
     */
    private boolean restoreRoster(final Map<String, Long> listed, final Map<String, Long> lastStart)
        throws IOException
    {
        boolean whole = true;
        for (final String name : ROSTER.keySet())
        {
            final Long pid = listed.get(name);
            final List<ChaosProcess> live = machines().stream().filter(p -> p.name.equals(name)).toList();
            if (live.stream().anyMatch(p -> null != pid && p.pid() == pid))
            {
                continue;
            }
            whole = false;
            boolean waiting = false;
            for (final ChaosProcess p : live)
            {
                if (System.currentTimeMillis() - p.startedMs > READY_MS / 2)
                {
                    // alive, long past its IPL, not listed: a ghost (reported by the invariants) or stuck
                    report.note("restore: killed " + p.label() + ", alive and not listed by the CP");
                    procs.kill(p);
                }
                else
                {
                    waiting = true;
                }
            }
            if (!waiting && System.currentTimeMillis() - lastStart.getOrDefault(name, 0L) > 2_000)
            {
                lastStart.put(name, System.currentTimeMillis());
                ipl(name);
            }
        }
        return whole;
    }

    private void restoreStream(final long deadline)
    {
        final EchoStream.Leg before = stream.leg();
        String problem = null;
        while ((null == stream.leg() || stream.leg().broken()) && System.currentTimeMillis() < deadline)
        {
            try
            {
                stream.connect(ECHO);
            }
            catch (final IucvException | RuntimeException ex)
            {
                problem = ex.toString();
                idle(500);
            }
        }
        final EchoStream.Leg leg = stream.leg();
        if (null == leg || leg.broken())
        {
            violation("restart: the driver cannot connect to ECHO again", "CONNECT DRIVER ECHO kept failing: " +
                problem, everyone());
            return;
        }
        final long from = leg.sent;
        final long flowDeadline = System.currentTimeMillis() + READY_MS;
        while (!(leg.sent >= from + 20 && leg.received >= leg.sent) && !leg.broken() &&
            System.currentTimeMillis() < flowDeadline)
        {
            idle(50);
        }
        if (!(leg.sent >= from + 20 && leg.received >= leg.sent))
        {
            violation("restart: the stream does not flow", (leg == before ? "" : "new ") + leg +
                " did not move 20 messages there and back within " + READY_MS + " ms", everyone());
        }
    }
}
