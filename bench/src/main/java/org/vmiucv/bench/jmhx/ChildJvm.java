package org.vmiucv.bench.jmhx;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Starting and killing the peer JVMs of the benchmarks of this package, and removing their directories. A copy of
 * what {@code org.vmiucv.bench.xproc.Spin} does, which is not visible from here.
 */
final class ChildJvm
{
    /** Flags of every child JVM: the cross-process suite's. */
    static final List<String> FLAGS = org.vmiucv.bench.xproc.Spin.JVM_FLAGS;

    private ChildJvm()
    {
    }

    /**
     * Start a class of the class path of this JVM (the benchmarks jar) in a new JVM with {@link #FLAGS}; its stdout
     * is discarded, stderr inherited.
     *
     * @param main the class with main.
     * @param args its arguments.
     * @return the process.
     * @throws IOException if it cannot start.
     */
    static Process start(final Class<?> main, final String... args) throws IOException
    {
        final List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(FLAGS);
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(main.getName());
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    }

    /**
     * A command like {@link #start}'s for a class of this JVM's class path with {@link #FLAGS}, stderr inherited,
     * for callers that set stdin and stdout themselves.
     *
     * @param main the class with main.
     * @param args its arguments.
     * @return the builder, not started.
     */
    static ProcessBuilder builder(final Class<?> main, final String... args)
    {
        final List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(FLAGS);
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(main.getName());
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT);
    }

    /**
     * Wait (bounded) for processes to end by themselves, then kill what is left by its handle, descendants first.
     *
     * @param processes the processes; null entries are skipped.
     * @param graceMs   how long to wait for them in all before killing.
     */
    static void stop(final List<Process> processes, final long graceMs)
    {
        final long deadline = System.currentTimeMillis() + graceMs;
        for (final Process p : processes)
        {
            if (null == p)
            {
                continue;
            }
            try
            {
                p.waitFor(Math.max(1, deadline - System.currentTimeMillis()), TimeUnit.MILLISECONDS);
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
                break;
            }
        }
        for (final Process p : processes)
        {
            if (null == p)
            {
                continue;
            }
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            try
            {
                p.waitFor(10, TimeUnit.SECONDS);
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * @param prefix the name prefix.
     * @return a new directory under {@code /dev/shm} if it exists, else under the temporary directory.
     * @throws IOException if it cannot be created.
     */
    static Path newDir(final String prefix) throws IOException
    {
        final Path shm = Path.of("/dev/shm");
        return Files.isDirectory(shm) && Files.isWritable(shm) ?
            Files.createTempDirectory(shm, prefix) : Files.createTempDirectory(prefix);
    }

    /**
     * Remove a directory tree, quietly.
     *
     * @param dir the directory, may be null.
     */
    static void delete(final Path dir)
    {
        if (null == dir || !Files.exists(dir))
        {
            return;
        }
        try (Stream<Path> all = Files.walk(dir))
        {
            all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
        catch (final IOException ex)
        {
            System.err.println("cannot remove " + dir + ": " + ex.getMessage());
        }
    }
}
