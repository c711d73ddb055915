package org.vmiucv.bench.xproc;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.IdleStrategy;

/**
 * Starting and stopping the peer processes of the suite, and the idle strategy every loop of the suite uses.
 */
public final class Spin
{
    /**
     * Flags of every child JVM that runs our code: Agrona needs jdk.internal.misc; the Supervisor's journal
     * (Chronicle) needs the rest. Harmless where unused.
     */
    public static final List<String> JVM_FLAGS = List.of(
        "--add-opens", "java.base/jdk.internal.misc=ALL-UNNAMED",
        "--add-exports", "java.base/jdk.internal.ref=ALL-UNNAMED",
        "--add-exports", "java.base/sun.nio.ch=ALL-UNNAMED",
        "--add-exports", "jdk.unsupported/sun.misc=ALL-UNNAMED",
        "--add-opens", "java.base/java.lang=ALL-UNNAMED",
        "--add-opens", "java.base/java.lang.reflect=ALL-UNNAMED",
        "--add-opens", "java.base/java.io=ALL-UNNAMED",
        "--add-opens", "java.base/java.util=ALL-UNNAMED",
        "--add-opens", "java.base/sun.nio.ch=ALL-UNNAMED",
        "-Dchronicle.analytics.disable=true",
        "-Dslf4j.internal.verbosity=ERROR",
        "-Dagrona.disable.bounds.checks=true",
        "-XX:+UseSerialGC",
        "-Xmx512m");

    private Spin()
    {
    }

    /**
     * @return busy spin while work keeps coming, back off once idle for 100,000 iterations (up to 1 ms parks),
     * so the peers of the subjects not being measured leave the two cores to the one that is. Every measurement
     * starts with unrecorded round trips that wake its peer.
     */
    static IdleStrategy idle()
    {
        return new BackoffIdleStrategy(100_000, 100, 1_000, 1_000_000);
    }

    /**
     * Start a class of this jar in a new JVM with {@link #JVM_FLAGS}; its stdout is discarded, stderr inherited.
     *
     * @param main the class with main.
     * @param args its arguments.
     * @return the process.
     * @throws IOException if it cannot start.
     */
    static Process start(final Class<?> main, final String... args) throws IOException
    {
        return builder(withExtraFlags(JVM_FLAGS), System.getProperty("java.class.path"), main.getName(), args)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    }

    /**
     * @param flags the flags a child needs.
     * @return those plus the space-separated flags of the system property {@code bench.child.flags}, e.g.
     * {@code -Dbench.child.flags=-XX:StartFlightRecording=filename=/tmp/jfr/,settings=profile} to profile every
     * peer with JFR.
     */
    static List<String> withExtraFlags(final List<String> flags)
    {
        final String extra = System.getProperty("bench.child.flags", "").trim();
        if (extra.isEmpty())
        {
            return flags;
        }
        final List<String> all = new ArrayList<>(flags);
        all.addAll(List.of(extra.split("\\s+")));
        return all;
    }

    /**
     * @param jvmFlags  flags before the class path.
     * @param classPath the class path.
     * @param main      the main class name.
     * @param args      its arguments.
     * @return a builder with stderr inherited and stdin/stdout piped.
     */
    static ProcessBuilder builder(final List<String> jvmFlags, final String classPath, final String main,
        final String... args)
    {
        final List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvmFlags);
        cmd.add("-cp");
        cmd.add(classPath);
        cmd.add(main);
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT);
    }

    /**
     * @param dir a directory.
     * @return the jars in it joined as a class path, sorted by name.
     */
    static String jarsIn(final Path dir)
    {
        final File[] jars = dir.toFile().listFiles((d, name) -> name.endsWith(".jar"));
        if (null == jars || jars.length == 0)
        {
            throw new IllegalStateException("no jars in " + dir);
        }
        java.util.Arrays.sort(jars);
        final StringBuilder cp = new StringBuilder();
        for (final File jar : jars)
        {
            cp.append(cp.length() == 0 ? "" : File.pathSeparator).append(jar.getAbsolutePath());
        }
        return cp.toString();
    }

    /**
     * Kill a process by its handle, descendants first, and wait (bounded) for it to end.
     *
     * @param p the process, may be null.
     */
    static void kill(final Process p)
    {
        if (null == p)
        {
            return;
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
