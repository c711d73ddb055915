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
import org.vmiucv.engine.system.SystemClient;
import org.vmiucv.engine.system.SystemLog;
import org.vmiucv.engine.system.SystemOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code iucv ipl NAME --handler H}: this process becomes the host of one machine and stays until the machine is
 * logged off (by {@code iucv logoff}, {@code iucv shutdown} or a panic) or SIGTERM arrives (then it logs the machine
 * off itself and detaches).
 */
@Command(name = "ipl", description = "Log a machine on in this process and host it until it is logged off.")
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

    @Mixin
    SystemMixin system;

    @ParentCommand
    Iucv root;

    @Parameters(index = "0", paramLabel = "NAME", description = "machine name, 1-8 of A-Z 0-9 @ # $")
    String name;

    @Option(names = "--handler", required = true, paramLabel = "echo|log|CLASS",
        description = "echo, log, or a class implementing MachineHandler with a public no-argument constructor")
    String handler;

    @Option(names = "--idle", defaultValue = "backoff", paramLabel = "backoff|spin",
        description = "idle strategy of the host thread (default ${DEFAULT-VALUE})")
    Idle idle;

    @Option(names = "--allow", split = ",", paramLabel = "A,B",
        description = "accept CONNECT only from these machines")
    List<String> allow = new ArrayList<>();

    private final Object lock = new Object();
    private boolean detached;

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
        MachineHandler h = Handlers.create(handler, log);
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
        log.log("hosting " + id + " (handler " + handler + (allow.isEmpty() ? "" : ", allow " + allowed) + ", idle " +
            idle + ") in system " + system.system + " until LOGOFF or SIGTERM");
        final Thread hook = new Thread(() -> stop(client, id, log), "iucv-ipl-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        long nextQueryMs = System.currentTimeMillis() + 1000;
        while (stillHosted(client, watch) && Files.isDirectory(dir) && null == SystemMixin.supervisorProblem(client))
        {
            Thread.sleep(POLL_MS);
            if (!(client instanceof SystemClient) && System.currentTimeMillis() > nextQueryMs)
            {
                // over XFL a panicked machine gets no onLogoff: ask the CP whether it is still logged on
                nextQueryMs = System.currentTimeMillis() + 1000;
                if (!listed(client, id))
                {
                    break;
                }
            }
        }
        awaitLogoffOfAShutdown(client, watch, dir);
        final boolean gone = !Files.isDirectory(dir);
        detach(client);
        try
        {
            Runtime.getRuntime().removeShutdownHook(hook);
        }
        catch (final IllegalStateException ignore)
        {
            // the JVM is already stopping through the hook
        }
        log.log(id + (gone ? ": system " + system.system + " was removed" : " is logged off") + "; host process ends");
        return 0;
    }

    /**
     * @return false once the CP no longer lists the machine, or no longer answers because the system is shutting
     *         down or gone (a QUERY that races a SHUTDOWN is the end of hosting, not an error).
     */
    private static boolean listed(final Supervisor client, final MachineId id)
    {
        try
        {
            return client.queryNames().stream().anyMatch(m -> m.name().equals(id));
        }
        catch (final IucvException ex)
        {
            return false;
        }
    }

    /**
     * A SHUTDOWN marks the system down first and then logs every machine off: the LOGOFF may still be on its way
     * to the machine. Give it the time to arrive, so the handler gets {@code onLogoff} (issue 10, bug 9), but no
     * longer than the CP itself waits for machines to log off.
     */
    private static void awaitLogoffOfAShutdown(final Supervisor client, final LogoffWatch watch, final Path dir)
        throws InterruptedException
    {
        if (!(client instanceof SystemClient) || !((SystemClient)client).tables().isShutdown())
        {
            return;
        }
        final long deadline = System.currentTimeMillis() + new SystemOptions().controlTimeoutMs();
        while (stillHosted(client, watch) && System.currentTimeMillis() < deadline && Files.isDirectory(dir))
        {
            Thread.sleep(POLL_MS);
        }
    }

    private static boolean stillHosted(final Supervisor client, final LogoffWatch watch)
    {
        return client instanceof SystemClient ? ((SystemClient)client).hostedMachines() > 0 : !watch.loggedOff();
    }

    private void stop(final Supervisor client, final MachineId id, final SystemLog log)
    {
        synchronized (lock)
        {
            if (detached)
            {
                return;
            }
            if (client instanceof SystemClient ? ((SystemClient)client).hostedMachines() > 0 : true)
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
