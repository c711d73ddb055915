package org.vmiucv.cli.chaos;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * The run's IUCV_DIR: a private directory under /dev/shm with, where the suite may mount, a small tmpfs of its own
 * so a step can fill it up. A mount refused for lack of permission only disables that step (and the report says
 * so); any other mount failure is an error.
 */
final class ChaosFileSystem implements AutoCloseable
{
    private static final String SIZE = "96m";
    private static final long COMMAND_TIMEOUT_S = 20;

    final Path base;
    /** Why the file system cannot be filled here, or null if it can. */
    final String cannotFill;
    private final Path filler;
    private boolean mounted;

    private ChaosFileSystem(final Path base, final String cannotFill, final boolean mounted)
    {
        this.base = base;
        this.cannotFill = cannotFill;
        this.mounted = mounted;
        this.filler = base.resolve("chaos-filler");
    }

    /**
     * Create the directory and mount a tmpfs on it if permitted.
     *
     * @return the file system.
     * @throws IOException if the directory cannot be made, or the mount fails for another reason than permission.
     */
    static ChaosFileSystem create() throws IOException
    {
        final Path base = Files.createTempDirectory(Path.of("/dev/shm"), "iucv-chaos-");
        final String[] result = run(List.of("mount", "-t", "tmpfs", "-o", "size=" + SIZE + ",mode=0700", "tmpfs",
            base.toString()));
        if (!"0".equals(result[0]))
        {
            final String out = result[1].toLowerCase(Locale.ROOT);
            if (out.contains("permission denied") || out.contains("operation not permitted") ||
                out.contains("only root") || out.contains("must be superuser"))
            {
                return new ChaosFileSystem(base, "cannot mount a tmpfs here: " + result[1].strip(), false);
            }
            Files.deleteIfExists(base);
            throw new IOException("mount of a tmpfs on " + base + " failed (exit " + result[0] + "): " + result[1]);
        }
        return new ChaosFileSystem(base, null, true);
    }

    /**
     * Fill the file system: a file grows until the device says no space.
     *
     * @return bytes left free (0 or nearly).
     * @throws IOException on an error other than no space.
     */
    long fill() throws IOException
    {
        final byte[] chunk = new byte[1 << 16];
        try (RandomAccessFile raf = new RandomAccessFile(filler.toFile(), "rw"))
        {
            raf.seek(raf.length());
            int size = chunk.length;
            while (size >= 512)
            {
                try
                {
                    raf.write(chunk, 0, size);
                }
                catch (final IOException ex)
                {
                    if (!String.valueOf(ex.getMessage()).contains("No space left"))
                    {
                        throw ex;
                    }
                    size /= 2;
                }
            }
        }
        return Files.getFileStore(base).getUsableSpace();
    }

    /**
     * Give the space back.
     *
     * @throws IOException if the filler cannot be deleted.
     */
    void free() throws IOException
    {
        Files.deleteIfExists(filler);
    }

    /**
     * @return free bytes of IUCV_DIR's file system.
     * @throws IOException if unknown.
     */
    long usable() throws IOException
    {
        return Files.getFileStore(base).getUsableSpace();
    }

    /**
     * Unmount (lazily if busy) and remove the directory.
     *
     * @return null if all went away, else what was left.
     */
    String remove()
    {
        final StringBuilder problems = new StringBuilder();
        try
        {
            free();
        }
        catch (final IOException ex)
        {
            problems.append("filler: ").append(ex).append("; ");
        }
        if (mounted)
        {
            final String[] r = run(List.of("umount", base.toString()));
            if (!"0".equals(r[0]))
            {
                run(List.of("umount", "-l", base.toString()));
                problems.append("umount ").append(base).append(" failed (busy?): ").append(r[1].strip()).append("; ");
            }
            mounted = false;
        }
        org.vmiucv.engine.testkit.TestFiles.deleteTree(base);
        if (Files.exists(base))
        {
            problems.append(base).append(" still exists");
        }
        return problems.isEmpty() ? null : problems.toString();
    }

    @Override
    public void close()
    {
        remove();
    }

    private static String[] run(final List<String> command)
    {
        try
        {
            final Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            if (!p.waitFor(COMMAND_TIMEOUT_S, TimeUnit.SECONDS))
            {
                p.destroyForcibly();
                return new String[] {"timeout", String.join(" ", command) + " did not finish"};
            }
            return new String[] {Integer.toString(p.exitValue()),
                new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8)};
        }
        catch (final IOException ex)
        {
            return new String[] {"io", ex.toString()};
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            return new String[] {"interrupted", ""};
        }
    }
}
