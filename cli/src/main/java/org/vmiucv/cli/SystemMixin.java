package org.vmiucv.cli;

import java.nio.file.Files;
import java.nio.file.Path;

import org.vmiucv.engine.IucvException;
import org.vmiucv.engine.ReturnCode;
import org.vmiucv.engine.Supervisor;
import org.vmiucv.engine.system.SystemClient;
import org.vmiucv.engine.system.SystemLog;
import org.vmiucv.engine.system.SystemOptions;
import org.vmiucv.shm.MappedNamespace;
import org.vmiucv.shm.NamespaceDirectory;
import org.vmiucv.shm.ShmSystem;
import org.vmiucv.xfl.transport.XflClient;
import org.vmiucv.xfl.transport.XflNamespace;
import org.vmiucv.xfl.transport.XflSystem;
import picocli.CommandLine.Option;

/**
 * {@code --system S}, shared by every subcommand, and the way to reach that system.
 */
final class SystemMixin
{
    /** The environment variable that names the system when {@code --system} is not given. */
    static final String ENV = "IUCV_SYSTEM";

    @Option(names = "--system", paramLabel = "S", defaultValue = "${env:" + ENV + ":-" + ShmSystem.DEFAULT_SYSTEM + "}",
        description = "system name (default $IUCV_SYSTEM, else " + ShmSystem.DEFAULT_SYSTEM +
            "; now ${DEFAULT-VALUE}); it lives in $IUCV_DIR or /dev/shm/vmiucv-$USER")
    String system;

    /**
     * @return the base directory: {@code $IUCV_DIR} or {@code /dev/shm/vmiucv-$USER}.
     */
    Path base()
    {
        return MappedNamespace.defaultBase();
    }

    /**
     * @return the system's directory.
     * @throws IucvException 24 if the system name is invalid.
     */
    Path directory() throws IucvException
    {
        try
        {
            return base().resolve(NamespaceDirectory.validateSystemName(system));
        }
        catch (final IllegalArgumentException ex)
        {
            throw new IucvException(ReturnCode.INVALID_PARAMETER, ex.getMessage());
        }
    }

    /**
     * @return the directory of a system run by an XFL Supervisor that is alive, or null: the XFL Supervisor
     * leaves its pid file in the system directory, under the shm base or, after a fallback, XFL's own base.
     */
    Path xflDirectory()
    {
        for (final Path b : new Path[] {base(), XflNamespace.defaultBase()})
        {
            final Path pidFile = b.resolve(system).resolve(XflNamespace.PID_FILE);
            try
            {
                if (Files.isRegularFile(pidFile))
                {
                    final long pid = Long.parseLong(Files.readString(pidFile).trim());
                    if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false))
                    {
                        return b.resolve(system);
                    }
                }
            }
            catch (final java.io.IOException | NumberFormatException ignore)
            {
                // not a live XFL system
            }
        }
        return null;
    }

    /**
     * @return the system's directory, which exists (shm or XFL).
     * @throws IucvException 32 if there is no such system (nothing is created), 24 for an invalid name.
     */
    Path existingDirectory() throws IucvException
    {
        final Path dir = directory();
        if (!Files.isDirectory(dir))
        {
            final Path xfl = xflDirectory();
            if (null != xfl)
            {
                return xfl;
            }
            throw new IucvException(ReturnCode.SUPERVISOR_DOWN, "no system " + system + " in " + base() +
                " (start one with: iucv supervisor --system " + system + ")");
        }
        return dir;
    }

    /**
     * Attach this process to the system, over XFL if an XFL Supervisor runs it, else over shared memory.
     *
     * @param options idle strategy and timeouts.
     * @param log     where the runtime reports.
     * @return the client; close it to detach.
     * @throws IucvException 32 if no Supervisor runs the system.
     */
    Supervisor attach(final SystemOptions options, final SystemLog log) throws IucvException
    {
        final Path xfl = xflDirectory();
        if (null != xfl)
        {
            return XflSystem.attach(xfl.getParent(), system, options, log);
        }
        existingDirectory();
        return ShmSystem.attach(base(), system, options, log);
    }

    /**
     * @return a client with default options (and a small response ring) that reports nothing.
     * @throws IucvException 32 if no Supervisor runs the system.
     */
    Supervisor attach() throws IucvException
    {
        // a command gets a few short answers: a 64 KiB ring instead of the default 256 KiB spares a full tmpfs
        return attach(new SystemOptions().clientRingCapacity(1 << 16), SystemLog.NONE);
    }

    /**
     * @param client a client from {@link #attach}.
     * @return pid of the Supervisor it talks to, 0 if unknown.
     */
    static long supervisorPid(final Supervisor client)
    {
        if (client instanceof SystemClient)
        {
            return ((SystemClient)client).supervisorPid();
        }
        return client instanceof XflClient ? ((XflClient)client).supervisorPid() : 0;
    }

    /**
     * @param client a client from {@link #attach}.
     * @return null while its Supervisor is alive, else why not.
     */
    static String supervisorProblem(final Supervisor client)
    {
        if (client instanceof SystemClient)
        {
            return ((SystemClient)client).supervisorProblem();
        }
        return client instanceof XflClient ? ((XflClient)client).supervisorProblem() : null;
    }
}
