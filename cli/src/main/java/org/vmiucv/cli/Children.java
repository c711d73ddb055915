package org.vmiucv.cli;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Child processes running this same command ({@code java -jar iucv.jar ...}, or {@code java -cp} when not run from
 * the jar), with their output relayed line by line, and killed by handle, descendants first.
 */
final class Children
{
    private final PrintStream out;
    private final List<Process> processes = new ArrayList<>();
    private final List<String> labels = new ArrayList<>();
    private final List<Thread> relays = new ArrayList<>();

    Children(final PrintStream out)
    {
        this.out = out;
    }

    /**
     * @return the command line that runs {@link Iucv} in a new JVM.
     */
    static List<String> iucvCommand()
    {
        final List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-XX:+UseSerialGC");
        cmd.add("-Xmx128m");
        cmd.add("-Xss512k");
        final Path jar = ownJar();
        if (null != jar)
        {
            cmd.add("-jar"); // the manifest carries Add-Opens
            cmd.add(jar.toString());
        }
        else
        {
            cmd.add("--add-opens");
            cmd.add("java.base/jdk.internal.misc=ALL-UNNAMED");
            cmd.add("--add-opens");
            cmd.add("java.base/java.io=ALL-UNNAMED");
            cmd.addAll(Cli.CHRONICLE_FLAGS);
            cmd.add("-cp");
            final String surefire = System.getProperty("surefire.test.class.path");
            cmd.add(null != surefire && !surefire.isBlank() ? surefire : System.getProperty("java.class.path"));
            cmd.add(Iucv.class.getName());
        }
        return cmd;
    }

    private static Path ownJar()
    {
        try
        {
            final CodeSource source = Iucv.class.getProtectionDomain().getCodeSource();
            if (null == source || null == source.getLocation())
            {
                return null;
            }
            final Path path = Path.of(source.getLocation().toURI());
            return Files.isRegularFile(path) && path.toString().endsWith(".jar") ? path : null;
        }
        catch (final URISyntaxException | IllegalArgumentException | SecurityException ex)
        {
            return null;
        }
    }

    /**
     * Start {@code iucv ARGS...} in a child JVM; its stdout and stderr are relayed to ours.
     *
     * @param label what it is, for messages.
     * @param args  the iucv arguments.
     * @return the process.
     * @throws IOException if it cannot start.
     */
    synchronized Process start(final String label, final String... args) throws IOException
    {
        final List<String> cmd = iucvCommand();
        cmd.addAll(List.of(args));
        final ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        pb.environment().remove("JAVA_TOOL_OPTIONS"); // its "Picked up" banner would clutter the transcript
        final Process p = pb.start();
        processes.add(p);
        labels.add(label);
        final Thread relay = new Thread(() -> relay(p), "relay-" + label);
        relay.setDaemon(true);
        relay.start();
        relays.add(relay);
        return p;
    }

    private void relay(final Process p)
    {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8)))
        {
            String line;
            while (null != (line = r.readLine()))
            {
                out.println(line);
            }
        }
        catch (final IOException ex)
        {
            // the child is gone
        }
    }

    /**
     * @return the processes started, in order.
     */
    synchronized List<Process> processes()
    {
        return new ArrayList<>(processes);
    }

    /**
     * @param p a child.
     * @return its label.
     */
    synchronized String label(final Process p)
    {
        final int i = processes.indexOf(p);
        return i < 0 ? "?" : labels.get(i);
    }

    /**
     * Wait for every child to exit.
     *
     * @param deadlineMs epoch ms to give up at.
     * @return true if all exited.
     * @throws InterruptedException if interrupted.
     */
    boolean awaitExit(final long deadlineMs) throws InterruptedException
    {
        for (final Process p : processes())
        {
            final long left = deadlineMs - System.currentTimeMillis();
            if (left <= 0 || !p.waitFor(left, TimeUnit.MILLISECONDS))
            {
                return false;
            }
        }
        return true;
    }

    /**
     * Kill every child still alive, each one's descendants first, and wait up to 5 s for each.
     *
     * @return how many had to be killed.
     */
    int killAll()
    {
        int killed = 0;
        for (final Process p : processes())
        {
            if (p.isAlive())
            {
                killed++;
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
            }
        }
        for (final Process p : processes())
        {
            try
            {
                p.waitFor(5, TimeUnit.SECONDS);
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return killed;
    }

    /**
     * Let the relays print what the children wrote last.
     *
     * @param timeoutMs how long to wait for each.
     */
    void drain(final long timeoutMs)
    {
        for (final Thread t : relays)
        {
            try
            {
                t.join(timeoutMs);
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
