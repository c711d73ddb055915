package org.vmiucv.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;

import org.vmiucv.engine.IucvException;
import org.vmiucv.engine.ReturnCode;
import org.vmiucv.engine.system.SystemLock;
import org.vmiucv.engine.system.SystemLog;
import org.vmiucv.engine.system.SystemOptions;
import org.vmiucv.shm.MappedNamespace;
import org.vmiucv.shm.ShmSystem;
import org.vmiucv.shm.SupervisorMain;
import org.vmiucv.xfl.XflContext;
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
        // One lock per system, taken before any probe or fallback: a second start exits with RC 8 naming us.
        final Path base = transport == Transport.xfl ? XflNamespace.defaultBase() : system.base();
        final SystemLock lock = SystemLock.acquire(base, system.system,
            transport == Transport.xfl ? "xfl" : "starting");
        if (transport != Transport.xfl)
        {
            final String problem = transport == Transport.auto ? shmProblem(base, lock) : null;
            if (null == problem)
            {
                return SupervisorMain.run(base, system.system, options,
                    new org.vmiucv.shm.journal.JournalConfig().traceData(traceData), log, lock);
            }
            final Path xflBase = XflNamespace.defaultBase();
            log.log("shared memory is not usable (" + problem + "); starting system " + system.system +
                " on XFL (POSIX pipes) in " + xflBase.resolve(system.system));
            if (!xflBase.equals(base))
            {
                // XFL lives elsewhere (no writable /dev/shm): hold its lock too; ours stays held until we exit
                return XflSupervisorMain.run(xflBase, system.system, options, new XflContext(), log,
                    SystemLock.acquire(xflBase, system.system, "xfl"));
            }
        }
        return XflSupervisorMain.run(base, system.system, options, new XflContext(), log, lock);
    }

    /**
     * @return null if shared memory can hold the system, else why not (then XFL is tried).
     * @throws IucvException 24, after releasing the lock, if the directory is not ours or not private: that is no
     *                       reason to fall back, every transport refuses it.
     */
    private String shmProblem(final Path base, final SystemLock lock) throws IucvException
    {
        final MappedNamespace ns;
        try
        {
            ns = ShmSystem.openNamespace(base, system.system);
        }
        catch (final IucvException ex)
        {
            if (ex.returnCode() == ReturnCode.INVALID_PARAMETER)
            {
                lock.close();
                throw ex;
            }
            return ex.getMessage();
        }
        try
        {
            return ShmProbe.problem(ns);
        }
        finally
        {
            ns.close();
        }
    }
}
