package org.vmiucv.cli;

import org.vmiucv.engine.Supervisor;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import org.vmiucv.engine.IucvException;
import org.vmiucv.engine.ReturnCode;
import org.vmiucv.shm.MappedNamespace;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code iucv shutdown}: logs every machine off and stops the Supervisor, then waits (bounded) for it to end.
 * On shared memory it does not attach (see {@link ShmShutdown}): it works with every client slot taken, with no
 * free space, and with damaged tables, as long as the Supervisor lives.
 */
@Command(name = "shutdown", description = "Shut the system down: every machine is logged off, the CP stops " +
    "(on shm without attaching; SIGTERM to the Supervisor if it does not stop by itself).")
final class ShutdownCommand implements Callable<Integer>
{
    @Mixin
    SystemMixin system;

    @ParentCommand
    Iucv root;

    @Option(names = "--wait-ms", defaultValue = "10000", paramLabel = "MS",
        description = "how long to wait for the Supervisor to end (default ${DEFAULT-VALUE})")
    long waitMs;

    /** When a CP that got the request is still running, SIGTERM it after this long (or half the wait). */
    private static final long ESCALATE_AFTER_MS = 5_000;

    /** {@inheritDoc} */
    public Integer call() throws Exception
    {
        final long pid = ProcessHandle.current().pid();
        // a Supervisor that holds the lock but still replays its journal has no tables or rings yet: wait for them
        final long starting = awaitReady();
        final Path dir = 0 != starting ? system.directory() : system.existingDirectory();
        final long supervisorPid;
        String signalled = null;
        final boolean xfl = 0 == starting && null != system.xflDirectory();
        if (0 != starting)
        {
            supervisorPid = starting;
            signalled = signal(starting, "the Supervisor (pid " + starting + ") holds the lock of system " +
                system.system + " but did not make it ready within " + waitMs + " ms");
        }
        else if (xfl)
        {
            try (Supervisor client = system.attach())
            {
                supervisorPid = SystemMixin.supervisorPid(client);
                client.shutdown();
            }
        }
        else
        {
            // shm: no attach, so shutdown needs no client slot, no ring of its own and no free space
            final MappedNamespace ns = ShmSystemTables.open(system);
            try
            {
                final ShmShutdown cp = new ShmShutdown(ns);
                supervisorPid = cp.supervisorPid();
                if (0 == supervisorPid)
                {
                    // Everything was killed: remove what the system left in memory, under its lock.
                    ns.close();
                    StaleSystemCleanup.clean(system.base(), system.system, dir, "its pid in the tables and in " +
                        "the control ring is not a live process", root.out);
                    return 0;
                }
                final String refused = cp.request();
                if (null != refused)
                {
                    signalled = signal(supervisorPid, refused);
                }
            }
            finally
            {
                ns.close();
            }
        }
        root.out.println("SHUTDOWN of system " + system.system + " accepted pid=" + pid);
        final long start = System.currentTimeMillis();
        final long deadline = start + waitMs;
        // an orderly stop takes well under the CP's 5 s logoff wait; a CP that has not ended by then cannot act
        // on requests (damaged tables, stuck conductor): its SIGTERM hook stops it all the same
        final long escalateAt = start + Math.min(waitMs / 2, ESCALATE_AFTER_MS);
        while (System.currentTimeMillis() < deadline && ShmShutdown.isAlive(supervisorPid))
        {
            if (null == signalled && System.currentTimeMillis() >= escalateAt && !xfl)
            {
                signalled = signal(supervisorPid, "the Supervisor did not stop within " +
                    (System.currentTimeMillis() - start) + " ms of the request");
            }
            Thread.sleep(20);
        }
        if (ShmShutdown.isAlive(supervisorPid))
        {
            root.out.println("system " + system.system + " is still stopping after " + waitMs + " ms pid=" + pid);
        }
        else
        {
            root.out.println("system " + system.system + " is down (Supervisor pid=" + supervisorPid + " ended)" +
                (Files.isDirectory(dir.resolve("journal")) ? "; its journal stays in " + dir.resolve("journal") +
                " for iucv trace" : "") + " pid=" + pid);
        }
        return 0;
    }

    /**
     * @return 0 when the system is ready, or when no live {@code iucv supervisor} holds its lock (then the usual
     * path reports what there is); else the pid of the lock holder that did not make it ready within the wait.
     */
    private long awaitReady() throws InterruptedException
    {
        final long holder = StartingSupervisor.lockHolder(system.base(), system.system);
        if (0 == holder)
        {
            return 0;
        }
        final long deadline = System.currentTimeMillis() + waitMs;
        while (!ready() && ShmShutdown.isAlive(holder))
        {
            if (System.currentTimeMillis() >= deadline)
            {
                return holder;
            }
            Thread.sleep(20);
        }
        return 0;
    }

    /** @return true if the system runs on XFL, or on shm with tables that name a live Supervisor. */
    private boolean ready()
    {
        if (null != system.xflDirectory())
        {
            return true;
        }
        try
        {
            if (!Files.isDirectory(system.directory()))
            {
                return false;
            }
            final MappedNamespace ns = ShmSystemTables.open(system);
            try
            {
                return 0 != new ShmShutdown(ns).supervisorPid();
            }
            finally
            {
                ns.close();
            }
        }
        catch (final IucvException | RuntimeException ex)
        {
            return false; // not made yet
        }
    }

    private String signal(final long supervisorPid, final String why)
    {
        final boolean sent = ShmShutdown.terminate(supervisorPid);
        root.out.println(why + (sent ? "; sent SIGTERM to the Supervisor (pid " + supervisorPid + "), which " +
            "shuts the system down in order" : "; pid " + supervisorPid + " is not an iucv supervisor process, " +
            "so it was not signalled"));
        return why;
    }
}
