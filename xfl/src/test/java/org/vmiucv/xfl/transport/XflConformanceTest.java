package org.vmiucv.xfl.transport;

import static org.junit.jupiter.api.Assertions.assertNotEquals;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.vmiucv.engine.MachineId;
import org.vmiucv.engine.PathId;
import org.vmiucv.engine.testkit.ConformanceSuite;
import org.vmiucv.engine.testkit.TestSystem;

/**
 * The conformance suite over XFL: a Supervisor process relaying the engine to two machine-host processes over XFL
 * connectors on named FIFOs, all distinct from the test JVM (which attaches as a control-plane client).
 */
class XflConformanceTest extends ConformanceSuite
{
    @Override
    protected TestSystem startSystem() throws Exception
    {
        return new XflTestSystem();
    }

    @Override
    protected void forgeData(final MachineId to, final MachineId as, final PathId path, final String text)
    {
        Assumptions.abort("over XFL every inbox lives in the Supervisor's heap and processes exchange relay " +
            "records, not frames: there is no inbox a process can write a stale or foreign frame into");
    }

    @Override
    protected TestSystem startSmallSystem(final int maxMachines, final int maxPaths) throws Exception
    {
        return new XflTestSystem(2, "--max-machines", Integer.toString(maxMachines), "--max-paths",
            Integer.toString(maxPaths));
    }

    @BeforeEach
    void hostsAreSeparateProcesses()
    {
        final long me = ProcessHandle.current().pid();
        assertNotEquals(me, sys.hostPid(0));
        assertNotEquals(me, sys.hostPid(1));
        assertNotEquals(sys.hostPid(0), sys.hostPid(1));
        assertNotEquals(me, ((XflTestSystem)sys).supervisorProcess().pid());
        assertNotEquals(sys.hostPid(0), ((XflTestSystem)sys).supervisorProcess().pid());
    }
}
