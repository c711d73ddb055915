package org.vmiucv.cli;

import org.vmiucv.engine.IucvException;
import org.vmiucv.engine.ReturnCode;
import org.vmiucv.shm.MappedNamespace;

/**
 * Opens the namespace of a shm system for the commands that read its files without attaching (query, stat,
 * shutdown): nothing is created, so they need neither a client slot nor free space.
 */
final class ShmSystemTables
{
    private ShmSystemTables()
    {
    }

    /**
     * @param system the {@code --system} of the command; its directory must exist.
     * @return the namespace; close it when done.
     * @throws IucvException 24 for an invalid name, 32 if the directory cannot be used.
     */
    static MappedNamespace open(final SystemMixin system) throws IucvException
    {
        try
        {
            return MappedNamespace.open(system.base(), system.system);
        }
        catch (final IllegalArgumentException ex)
        {
            throw new IucvException(ReturnCode.INVALID_PARAMETER, ex.getMessage());
        }
        catch (final RuntimeException ex)
        {
            throw new IucvException(ReturnCode.SUPERVISOR_DOWN, "cannot open system " + system.system + ": " +
                ex.getMessage());
        }
    }
}
