package org.vmiucv.engine.testkit;

import java.nio.file.Path;

import org.vmiucv.engine.IucvException;
import org.vmiucv.engine.Supervisor;
import org.vmiucv.engine.system.SystemLog;

/**
 * How a {@link RemoteHostMain} child process attaches to the system under test: one implementation per
 * cross-process transport, with a public no-argument constructor.
 */
public interface Attacher
{
    /**
     * @param base   base directory.
     * @param system system name.
     * @param log    where the runtime reports.
     * @return the attached client.
     * @throws IucvException if the system refuses or is not running.
     */
    Supervisor attach(Path base, String system, SystemLog log) throws IucvException;
}
