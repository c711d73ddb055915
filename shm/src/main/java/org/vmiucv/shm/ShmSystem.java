package org.vmiucv.shm;

import java.nio.file.Path;

import org.vmiucv.engine.IucvException;
import org.vmiucv.engine.ReturnCode;
import org.vmiucv.engine.system.SystemClient;
import org.vmiucv.engine.system.SystemLog;
import org.vmiucv.engine.system.SystemOptions;

/**
 * Attach this process to a shared-memory system run by a Supervisor process: the same {@link
 * org.vmiucv.engine.Supervisor} API as the embedded system, with machines IPLed here running on one agent thread.
 */
public final class ShmSystem
{
    /** Default system name. */
    public static final String DEFAULT_SYSTEM = "VM1";

    private ShmSystem()
    {
    }

    /**
     * Attach to a system under the default base directory ({@code $IUCV_DIR} or {@code /dev/shm/vmiucv-$USER}).
     *
     * @param system system name, e.g. VM1.
     * @return the client; close it to detach.
     * @throws IucvException 32 if no Supervisor runs that system.
     */
    public static SystemClient attach(final String system) throws IucvException
    {
        return attach(MappedNamespace.defaultBase(), system, new SystemOptions(), SystemLog.NONE);
    }

    /**
     * Attach to a system.
     *
     * @param base    base directory.
     * @param system  system name.
     * @param options timeouts, client ring size, idle strategy.
     * @param log     where to report.
     * @return the client; close it to detach.
     * @throws IucvException 32 if no Supervisor runs that system, 24 for an invalid system name.
     */
    public static SystemClient attach(final Path base, final String system, final SystemOptions options,
        final SystemLog log) throws IucvException
    {
        try
        {
            NamespaceDirectory.validateSystemName(system);
        }
        catch (final IllegalArgumentException ex)
        {
            throw new IucvException(ReturnCode.INVALID_PARAMETER, ex.getMessage());
        }
        if (!java.nio.file.Files.isDirectory(base.resolve(system)))
        {
            throw new IucvException(ReturnCode.SUPERVISOR_DOWN, "no system " + system + " in " + base +
                " (start one with: iucv supervisor --system " + system + ")");
        }
        final MappedNamespace ns = openNamespace(base, system);
        try
        {
            return SystemClient.attach(ns, options, log).closeNamespaceOnClose();
        }
        catch (final IucvException | RuntimeException ex)
        {
            ns.close();
            throw ex;
        }
    }

    /**
     * @param base   base directory.
     * @param system system name.
     * @return the namespace.
     * @throws IucvException 24 for an invalid name or a directory that is not ours or writable by others, 44 on an
     *                       I/O failure.
     */
    public static MappedNamespace openNamespace(final Path base, final String system) throws IucvException
    {
        try
        {
            return MappedNamespace.open(base, system);
        }
        catch (final IllegalArgumentException | IllegalStateException ex)
        {
            // a bad name, or a directory that is not ours or not private: the user's to fix, not a resource
            throw new IucvException(ReturnCode.INVALID_PARAMETER, ex.getMessage());
        }
        catch (final RuntimeException ex)
        {
            throw new IucvException(ReturnCode.RESOURCES_EXHAUSTED, ex.getMessage());
        }
    }
}
