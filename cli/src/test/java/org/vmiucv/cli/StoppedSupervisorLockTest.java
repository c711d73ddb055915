package org.vmiucv.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/**
 * README, One Supervisor per system: "a stopped (SIGSTOP) Supervisor keeps its system". A second
 * {@code iucv supervisor} for the system of a stopped one exits 8 naming the stopped pid; after SIGCONT the first
 * still runs the system and {@code iucv shutdown} stops it.
 */
class StoppedSupervisorLockTest
{
    @Test
    void aStoppedSupervisorKeepsItsSystem() throws Exception
    {
        CliSystem sys = null;
        long stopped = -1;
        try
        {
            sys = new CliSystem("ST");
            sys.startSupervisor();
            stopped = sys.supervisor.pid();
            IplOutlivesSupervisorTest.signal("-STOP", stopped);
            Thread.sleep(1_000);
            final CliProcess.Result second = CliProcess.run(sys.base, CliSystem.COMMAND_TIMEOUT_MS, "supervisor",
                "--system", sys.system);
            assertEquals(8, second.status(), second::toString);
            assertTrue(second.err().contains("DMSIUC008E") && second.err().contains("pid " + stopped),
                second::toString);
            System.out.println("second supervisor while pid " + stopped + " is stopped: " + second.err().strip());
            IplOutlivesSupervisorTest.signal("-CONT", stopped);
            stopped = -1;
            final CliProcess.Result down = sys.iucv("shutdown");
            assertEquals(0, down.status(), down::toString);
            assertTrue(sys.supervisor.process().waitFor(20, TimeUnit.SECONDS), "CP still running");
            assertEquals(0, sys.supervisor.process().exitValue(), sys.supervisor::outSoFar);
        }
        finally
        {
            if (stopped > 0)
            {
                IplOutlivesSupervisorTest.signal("-CONT", stopped); // resumed first, so it is never left stopped
            }
            if (null != sys)
            {
                sys.close();
            }
        }
    }
}
