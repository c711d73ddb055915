package org.vmiucv.cli;

import org.vmiucv.engine.layout.SystemTablesDescriptor;
import org.vmiucv.engine.system.RingFiles;
import org.vmiucv.engine.system.SystemFiles;
import org.vmiucv.engine.system.SystemOptions;
import org.vmiucv.shm.MappedNamespace;

/**
 * Can a shared-memory system start here? Tries to reserve as much space as a Supervisor needs at start (its tables,
 * its control ring and one inbox) in the system directory, then removes what it made.
 * <p>
 * Run it only while holding the system's lock: then no other start probes or falls back at the same time, and a
 * probe file a killed start left is stale and removed first. Each attempt uses a name of its own and removes it in
 * {@code finally}, so a leftover can never pass for "shared memory is full".
 */
final class ShmProbe
{
    private ShmProbe()
    {
    }

    /**
     * @param ns the system's namespace, its directory already checked private.
     * @return null if shared memory is usable, else why not.
     */
    static String problem(final MappedNamespace ns)
    {
        SystemFiles.deleteStaleProbes(ns.directory());
        final SystemOptions defaults = new SystemOptions();
        final int needed = SystemTablesDescriptor.computeLength(
            defaults.maxClients(), defaults.maxMachines(), defaults.maxPaths()) +
            RingFiles.fileLength(defaults.controlRingCapacity()) + RingFiles.fileLength(defaults.inboxCapacity());
        final String probe = SystemFiles.uniqueProbeName();
        try
        {
            ns.create(probe, needed);
            return null;
        }
        catch (final RuntimeException ex)
        {
            return ex.getMessage();
        }
        finally
        {
            ns.release(probe);
            try
            {
                ns.delete(probe);
            }
            catch (final RuntimeException ignore)
            {
                // removed with the other stale probes at the next start
            }
        }
    }
}
