package org.vmiucv.cli;

import org.vmiucv.engine.Supervisor;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;

import org.agrona.concurrent.BusySpinIdleStrategy;
import org.vmiucv.engine.IucvException;
import org.vmiucv.engine.MachineHandler;
import org.vmiucv.engine.MachineId;
import org.vmiucv.engine.ReturnCode;
import org.vmiucv.engine.system.SystemClient;
import org.vmiucv.engine.system.SystemLog;
import org.vmiucv.engine.system.SystemOptions;
import org.vmiucv.xfl.transport.XflNamespace;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code iucv ipl NAME --handler H}: this process becomes the host of one machine and stays until the machine is
 * logged off (by {@code iucv logoff}, {@code iucv shutdown} or a panic) or SIGTERM arrives (then it logs the machine
 * off itself and detaches).
 * <p>
 * Over shared memory the machine outlives its Supervisor: while the CP is dead or stalled the process keeps hosting
 * (paths stay established and data keeps flowing between machines, which needs no CP), logs once that the CP is
 * down and once that one is back; a restarted Supervisor recovers the tables and finds the machine still there.
 * Over XFL every call is relayed through the Supervisor's process, so when that process is gone nothing can be
 * hosted: the process ends with status 32 and says so. Exit status: 0 when the machine was logged off or the system
 * shut down; 32 when the system's directory was removed, the XFL Supervisor went away, or the Supervisor dropped
 * this process (reaped after a stall); 143 after SIGTERM, as for any JVM.
 */
@Command(name = "ipl", mixinStandardHelpOptions = true, description = {
    "Log a machine on in this process and host it until it is logged off.",
    "Over shared memory the machine outlives a dead or stalled Supervisor and is kept by the next one; over XFL " +
    "it cannot (every call goes through the Supervisor's process): the process then ends with status 32.",
    "Exit status 0 after LOGOFF or SHUTDOWN; 32 if the system directory was removed, the XFL Supervisor went " +
    "away or the Supervisor dropped this process. SIGTERM logs the machine off (if a Supervisor answers) and " +
    "ends the process (status 143)."})
final class IplCommand implements Callable<Integer>
{
    /** Idle strategies of the host agent. */
    enum Idle
    {
        /** Spin, yield, then park up to 1 ms: the default. */
        backoff,
        /** Busy spin: lowest latency, one core at 100%. */
        spin
    }

    private static final long POLL_MS = 20;
    /** How long an XFL Supervisor that closed its connectors may take to finish a clean shutdown. */
    private static final long XFL_EXIT_GRACE_MS = 3_000;

    @Mixin
    SystemMixin system;

    @ParentCommand
    Iucv root;

    @Parameters(index = "0", paramLabel = "NAME", description = "machine name, 1-8 of A-Z 0-9 @ # $")
    String name;

    @Option(names = "--handler", required = true, paramLabel = "echo|log|CLASS",
        description = "echo, log, or a class implementing MachineHandler with a public no-argument constructor " +
            "(on --classpath or iucv's class path)")
    String handler;

    @Option(names = {"--classpath", "-cp"}, paramLabel = "PATH",
        description = "where to find --handler CLASS: jars, directories or DIR/* separated by ':' (java -jar, and " +
            "so ./iucv, ignores $CLASSPATH); iucv's own classes (the engine API) come first")
    String classpath;

    @Option(names = "--idle", defaultValue = "backoff", paramLabel = "backoff|spin",
        description = "idle strategy of the host thread (default ${DEFAULT-VALUE})")
    Idle idle;

    @Option(names = "--allow", split = ",", paramLabel = "A,B",
        description = "accept CONNECT only from these machines")
    List<String> allow = new ArrayList<>();

    private final Object lock = new Object();
    private volatile boolean detached;

