package org.vmiucv.shm.testkit;

import java.nio.file.Path;

import org.vmiucv.engine.IucvException;
import org.vmiucv.engine.Supervisor;
import org.vmiucv.engine.system.SystemLog;
import org.vmiucv.engine.system.SystemOptions;
import org.vmiucv.engine.testkit.Attacher;
import org.vmiucv.shm.ShmSystem;

/**
 * Child host processes of the shm tests attach over shared memory.
 */
public final class ShmAttacher implements Attacher
{
    /** {@inheritDoc} */
    public Supervisor attach(final Path base, final String system, final SystemLog log) throws IucvException
    {
        return ShmSystem.attach(base, system, new SystemOptions(), log);
    }
}
