package org.vmiucv.cli;

import org.vmiucv.engine.IucvException;
import org.vmiucv.engine.ReturnCode;
import org.vmiucv.engine.layout.SystemTablesDescriptor;
import org.vmiucv.engine.system.SystemOptions;
import picocli.CommandLine.Option;

/**
 * The sizes of a system that {@code iucv supervisor} fixes when it creates it: table slots and ring capacities.
 * Defaults are {@link SystemOptions}'s. A Supervisor that takes over a running system keeps the sizes in its tables.
 */
final class SupervisorLimits
{
    private static final SystemOptions DEFAULTS = new SystemOptions();

    @Option(names = "--max-clients", paramLabel = "N", defaultValue = "64",
        description = "processes attached at once: each iucv ipl and each application or command that attaches " +
            "(query, stat and shutdown do not) holds one slot (default ${DEFAULT-VALUE}; 1 to 1048576)")
    int maxClients = DEFAULTS.maxClients();

    @Option(names = "--max-machines", paramLabel = "N", defaultValue = "4096",
        description = "machines logged on at once (default ${DEFAULT-VALUE}; 1 to 1048576)")
    int maxMachines = DEFAULTS.maxMachines();

    @Option(names = "--max-paths", paramLabel = "N", defaultValue = "16384",
        description = "paths pending or established at once (default ${DEFAULT-VALUE}; 1 to 1048576)")
    int maxPaths = DEFAULTS.maxPaths();

    @Option(names = "--inbox-capacity", paramLabel = "BYTES", defaultValue = "1048576",
        description = "ring of each machine, a power of two from 1024 to 2^30 (default ${DEFAULT-VALUE}); below " +
            "1 MiB the largest IUCV message shrinks to BYTES/8; each inbox is a file of this size in the " +
            "system directory")
    int inboxCapacity = DEFAULTS.inboxCapacity();

    @Option(names = "--control-ring-capacity", paramLabel = "BYTES", defaultValue = "1048576",
        description = "ring of requests to the Supervisor, a power of two from 1024 to 2^30 (default ${DEFAULT-VALUE})")
    int controlRingCapacity = DEFAULTS.controlRingCapacity();

    /**
     * @return options with these sizes.
     * @throws IucvException 24 naming the size that is out of range and what is allowed.
     */
    SystemOptions options() throws IucvException
    {
        try
        {
            SystemTablesDescriptor.computeLength(maxClients, maxMachines, maxPaths);
            return new SystemOptions().maxClients(maxClients).maxMachines(maxMachines).maxPaths(maxPaths)
                .inboxCapacity(check("--inbox-capacity", inboxCapacity))
                .controlRingCapacity(check("--control-ring-capacity", controlRingCapacity));
        }
        catch (final IllegalArgumentException ex)
        {
            throw new IucvException(ReturnCode.INVALID_PARAMETER, ex.getMessage()
                .replace("maxClients", "--max-clients").replace("maxMachines", "--max-machines")
                .replace("maxPaths", "--max-paths"));
        }
    }

    private static int check(final String option, final int bytes)
    {
        if (bytes < 1024 || Integer.bitCount(bytes) != 1 || bytes > (1 << 30))
        {
            throw new IllegalArgumentException(option + " " + bytes + " is not allowed; a power of two from 1024 " +
                "to 1073741824 bytes is");
        }
        return bytes;
    }
}