    /** {@inheritDoc} */
    public Integer call() throws Exception
    {
        final MachineId id = MachineId.parse(name);
        final Set<MachineId> allowed = new LinkedHashSet<>();
        for (final String a : allow)
        {
            allowed.add(MachineId.parse(a.trim()));
        }
        final SystemLog log = SystemLog.to(root.out);
        MachineHandler h = Handlers.create(handler, log, classpath);
        final ClassLoader handlerLoader = h.getClass().getClassLoader();
        if (!allow.isEmpty())
        {
            h = new AllowListHandler(allowed, h, log);
        }
        final SystemOptions options = new SystemOptions();
        if (idle == Idle.spin)
        {
            options.idleStrategy(BusySpinIdleStrategy::new);
        }
        final Path dir = system.existingDirectory();
        final LogoffWatch watch = new LogoffWatch(h);
        h = watch;
        // the handler's own classes may look for resources and services through the context loader of the
        // machine's thread, which inherits it from this one
        Thread.currentThread().setContextClassLoader(handlerLoader);
        final Supervisor client = system.attach(options, log);
        try
        {
            client.ipl(id, h);
        }
        catch (final IucvException | RuntimeException ex)
        {
            detach(client);
            throw ex;
        }
        final Thread hook = new Thread(() -> stop(client, id, log), "iucv-ipl-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        // after the hook: a SIGTERM from here on logs the machine off
        log.log("hosting " + id + " (handler " + handler + (allow.isEmpty() ? "" : ", allow " + allowed) + ", idle " +
            idle + ") in system " + system.system + " until LOGOFF or SIGTERM");
        final String failure = client instanceof SystemClient ?
            hostOverShm((SystemClient)client, id, dir, log) : hostOverXfl(client, id, dir, watch, log);
        if (detached)
        {
            return 0; // SIGTERM: the hook logged the machine off and detached; the JVM is stopping
        }
        detach(client);
        try
        {
            Runtime.getRuntime().removeShutdownHook(hook);
        }
        catch (final IllegalStateException ignore)
        {
            // the JVM is already stopping through the hook
        }
        if (null != failure)
        {
            log.log(id + ": " + failure + "; host process ends");
            root.err.println(failure.startsWith("DMSIUC") ? failure :
                IucvException.format(ReturnCode.SUPERVISOR_DOWN, failure));
            return ReturnCode.SUPERVISOR_DOWN.code();
        }
        log.log(id + " is logged off; host process ends");
        return 0;
    }

    /**
     * Host until the machine is logged off or the system is shut down or removed; a dead or stalled Supervisor is
     * no reason to end (the host agent keeps beating and serving the machine, and the next Supervisor recovers it).
     *
     * @return null for a normal end, else why hosting failed.
     */
    private String hostOverShm(final SystemClient client, final MachineId id, final Path dir, final SystemLog log)
        throws InterruptedException
    {
        try
        {
            return hostOverShmUntilClosed(client, id, dir, log);
        }
        catch (final IllegalStateException closedBySigterm)
        {
            return null; // the SIGTERM hook closed the client under this loop
        }
    }

    /**
     * A SHUTDOWN marks the system down first and then logs every machine off: the LOGOFF may still be on its way
     * to the machine. Give it the time to arrive, so the handler gets {@code onLogoff} (issue 10, bug 9), but no
     * longer than the CP itself waits for machines to log off.
     */
    private static void awaitLogoffOfAShutdown(final SystemClient client, final Path dir) throws InterruptedException
    {
        final long deadline = System.currentTimeMillis() + new SystemOptions().controlTimeoutMs();
        while (client.hostedMachines() > 0 && System.currentTimeMillis() < deadline && Files.isDirectory(dir))
        {
            Thread.sleep(POLL_MS);
        }
    }

    private String hostOverShmUntilClosed(final SystemClient client, final MachineId id, final Path dir,
        final SystemLog log) throws InterruptedException
    {
        String down = null;
        while (!detached)
        {
            final String reaped = client.reaped(); // generation fencing: the CP reaped this process after a stall
            if (null != reaped)
            {
                return reaped;
            }
            if (client.hostedMachines() == 0)
            {
                return client.reaped(); // null: logged off; asked again, as the host drops the machines once reaped
            }
            if (client.isShutdown())
            {
                log.log("system " + system.system + " is shut down");
                awaitLogoffOfAShutdown(client, dir);
                return null;
            }
            if (!Files.isDirectory(dir))
            {
                return "system " + system.system + " was removed (" + dir + " is gone)";
            }
            final String problem = client.supervisorProblem();
            if (null != problem && null == down && !detached)
            {
                log.log("the Supervisor is down (" + problem + "); " + id +
                    " stays hosted and waits for a Supervisor (start one with: iucv supervisor --system " +
                    system.system + ")");
            }
            else if (null == problem && null != down)
            {
                log.log("a Supervisor is back (pid " + client.supervisorPid() + "); " + id + " is still hosted");
            }
            down = problem;
            Thread.sleep(POLL_MS);
        }
        return null;
    }

    /**
     * Over XFL the machine lives only as long as the Supervisor's process relays for it.
     *
     * @return null for a normal end (logged off, or the Supervisor shut down cleanly), else why hosting failed.
     */
    private String hostOverXfl(final Supervisor client, final MachineId id, final Path dir, final LogoffWatch watch,
        final SystemLog log) throws InterruptedException
    {
        long nextQueryMs = System.currentTimeMillis() + 1000;
        while (!detached && !watch.loggedOff())
        {
            String problem = SystemMixin.supervisorProblem(client);
            if (null == problem && System.currentTimeMillis() > nextQueryMs)
            {
                // over XFL a panicked machine gets no onLogoff: ask the CP whether it is still logged on
                nextQueryMs = System.currentTimeMillis() + 1000;
                try
                {
                    if (client.queryNames().stream().noneMatch(m -> m.name().equals(id)))
                    {
                        return null;
                    }
                }
                catch (final IucvException ex)
                {
                    problem = ex.getMessage();
                }
            }
            if (null != problem)
            {
                return detached ? null : xflEnd(client, dir, problem, log);
            }
            if (!Files.isDirectory(dir))
            {
                return "system " + system.system + " was removed (" + dir + " is gone)";
            }
            Thread.sleep(POLL_MS);
        }
        return null;
    }

    /**
     * The XFL Supervisor stopped answering: a clean shutdown (it removes its pid file as it ends) is a normal end
     * of hosting (a QUERY that races a SHUTDOWN is the end of hosting, not an error); anything else is a failure.
     */
    private String xflEnd(final Supervisor client, final Path dir, final String problem, final SystemLog log)
        throws InterruptedException
    {
        final long cpPid = SystemMixin.supervisorPid(client);
        final long deadline = System.currentTimeMillis() + XFL_EXIT_GRACE_MS;
        while (System.currentTimeMillis() < deadline &&
            ProcessHandle.of(cpPid).map(ProcessHandle::isAlive).orElse(false))
        {
            Thread.sleep(POLL_MS);
        }
        if (!Files.exists(dir.resolve(XflNamespace.PID_FILE)))
        {
            log.log("system " + system.system + " is shut down");
            return null;
        }
        return "the XFL Supervisor (pid " + cpPid + ") is gone (" + problem + "); over XFL a machine cannot " +
            "outlive its Supervisor: start one (iucv supervisor --system " + system.system + ") and IPL it again";
    }

    private void stop(final Supervisor client, final MachineId id, final SystemLog log)
    {
        synchronized (lock)
        {
            if (detached)
            {
                return;
            }
            final String down = SystemMixin.supervisorProblem(client);
            if (client instanceof SystemClient && ((SystemClient)client).hostedMachines() == 0)
            {
                log.log("SIGTERM: " + id + " is no longer hosted here");
            }
            else if (null != down)
            {
                // a LOGOFF would wait for the dead or stalled CP in vain: the next Supervisor reaps the machine
                log.log("SIGTERM: " + id + " cannot be logged off: " + down);
            }
            else
            {
                log.log("SIGTERM: logging " + id + " off");
                try
                {
                    client.logoff(id);
                }
                catch (final IucvException ex)
                {
                    log.log("LOGOFF " + id + " at SIGTERM: " + ex.getMessage());
                }
            }
        }
        detach(client);
        log.log(id + ": SIGTERM; host process ends");
    }

    private void detach(final Supervisor client)
    {
        synchronized (lock)
        {
            if (!detached)
            {
                detached = true;
                client.close();
            }
        }
    }
}
