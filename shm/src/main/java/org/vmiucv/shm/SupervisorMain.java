package org.vmiucv.shm;

import org.vmiucv.engine.system.ForegroundSupervisor;
import java.nio.file.Path;

import org.vmiucv.engine.IucvException;
import org.vmiucv.engine.system.SystemLock;
import org.vmiucv.engine.system.SystemLog;
import org.vmiucv.engine.system.SystemOptions;
import org.vmiucv.shm.journal.JournalConfig;

/**
 * Runs a Supervisor process in the foreground until the system is shut down or SIGTERM arrives.
 * <p>
 * Usage: {@code SupervisorMain [--base DIR] [--system S] [--heartbeat-timeout-ms N] [--inbox-capacity BYTES]
 * [--max-machines N] [--max-paths N] [--journal-roll-cycle NAME] [--journal-retention CYCLES]
 * [--journal-min-free-mb N] [--no-journal] [--trace-data]}. Exit status 0 after a clean stop, the RC when refused,
 * 1 for usage errors.
 * <p>
 * The journal (in {@code <namespace>/journal}) is a Chronicle Queue: the JVM needs the flags of Chronicle Queue
 * (see the README), or a jar manifest that carries them.
 */
public final class SupervisorMain
{
    private SupervisorMain()
    {
    }

    /**
     * @param args see the class comment.
     */
    public static void main(final String[] args)
    {
        JournalConfig.disableAnalytics();
        System.exit(run(args));
    }

    /**
     * @param args see the class comment.
     * @return the exit status.
     */
    public static int run(final String[] args)
    {
        Path base = MappedNamespace.defaultBase();
        String system = ShmSystem.DEFAULT_SYSTEM;
        final SystemOptions options = new SystemOptions();
        final JournalConfig journal = new JournalConfig();
        try
        {
            for (int i = 0; i < args.length; i++)
            {
                final String value = i + 1 < args.length ? args[i + 1] : null;
                switch (args[i])
                {
                    case "--base": base = Path.of(ForegroundSupervisor.need(args[i], value)); i++; break;
                    case "--system": system = ForegroundSupervisor.need(args[i], value); i++; break;
                    case "--heartbeat-timeout-ms": options.heartbeatTimeoutMs(ForegroundSupervisor.number(args[i], value)); i++; break;
                    case "--inbox-capacity": options.inboxCapacity(ForegroundSupervisor.number(args[i], value)); i++; break;
                    case "--max-machines": options.maxMachines(ForegroundSupervisor.number(args[i], value)); i++; break;
                    case "--max-paths": options.maxPaths(ForegroundSupervisor.number(args[i], value)); i++; break;
                    case "--journal-roll-cycle": journal.rollCycle(ForegroundSupervisor.need(args[i], value)); i++; break;
                    case "--journal-retention": journal.retentionCycles(ForegroundSupervisor.number(args[i], value)); i++; break;
                    case "--journal-min-free-mb": journal.minFreeBytes((long)ForegroundSupervisor.number(args[i], value) << 20); i++; break;
                    case "--no-journal": journal.enabled(false); break;
                    case "--trace-data": journal.traceData(true); break;
                    default: throw new IllegalArgumentException("unknown option " + args[i]);
                }
            }
        }
        catch (final IllegalArgumentException ex)
        {
            System.err.println("iucv supervisor: " + ex.getMessage());
            return 1;
        }
        return run(base, system, options, journal, SystemLog.to(System.out));
    }

    /**
     * Run a Supervisor until shutdown or SIGTERM.
     *
     * @param base    base directory.
     * @param system  system name.
     * @param options options.
     * @param log     transcript.
     * @return the exit status.
     */
    public static int run(final Path base, final String system, final SystemOptions options, final SystemLog log)
    {
        return run(base, system, options, new JournalConfig(), log);
    }

    /**
     * Run a Supervisor until shutdown or SIGTERM.
     *
     * @param base    base directory.
     * @param system  system name.
     * @param options options.
     * @param journal journal options.
     * @param log     transcript.
     * @return the exit status.
     */
    public static int run(final Path base, final String system, final SystemOptions options,
        final JournalConfig journal, final SystemLog log)
    {
        return run(base, system, options, journal, log, null);
    }

    /**
     * Run a Supervisor until shutdown or SIGTERM, under the system's lock taken by the caller.
     *
     * @param base    base directory.
     * @param system  system name.
     * @param options options.
     * @param journal journal options.
     * @param log     transcript.
     * @param lock    the system's lock, held, or null to take it here; released when the system stops.
     * @return the exit status.
     */
    public static int run(final Path base, final String system, final SystemOptions options,
        final JournalConfig journal, final SystemLog log, final SystemLock lock)
    {
        JournalConfig.disableAnalytics();
        final SupervisorProcess cp;
        try
        {
            cp = SupervisorProcess.start(base, system, options, log, journal, lock);
        }
        catch (final IucvException ex)
        {
            System.err.println(ex.getMessage());
            return ex.code();
        }
        return ForegroundSupervisor.runUntilShutdown(cp, log, "CP ready: system " + system + " in " + cp.directory());
    }
}
