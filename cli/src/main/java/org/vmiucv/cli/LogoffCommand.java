package org.vmiucv.cli;

import org.vmiucv.engine.Supervisor;

import java.util.concurrent.Callable;

import org.vmiucv.engine.MachineId;
import org.vmiucv.engine.system.SystemClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code iucv logoff NAME}: logs a machine off, wherever it is hosted; its paths are severed first.
 */
@Command(name = "logoff", description = "LOGOFF a machine; its paths are severed and its peers told.")
final class LogoffCommand implements Callable<Integer>
{
    @Mixin
    SystemMixin system;

    @ParentCommand
    Iucv root;

    @Parameters(index = "0", paramLabel = "NAME", description = "machine name")
    String name;

    /** {@inheritDoc} */
    public Integer call() throws Exception
    {
        final MachineId id = MachineId.parse(name);
        try (Supervisor client = system.attach())
        {
            client.logoff(id);
        }
        root.out.println("LOGOFF " + id + " done pid=" + ProcessHandle.current().pid());
        return 0;
    }
}
