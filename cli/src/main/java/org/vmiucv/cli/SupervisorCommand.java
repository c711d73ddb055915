package org.vmiucv.cli;

import java.util.concurrent.Callable;

import org.vmiucv.engine.system.SystemLog;
import org.vmiucv.engine.system.SystemOptions;
import org.vmiucv.shm.SupervisorMain;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;

/**
 * {@code iucv supervisor}: runs the CP of a system in the foreground until {@code iucv shutdown} or SIGTERM.
 */
@Command(name = "supervisor", description = "Run the Supervisor (the CP) of a system until shutdown or SIGTERM.")
final class SupervisorCommand implements Callable<Integer>
{
    @Mixin
    SystemMixin system;

    @ParentCommand
    Iucv root;

    /** {@inheritDoc} */
    public Integer call() throws Exception
    {
        system.directory(); // validates the name before anything is created
        return SupervisorMain.run(system.base(), system.system, new SystemOptions(), SystemLog.to(root.out));
    }
}
