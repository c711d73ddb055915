package org.vmiucv.shm;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.vmiucv.engine.testkit.CrashCheckedChild;
import org.vmiucv.shm.testkit.CloseRaceMain;
import org.vmiucv.shm.testkit.ShmTestSystem;

/**
 * Closing a {@code SystemClient} while other threads are inside its calls must never crash the JVM (it used to
 * unmap the tables under a reader: SIGSEGV in {@code SystemTables.supervisorPid}). A real Supervisor process; the
 * hammering client runs in a child JVM ({@link CloseRaceMain}) with a private working directory, so a crash shows
 * as its exit status and an {@code hs_err_pid*.log} there instead of killing the test run.
 */
class SystemClientCloseRaceTest
{
    private static final int ROUNDS = 60;

    @Test
    void closeWhileOtherThreadsAreInsideCallsNeverCrashes() throws Exception
    {
        final ShmTestSystem sys = new ShmTestSystem(Files.createTempDirectory(Path.of("/dev/shm"), "iucvrace"), 0);
        try
        {
            final String output = CrashCheckedChild.run("iucv-close-race", "the close race", 180, CloseRaceMain.class,
                sys.base().toString(), sys.system(), Integer.toString(ROUNDS));
            assertTrue(output.contains("CLOSE RACE OK"), output);
            System.out.println(output.strip()); // rounds, calls, calls refused as closed
            assertTrue(sys.supervisorProcess().isAlive(), "the Supervisor died during the race");
        }
        finally
        {
            sys.close();
        }
    }
}
