package org.vmiucv.engine.system;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.vmiucv.engine.MachineId;
import org.vmiucv.engine.PathId;
import org.vmiucv.engine.testkit.ConformanceSuite;
import org.vmiucv.engine.testkit.FrameForger;
import org.vmiucv.engine.testkit.InProcessTestSystem;
import org.vmiucv.engine.testkit.TestSystem;

/**
 * The conformance suite over the in-process transport: an embedded system with two host threads.
 */
class InProcessConformanceTest extends ConformanceSuite
{
    @Override
    protected TestSystem startSystem() throws Exception
    {
        return new InProcessTestSystem();
    }

    @Override
    protected void forgeData(final MachineId to, final MachineId as, final PathId path, final String text)
    {
        final EmbeddedSystem system = ((InProcessTestSystem)sys).system();
        assertTrue(FrameForger.forgeData(system.namespace(), system.tables().machines(), to, as, path, text));
    }

    @Override
    protected TestSystem startSmallSystem(final int maxMachines, final int maxPaths) throws Exception
    {
        return new InProcessTestSystem(new SystemOptions().maxMachines(maxMachines).maxPaths(maxPaths));
    }
}
