package org.vmiucv.engine.system;

import org.vmiucv.engine.testkit.ConformanceSuite;
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
    protected TestSystem startSmallSystem(final int maxMachines, final int maxPaths) throws Exception
    {
        return new InProcessTestSystem(new SystemOptions().maxMachines(maxMachines).maxPaths(maxPaths));
    }
}
