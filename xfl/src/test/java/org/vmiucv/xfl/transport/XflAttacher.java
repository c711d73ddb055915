package org.vmiucv.xfl.transport;

import java.nio.file.Path;

import org.vmiucv.engine.IucvException;
import org.vmiucv.engine.Supervisor;
import org.vmiucv.engine.system.SystemLog;
import org.vmiucv.engine.testkit.Attacher;

/**
 * Child host processes of the XFL tests attach over XFL connectors.
 */
public final class XflAttacher implements Attacher
{
    /** {@inheritDoc} */
    public Supervisor attach(final Path base, final String system, final SystemLog log) throws IucvException
    {
        return XflSystem.attach(base, system, XflTestSystem.options(), log);
    }
}
