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
        final Path workDir = Files.createTempDirectory("iucv-cp-close-race");
        final Path base = Files.createTempDirectory(Path.of("/dev/shm"), "iucvcprace");
        Process child = null;
        try
        {
            final File out = workDir.resolve("child.out").toFile();
            child = new ProcessBuilder(ChildJvm.command(SupervisorCloseRaceMain.class, base.toString(), "R",
                Integer.toString(ROUNDS)))
                .directory(workDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(out)
                .start();
            assertTrue(child.waitFor(300, TimeUnit.SECONDS), "the close race did not finish within 300 s");
            final String output = Files.readString(out.toPath(), StandardCharsets.UTF_8);
            final List<String> crashes;
            try (var files = Files.list(workDir))
            {
                crashes = files.map(f -> f.getFileName().toString()).filter(n -> n.startsWith("hs_err_pid")).toList();
            }
            assertEquals(List.of(), crashes, "the JVM crashed; its output:\n" + output);
            assertEquals(0, child.exitValue(), output);
            assertTrue(output.contains("SUPERVISOR CLOSE RACE OK"), output);
            System.out.println(output.strip());
        }
        finally
        {
            ChildJvm.kill(child);
            TestFiles.deleteTree(base);
            TestFiles.deleteTree(workDir);
        }
    }
}
