package org.vmiucv.shm;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.vmiucv.engine.testkit.CrashCheckedChild;
import org.vmiucv.engine.testkit.TestFiles;
import org.vmiucv.shm.testkit.SupervisorCloseRaceMain;

/**
 * A SIGTERM to {@code iucv supervisor} closes the Supervisor on the shutdown hook's thread while the main thread
 * polls {@link SupervisorProcess#awaitShutdown(long)}: the poll must never read the tables once they are unmapped.
 * The chaos suite found that crash (SIGSEGV in {@code SystemTables.isShutdown}, exit 134, after a SIGTERM of the
 * Supervisor). The race runs in a child JVM ({@link SupervisorCloseRaceMain}) with a private working directory, so a
 * crash shows as its exit status and an {@code hs_err_pid*.log} there.
 */
class SupervisorCloseRaceTest
{
    private static final int ROUNDS = 40;

    @Test
    void closeWhileTheMainThreadAwaitsShutdownNeverCrashes() throws Exception
    {
        final Path base = Files.createTempDirectory(Path.of("/dev/shm"), "iucvcprace");
        try
        {
            final String output = CrashCheckedChild.run("iucv-cp-close-race", "the close race", 300,
                SupervisorCloseRaceMain.class, base.toString(), "R", Integer.toString(ROUNDS));
            assertTrue(output.contains("SUPERVISOR CLOSE RACE OK"), output);
            System.out.println(output.strip());
        }
        finally
        {
            TestFiles.deleteTree(base);
        }
    }
}
