package org.vmiucv.cli.chaos;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import org.vmiucv.engine.testkit.TestFiles;

/**
 * One chaos run: a private IUCV_DIR (a small tmpfs where permitted), a Supervisor, the roster's machine processes
 * ({@code iucv ipl}), the driver's stream through ECHO; then seeded steps, each followed by the invariants and a
 * restore; then {@code iucv shutdown} and the check that nothing is left. Everything started is killed in
 * {@code finally}.
 */
final class ChaosRun
{
    /** A run of steps: a deck (every short-run kind once, shuffled), a number of draws, or draws for a time. */
    record Phase(String what, long seed, boolean deck, int draws, long forMs, boolean longRun)
    {
        static Phase deck(final long seed)
        {
            return new Phase("fixed deck", seed, true, 0, 0, false);
        }

        static Phase draws(final long seed, final int n)
        {
            return new Phase("random draws", seed, false, n, 0, false);
        }

        static Phase minutes(final long seed, final long minutes)
        {
            return new Phase("long run", seed, false, Integer.MAX_VALUE, minutes * 60_000, true);
        }
    }

    private static final long SHUTDOWN_MS = 60_000;

    private final List<Phase> phases;
    private final ChaosReport report = new ChaosReport();

    ChaosRun(final List<Phase> phases)
    {
        this.phases = phases;
    }

    /**
     * @return the report; its violations are what the run found.
     * @throws Exception if the suite itself cannot run (no mount rights are not such a case).
     */
    ChaosReport run() throws Exception
    {
        phases.forEach(p -> report.seed(p.what(), p.seed()));
        phases.forEach(p -> System.out.println("[chaos] " + p.what() + " seed " + p.seed() +
            " (rerun with -Dchaos.seed=" + p.seed() + ")"));
        final ChaosFileSystem fs = ChaosFileSystem.create();
        final Path workRoot = Files.createTempDirectory("iucv-chaos-work-");
        final String system = "CH" + Long.toHexString(System.nanoTime() & 0xFFFFFFL).toUpperCase();
        final ChaosProcesses procs = new ChaosProcesses(fs.base, workRoot);
        final ChaosSystem s = new ChaosSystem(fs.base, system, procs, report);
        System.out.println("[chaos] system " + system + " in " + fs.base + ", working directories in " + workRoot +
            (null == fs.cannotFill ? ", tmpfs mounted" : "; " + fs.cannotFill));
        try
        {
            final Invariants invariants = new Invariants(s);
            final ChaosActions actions = new ChaosActions(s, fs);
            s.startSupervisor();
            if (!s.awaitReady(procs.live(ChaosProcess.Role.SUPERVISOR).get(0),
                System.currentTimeMillis() + ChaosSystem.READY_MS))
            {
                s.violation("setup: the first Supervisor did not come up", "", s.everyone());
                return report;
            }
            for (final String name : ChaosSystem.ROSTER.keySet())
            {
                s.ipl(name);
            }
            s.restore();
            if (!report.violations().isEmpty())
            {
                return report;
            }
            int index = 0;
            for (final Phase phase : phases)
            {
                final Random random = new Random(phase.seed());
                final List<ChaosStep> kinds = ChaosStep.forRun(phase.longRun());
                final List<ChaosStep> deck = new ArrayList<>(kinds);
                Collections.shuffle(deck, random);
                final long end = phase.forMs() > 0 ? System.currentTimeMillis() + phase.forMs() : Long.MAX_VALUE;
                final int count = phase.deck() ? deck.size() : phase.draws();
                for (int i = 0; i < count && System.currentTimeMillis() < end; i++)
                {
                    // a deck plays every kind once; a long run starts with one, then draws
                    final ChaosStep step = phase.deck() || (phase.longRun() && i < deck.size()) ? deck.get(i) :
                        kinds.get(random.nextInt(kinds.size()));
                    s.stepIndex = ++index;
                    s.step = step;
                    s.seed = phase.seed();
                    s.stepStartedMs = System.currentTimeMillis();
                    final boolean cutAllowed = actions.apply(step, random);
                    invariants.afterStep(cutAllowed);
                    s.restore();
                    invariants.noCrash();
                    report.stepDone(step);
                    final EchoStream.Leg leg = s.stream.leg();
                    System.out.println("[chaos] step " + index + " " + step + " done in " +
                        (System.currentTimeMillis() - s.stepStartedMs) / 1000 + " s; " + leg + "; violations so far " +
                        report.violations().size());
                }
            }
            s.stepIndex = ++index;
            s.step = null;
            s.stepStartedMs = System.currentTimeMillis();
            shutdown(s, invariants);
        }
        catch (final RuntimeException | IOException ex)
        {
            s.violation("the suite could not go on: " + ex, stackOf(ex), s.everyone());
        }
        finally
        {
            s.stream.close();
            procs.close();
            final String left = fs.remove();
            if (null != left)
            {
                s.violation("no leftover file: IUCV_DIR not removed", left, List.of());
            }
            TestFiles.deleteTree(workRoot);
            final long alive = procs.all().stream().filter(ChaosProcess::alive).count();
            if (alive > 0)
            {
                s.violation("no leftover process: " + alive + " children still alive after the kill", "",
                    procs.all().stream().filter(ChaosProcess::alive).toList());
            }
            System.out.println(report.summary());
        }
        return report;
    }

    /**
     * {@code iucv shutdown}: every child must then end by itself; no crash log.
     */
    private static void shutdown(final ChaosSystem s, final Invariants invariants) throws IOException
    {
        System.out.println("[chaos] iucv shutdown --system " + s.system);
        s.machines().forEach(p -> p.mayEnd = true);
        final ChaosProcess shutdown = s.procs.run(SHUTDOWN_MS, "shutdown", "--system", s.system);
        if (shutdown.status() != 0)
        {
            final List<ChaosProcess> show = new ArrayList<>(s.everyone());
            show.add(shutdown);
            s.violation("shutdown: iucv shutdown exited " + shutdown.status(), "", show);
        }
        final long deadline = System.currentTimeMillis() + SHUTDOWN_MS;
        for (final ChaosProcess p : s.procs.all())
        {
            s.awaitEnd(p, deadline);
        }
        final List<ChaosProcess> left = s.procs.all().stream().filter(ChaosProcess::alive).toList();
        if (!left.isEmpty())
        {
            s.violation("no leftover process: " + left.size() + " children run " + SHUTDOWN_MS +
                " ms after iucv shutdown", "", left);
        }
        invariants.endedProcesses();
        invariants.noCrash();
    }

    private static String stackOf(final Throwable t)
    {
        final java.io.StringWriter w = new java.io.StringWriter();
        t.printStackTrace(new java.io.PrintWriter(w));
        return w.toString();
    }
}
