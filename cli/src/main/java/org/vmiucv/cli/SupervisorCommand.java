package org.vmiucv.cli;

import java.util.concurrent.Callable;

import org.vmiucv.engine.system.SystemLog;
import org.vmiucv.engine.system.SystemOptions;
import org.vmiucv.shm.SupervisorMain;
import org.vmiucv.xfl.transport.XflNamespace;
import org.vmiucv.xfl.transport.XflSupervisorMain;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
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

    /** Which transport the system runs on. */
    enum Transport
    {
        /** Shared memory, falling back to XFL when the shm namespace cannot be created. */
        auto,
        /** Shared memory only. */
        shm,
        /** XFL over named FIFOs only. */
        xfl
    }

    @Option(names = "--transport", defaultValue = "auto", paramLabel = "auto|shm|xfl",
        description = "shm (memory-mapped rings), xfl (POSIX pipes), or auto: shm, else XFL (default ${DEFAULT-VALUE})")
    Transport transport;

    @Mixin
    SupervisorLimits limits;

    @Option(names = "--trace-data",
        description = "record the metadata of every SMSG and IUCV message in the journal (shm only; costs a control-ring write per message)")
    boolean traceData;

    /** {@inheritDoc} */
    public Integer call() throws Exception
    {
        system.directory(); // validates the name before anything is created
        final SystemOptions options = limits.options();
        final SystemLog log = SystemLog.to(root.out);
        if (transport != Transport.xfl)
        {
            final String problem = transport == Transport.auto ? ShmProbe.problem(system.base(), system.system) : null;
            if (null == problem)
            {
                return SupervisorMain.run(system.base(), system.system, options,
                    new org.vmiucv.shm.journal.JournalConfig().traceData(traceData), log);
            }
            log.log("shared memory is not usable (" + problem + "); starting system " + system.system +
                " on XFL (POSIX pipes) in " + XflNamespace.defaultBase().resolve(system.system));
        }
        return XflSupervisorMain.run(XflNamespace.defaultBase(), system.system, options, log);
    }
}
