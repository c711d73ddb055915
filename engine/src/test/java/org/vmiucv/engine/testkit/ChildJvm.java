package org.vmiucv.engine.testkit;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Starts a class's main in a child JVM with the test classpath and the JVM flags Agrona needs, and kills it
 * (descendants first) by its handle.
 */
public final class ChildJvm
{
    /** What Chronicle Queue (the Supervisor's journal) needs in every JVM that loads it. */
    private static final List<String> CHRONICLE_FLAGS = List.of(
        "--add-exports", "java.base/jdk.internal.ref=ALL-UNNAMED",
        "--add-exports", "java.base/sun.nio.ch=ALL-UNNAMED",
        "--add-exports", "jdk.unsupported/sun.misc=ALL-UNNAMED",
        "--add-opens", "java.base/java.lang=ALL-UNNAMED",
        "--add-opens", "java.base/java.lang.reflect=ALL-UNNAMED",
        "--add-opens", "java.base/java.io=ALL-UNNAMED",
        "--add-opens", "java.base/java.util=ALL-UNNAMED",
        "--add-opens", "java.base/sun.nio.ch=ALL-UNNAMED",
        "-Dchronicle.analytics.disable=true");

    private ChildJvm()
    {
    }

    /**
     * @return the test classpath (Surefire's real one when running under it).
     */
    public static String classPath()
    {
        final String surefire = System.getProperty("surefire.test.class.path");
        return null != surefire && !surefire.isBlank() ? surefire : System.getProperty("java.class.path");
    }

    /**
     * @param mainClass class with a main method.
     * @param args      its arguments.
     * @return the command line.
     */
    public static List<String> command(final Class<?> mainClass, final String... args)
    {
        final List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("--add-opens");
        cmd.add("java.base/jdk.internal.misc=ALL-UNNAMED");
        cmd.addAll(CHRONICLE_FLAGS);
        cmd.add("-XX:+UseSerialGC");
        cmd.add("-XX:TieredStopAtLevel=1");
        cmd.add("-Xmx256m");
        cmd.add("-Xss512k");
        cmd.add("-cp");
        cmd.add(classPath());
        cmd.add(mainClass.getName());
        cmd.addAll(List.of(args));
        return cmd;
    }

    /**
     * Start a child JVM; its stderr goes to this process's stderr.
     *
     * @param mainClass class with a main method.
     * @param args      its arguments.
     * @return the process, stdin and stdout piped.
     * @throws IOException if it cannot start.
     */
    public static Process start(final Class<?> mainClass, final String... args) throws IOException
    {
        final ProcessBuilder pb = new ProcessBuilder(command(mainClass, args));
        pb.redirectError(ProcessBuilder.Redirect.INHERIT);
        pb.environment().remove("JAVA_TOOL_OPTIONS");
        return pb.start();
    }

    /**
     * Kill a process and its descendants, by handle, and wait up to 10 s.
     *
     * @param process the process, may be null.
     */
    public static void kill(final Process process)
    {
        if (null == process)
        {
            return;
        }
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try
        {
            process.waitFor(10, TimeUnit.SECONDS);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * @return a path separator-joined classpath check, for messages.
     */
    static String separator()
    {
        return File.pathSeparator;
    }
}
