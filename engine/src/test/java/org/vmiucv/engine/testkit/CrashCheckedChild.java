package org.vmiucv.engine.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a main class in a child JVM ({@link ChildJvm#command}) with a private working directory, so that a JVM crash
 * shows as the child's exit status and an {@code hs_err_pid*.log} there instead of killing the test run, and asserts
 * that it did not crash: it finished within its deadline, left no {@code hs_err_pid*.log} and exited 0.
 */
public final class CrashCheckedChild
{
    private CrashCheckedChild()
    {
    }

    /**
     * Run the child to its end, then assert it finished within {@code timeoutS}, did not crash and exited 0.
     * The child is killed (with its descendants) and its working directory removed whatever happens.
     *
     * @param workDirPrefix the prefix of the private working directory (made in the default temporary directory).
     * @param what          what the child does, for the deadline's message ("the close race").
     * @param timeoutS      the deadline for the child to end, in seconds (for hangs only).
     * @param mainClass     the class with the main method.
     * @param args          its arguments.
     * @return the child's stdout and stderr, merged.
     * @throws Exception if the child cannot be started or its output read.
     */
    public static String run(final String workDirPrefix, final String what, final long timeoutS,
        final Class<?> mainClass, final String... args) throws Exception
    {
        final Path workDir = Files.createTempDirectory(workDirPrefix);
        Process child = null;
        try
        {
            final File out = workDir.resolve("child.out").toFile();
            child = new ProcessBuilder(ChildJvm.command(mainClass, args))
                .directory(workDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(out)
                .start();
            assertTrue(child.waitFor(timeoutS, TimeUnit.SECONDS), what + " did not finish within " + timeoutS + " s");
            final String output = Files.readString(out.toPath(), StandardCharsets.UTF_8);
            final List<String> crashes;
            try (var files = Files.list(workDir))
            {
                crashes = files.map(f -> f.getFileName().toString()).filter(n -> n.startsWith("hs_err_pid")).toList();
            }
            assertEquals(List.of(), crashes, "the JVM crashed; its output:\n" + output);
            assertEquals(0, child.exitValue(), output);
            return output;
        }
        finally
        {
            ChildJvm.kill(child);
            TestFiles.deleteTree(workDir);
        }
    }
}
