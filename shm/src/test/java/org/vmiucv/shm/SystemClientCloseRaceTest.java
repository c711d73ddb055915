package org.vmiucv.shm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.vmiucv.engine.testkit.ChildJvm;
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
        final Path workDir = Files.createTempDirectory("iucv-close-race");
        final ShmTestSystem sys = new ShmTestSystem(Files.createTempDirectory(Path.of("/dev/shm"), "iucvrace"), 0);
        Process child = null;
        try
        {
            final File out = workDir.resolve("child.out").toFile();
            child = new ProcessBuilder(ChildJvm.command(CloseRaceMain.class, sys.base().toString(), sys.system(),
                Integer.toString(ROUNDS)))
                .directory(workDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(out)
                .start();
            assertTrue(child.waitFor(180, TimeUnit.SECONDS), "the close race did not finish within 180 s");
            final String output = Files.readString(out.toPath(), StandardCharsets.UTF_8);
            final List<String> crashes;
            try (var files = Files.list(workDir))
            {
                crashes = files.map(f -> f.getFileName().toString()).filter(n -> n.startsWith("hs_err_pid")).toList();
            }
            assertEquals(List.of(), crashes, "the JVM crashed; its output:\n" + output);
            assertEquals(0, child.exitValue(), output);
            assertTrue(output.contains("CLOSE RACE OK"), output);
            System.out.println(output.strip()); // rounds, calls, calls refused as closed
            assertTrue(sys.supervisorProcess().isAlive(), "the Supervisor died during the race");
        }
        finally
        {
            ChildJvm.kill(child);
            sys.close();
            org.vmiucv.engine.testkit.TestFiles.deleteTree(workDir);
        }
    }
}
