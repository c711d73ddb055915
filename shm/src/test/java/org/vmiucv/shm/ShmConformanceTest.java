package org.vmiucv.shm;

import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.BeforeEach;
import org.vmiucv.engine.MachineId;
import org.vmiucv.engine.PathId;
import org.vmiucv.engine.testkit.ConformanceSuite;
import org.vmiucv.engine.testkit.FrameForger;
import org.vmiucv.engine.testkit.TestSystem;
import org.vmiucv.shm.testkit.ShmTestSystem;

/**
 * The conformance suite over shared memory: a Supervisor process and two machine-host processes, all distinct
 * from the test JVM.
 */
class ShmConformanceTest extends ConformanceSuite
{
    @Override
    protected TestSystem startSystem() throws Exception
    {
        return new ShmTestSystem();
    }

    @Override
    protected void forgeData(final MachineId to, final MachineId as, final PathId path, final String text)
    {
        final ShmTestSystem shm = (ShmTestSystem)sys;
        try (MappedNamespace ns = MappedNamespace.open(shm.base(), shm.system()))
        {
            assertTrue(FrameForger.forgeData(ns, shm.client().tables().machines(), to, as, path, text));
        }
    }

    @Override
    protected TestSystem startSmallSystem(final int maxMachines, final int maxPaths) throws Exception
    {
        return new ShmTestSystem(java.nio.file.Files.createTempDirectory(java.nio.file.Path.of("/dev/shm"), "iucvsmall"), 2,
            "--max-machines", Integer.toString(maxMachines), "--max-paths", Integer.toString(maxPaths));
    }

    @BeforeEach
    void hostsAreSeparateProcesses()
    {
        final long me = ProcessHandle.current().pid();
        assertNotEquals(me, sys.hostPid(0));
        assertNotEquals(me, sys.hostPid(1));
        assertNotEquals(sys.hostPid(0), sys.hostPid(1));
        assertNotEquals(me, ((ShmTestSystem)sys).supervisorProcess().pid());
    }
}
