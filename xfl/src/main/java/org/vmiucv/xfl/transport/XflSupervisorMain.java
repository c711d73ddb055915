package org.vmiucv.xfl.transport;

import org.vmiucv.engine.system.ForegroundSupervisor;
import java.nio.file.Path;

import org.vmiucv.engine.IucvException;
import org.vmiucv.engine.system.SystemLock;
import org.vmiucv.engine.system.SystemLog;
import org.vmiucv.engine.system.SystemOptions;
import org.vmiucv.xfl.XflContext;

/**
 * Runs an XFL Supervisor in the foreground until the system is shut down or SIGTERM arrives.
 * <p>
 * Usage: {@code XflSupervisorMain [--base DIR] [--system S] [--heartbeat-timeout-ms N] [--inbox-capacity BYTES]
 * [--max-machines N] [--max-paths N] [--control-timeout-ms N] [--spin-limit-ns N]}. Exit status 0 after a clean stop, the RC when refused,
 * 1 for usage errors.
 */
public final class XflSupervisorMain
{
    /** Default system name. */
    public static final String DEFAULT_SYSTEM = "VM1";

    private XflSupervisorMain()
    {
    }

    /**
     * @param args see the class comment.
     */
    public static void main(final String[] args)
    {
        System.exit(run(args));
    }

    /**
     * @param args see the class comment.
     * @return the exit status.
     */
    public static int run(final String[] args)
    {
        Path base = XflNamespace.defaultBase();
        String system = DEFAULT_SYSTEM;
        final SystemOptions options = new SystemOptions();
        final XflContext context = new XflContext();
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
                    case "--control-timeout-ms": options.controlTimeoutMs(ForegroundSupervisor.number(args[i], value)); i++; break;
                    case "--spin-limit-ns": context.spinLimitNs(ForegroundSupervisor.number(args[i], value)); i++; break;
                    default: throw new IllegalArgumentException("unknown option " + args[i]);
                }
            }
            context.conclude();
        }
        catch (final IllegalArgumentException ex)
        {
            System.err.println("iucv supervisor: " + ex.getMessage());
            return 1;
        }
        return run(base, system, options, context, SystemLog.to(System.out));
    }

    /**
     * Run an XFL Supervisor until shutdown or SIGTERM.
     *
     * @param base    base directory.
     * @param system  system name.
     * @param options engine options.
     * @param log     transcript.
     * @return the exit status.
     */
    public static int run(final Path base, final String system, final SystemOptions options, final SystemLog log)
    {
        return run(base, system, options, new XflContext(), log);
    }

    /**
     * Run an XFL Supervisor until shutdown or SIGTERM.
     *
     * @param base    base directory.
     * @param system  system name.
     * @param options engine options.
     * @param context XFL connector options.
     * @param log     transcript.
     * @return the exit status.
     */
    public static int run(final Path base, final String system, final SystemOptions options,
        final XflContext context, final SystemLog log)
    {
        return run(base, system, options, context, log, null);
    }

    /**
     * Run an XFL Supervisor until shutdown or SIGTERM, under the system's lock taken by the caller.
     *
     * @param base    base directory.
     * @param system  system name.
     * @param options engine options.
     * @param context XFL connector options.
     * @param log     transcript.
     * @param lock    the system's lock, held, or null to take it here; released when the system stops.
     * @return the exit status.
     */
    public static int run(final Path base, final String system, final SystemOptions options,
        final XflContext context, final SystemLog log, final SystemLock lock)
    {
        final XflSupervisorProcess cp;
        try
        {
            cp = XflSupervisorProcess.start(base, system, options, context, log, lock);
        }
        catch (final IucvException ex)
        {
            System.err.println(ex.getMessage());
            return ex.code();
        }
        return ForegroundSupervisor.runUntilShutdown(cp, log, "CP ready: system " + system + " in " + cp.directory() + " (transport xfl)");
    }
}
