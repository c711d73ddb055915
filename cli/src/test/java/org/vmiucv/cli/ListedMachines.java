package org.vmiucv.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.vmiucv.engine.IucvException;
import org.vmiucv.engine.MachineId;
import org.vmiucv.engine.MachineInfo;
import org.vmiucv.engine.system.SystemClient;
import org.vmiucv.engine.system.SystemLog;
import org.vmiucv.engine.system.SystemOptions;
import org.vmiucv.shm.ShmSystem;

/**
 * The names of the machines an shm system's Supervisor lists, asked once through the attach API; tests poll it
 * (with their own deadline and failure message) to wait until a system is up or machines are logged on.
 */
final class ListedMachines
{
    private ListedMachines()
    {
    }

    /**
     * @param base   the base directory ({@code IUCV_DIR}).
     * @param system the system's name.
     * @return the names listed, or null while the system has no tables yet.
     * @throws IucvException if the Supervisor cannot be attached to or asked (not up yet, or gone).
     */
    static List<String> names(final Path base, final String system) throws IucvException
    {
        if (!Files.exists(base.resolve(system).resolve("system.tables")))
        {
            return null;
        }
        try (SystemClient c = ShmSystem.attach(base, system, new SystemOptions(), SystemLog.NONE))
        {
            return c.queryNames().stream().map(MachineInfo::name).map(MachineId::name).toList();
        }
    }
}
