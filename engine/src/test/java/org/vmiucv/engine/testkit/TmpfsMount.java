package org.vmiucv.engine.testkit;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * A small tmpfs mounted for one test, to run out of space for real. Mounting needs root (or CAP_SYS_ADMIN): when
 * mount says it is not permitted the test is skipped, visibly, and only then; any other mount failure fails the
 * test, so a test that needs the mount never passes without having run.
 */
public final class TmpfsMount implements AutoCloseable
{
    private static final long COMMAND_TIMEOUT_S = 20;

    private final Path mountPoint;

    private TmpfsMount(final Path mountPoint)
    {
        this.mountPoint = mountPoint;
    }

    /**
     * Mount a tmpfs of the given size (mode 0700) on a new temporary directory.
     *
     * @param prefix    prefix of the mount point's name.
     * @param sizeOption the tmpfs {@code size=} value, e.g. {@code "4m"}.
     * @return the mount, to close (unmount and remove) in {@code finally} or try-with-resources.
     * @throws Exception if the mount point cannot be made; aborts (skips) the test on a permission error and
     *                   fails it on any other mount failure.
     */
    public static TmpfsMount mount(final String prefix, final String sizeOption) throws Exception
    {
        final Path dir = Files.createTempDirectory(prefix);
        final String[] result = run(List.of("mount", "-t", "tmpfs", "-o", "size=" + sizeOption + ",mode=0700", "tmpfs",
            dir.toString()));
        if (!"0".equals(result[0]))
        {
            Files.deleteIfExists(dir);
            final String out = result[1].toLowerCase(Locale.ROOT);
            assumeFalse(isPermissionError(out), () -> "cannot mount a tmpfs here (not permitted): " + result[1].strip());
            fail("mount of a tmpfs on " + dir + " failed (exit " + result[0] + "): " + result[1].strip());
        }
        return new TmpfsMount(dir);
    }

    /**
     * @param lowerCaseOutput mount's output, lower case.
     * @return whether it says that we lack the right to mount.
     */
    static boolean isPermissionError(final String lowerCaseOutput)
    {
        return lowerCaseOutput.contains("permission denied") || lowerCaseOutput.contains("not permitted") ||
            lowerCaseOutput.contains("only root") || lowerCaseOutput.contains("must be superuser");
    }

    /**
     * @return the mounted directory.
     */
    public Path path()
    {
        return mountPoint;
    }

    /**
     * Unmount (lazily if still busy) and remove the mount point.
     */
    @Override
    public void close() throws Exception
    {
        final String[] result = run(List.of("umount", mountPoint.toString()));
        if (!"0".equals(result[0]))
        {
            run(List.of("umount", "-l", mountPoint.toString()));
        }
        try
        {
            Files.deleteIfExists(mountPoint);
        }
        catch (final IOException ignored)
        {
            // A lazily detached mount point may stay busy a moment; it is empty and under the temp directory.
        }
    }

    private static String[] run(final List<String> command) throws Exception
    {
        final Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        if (!process.waitFor(COMMAND_TIMEOUT_S, TimeUnit.SECONDS))
        {
            process.destroyForcibly();
            fail(String.join(" ", command) + " did not finish in " + COMMAND_TIMEOUT_S + " s");
        }
        return new String[] {
            Integer.toString(process.exitValue()),
            new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8) };
    }
}
