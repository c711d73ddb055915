package org.vmiucv.cli;

import java.nio.file.Files;
import java.nio.file.Path;

import org.vmiucv.engine.IucvException;
import org.vmiucv.engine.ReturnCode;
import org.vmiucv.engine.system.SystemClient;
import org.vmiucv.engine.system.SystemLog;
import org.vmiucv.engine.system.SystemOptions;
import org.vmiucv.shm.MappedNamespace;
import org.vmiucv.shm.NamespaceDirectory;
import org.vmiucv.shm.ShmSystem;
import picocli.CommandLine.Option;

/**
 * {@code --system S}, shared by every subcommand, and the way to reach that system.
 */
final class SystemMixin
{
    @Option(names = "--system", paramLabel = "S", defaultValue = ShmSystem.DEFAULT_SYSTEM,
        description = "system name (default ${DEFAULT-VALUE}); it lives in $IUCV_DIR or /dev/shm/vmiucv-$USER")
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
     * @return the system's directory, which exists.
     * @throws IucvException 32 if there is no such system (nothing is created), 24 for an invalid name.
     */
    Path existingDirectory() throws IucvException
    {
        final Path dir = directory();
        if (!Files.isDirectory(dir))
        {
            throw new IucvException(ReturnCode.SUPERVISOR_DOWN, "no system " + system + " in " + base() +
                " (start one with: iucv supervisor --system " + system + ")");
        }
        return dir;
    }

    /**
     * Attach this process to the system.
     *
     * @param options idle strategy and timeouts.
     * @param log     where the runtime reports.
     * @return the client; close it to detach.
     * @throws IucvException 32 if no Supervisor runs the system.
     */
    SystemClient attach(final SystemOptions options, final SystemLog log) throws IucvException
    {
        existingDirectory();
        return ShmSystem.attach(base(), system, options, log);
    }

    /**
     * @return a client with default options that reports nothing.
     * @throws IucvException 32 if no Supervisor runs the system.
     */
    SystemClient attach() throws IucvException
    {
        return attach(new SystemOptions(), SystemLog.NONE);
    }
}
