package org.vmiucv.cli;

import java.nio.file.Files;
import java.nio.file.Path;

import org.vmiucv.engine.layout.SystemTablesDescriptor;
import org.vmiucv.engine.system.RingFiles;
import org.vmiucv.engine.system.SystemOptions;
import org.vmiucv.shm.MappedNamespace;

/**
 * Can a shared-memory system start here? Tries to make the namespace directory and to reserve as much space as
 * a Supervisor needs at start (its tables, its control ring and one inbox), then removes what it made.
 */
final class ShmProbe
{
    private static final String PROBE = "probe.shm";

    private ShmProbe()
    {
    }

    /**
     * @param base   base directory.
     * @param system system name.
     * @return null if shared memory is usable, else why not.
     */
    static String problem(final Path base, final String system)
    {
        final boolean existed = Files.isDirectory(base.resolve(system));
        final SystemOptions defaults = new SystemOptions();
        final int needed = SystemTablesDescriptor.computeLength(
            defaults.maxClients(), defaults.maxMachines(), defaults.maxPaths()) +
            RingFiles.fileLength(defaults.controlRingCapacity()) + RingFiles.fileLength(defaults.inboxCapacity());
        MappedNamespace ns = null;
        try
        {
            ns = MappedNamespace.open(base, system);
            ns.create(PROBE, needed);
            ns.release(PROBE);
            ns.delete(PROBE);
            return null;
        }
        catch (final RuntimeException ex)
        {
            return ex.getMessage();
        }
        finally
        {
            if (null != ns)
            {
                if (!existed)
                {
                    ns.deleteAll();
                }
                ns.close();
            }
        }
    }
}
