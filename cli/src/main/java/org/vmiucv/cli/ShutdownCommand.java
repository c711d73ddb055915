package org.vmiucv.cli;

import org.vmiucv.engine.Supervisor;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import org.vmiucv.engine.system.SystemClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code iucv shutdown}: logs every machine off and stops the Supervisor, then waits (bounded) for it to end.
 */
@Command(name = "shutdown", description = "Shut the system down: every machine is logged off, the CP stops.")
final class ShutdownCommand implements Callable<Integer>
{
    @Mixin
    SystemMixin system;

    @ParentCommand
    Iucv root;

    @Option(names = "--wait-ms", defaultValue = "10000", paramLabel = "MS",
        description = "how long to wait for the Supervisor to end (default ${DEFAULT-VALUE})")
    long waitMs;

    /** {@inheritDoc} */
    public Integer call() throws Exception
    {
        final Path dir = system.existingDirectory();
        final long supervisorPid;
        try (Supervisor client = system.attach())
        {
            supervisorPid = SystemMixin.supervisorPid(client);
            client.shutdown();
        }
        final long pid = ProcessHandle.current().pid();
        root.out.println("SHUTDOWN of system " + system.system + " accepted pid=" + pid);
        final long deadline = System.currentTimeMillis() + waitMs;
        while (System.currentTimeMillis() < deadline &&
            ProcessHandle.of(supervisorPid).map(ProcessHandle::isAlive).orElse(false))
        {
            Thread.sleep(20);
        }
        if (ProcessHandle.of(supervisorPid).map(ProcessHandle::isAlive).orElse(false))
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
}
