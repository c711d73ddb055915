package org.vmiucv.cli.chaos;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.vmiucv.cli.IucvChildCommand;

/**
 * Every child the chaos suite starts, by handle: each runs {@code iucv} in a private working directory (so a JVM crash
 * leaves its {@code hs_err_pid*.log} where the suite looks), with {@code IUCV_DIR} set to the run's base. {@link #close}
 * kills them all, descendants first, stopped ones included.
 */
final class ChaosProcesses implements AutoCloseable
{
    private final Path base;
    private final Path workRoot;
    private final List<ChaosProcess> all = new ArrayList<>();
    private int started;

    /**
     * @param base     IUCV_DIR of every child.
     * @param workRoot parent of the children's working directories.
     */
    ChaosProcesses(final Path base, final Path workRoot)
    {
        this.base = base;
        this.workRoot = workRoot;
    }

    /**
     * Start {@code iucv ARGS}.
     *
     * @param role what it is.
     * @param name machine name, or null.
     * @param args iucv arguments, {@code --system} included.
     * @return the running child.
     * @throws IOException if it cannot be started.
     */
    synchronized ChaosProcess start(final ChaosProcess.Role role, final String name, final String... args)
        throws IOException
    {
        final Path dir = Files.createDirectory(workRoot.resolve(String.format("%03d-%s%s", ++started,
            role.name().toLowerCase(), null == name ? "" : "-" + name)));
        final ProcessBuilder pb = new ProcessBuilder(IucvChildCommand.of(List.of(args)))
            .directory(dir.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        pb.environment().remove("JAVA_TOOL_OPTIONS");
        pb.environment().put("IUCV_DIR", base.toString());
        final ChaosProcess p = new ChaosProcess(role, name, List.of(args), dir, pb.start());
        all.add(p);
        return p;
    }

    /**
     * Run a short command to its end.
     *
     * @param timeoutMs deadline, then it is killed and reported as hung (status -1).
     * @param args      iucv arguments.
     * @return the finished child.
     * @throws IOException if it cannot be started.
     */
    ChaosProcess run(final long timeoutMs, final String... args) throws IOException
    {
        final ChaosProcess p = start(ChaosProcess.Role.COMMAND, null, args);
        try
        {
            if (!p.process.waitFor(timeoutMs, TimeUnit.MILLISECONDS))
            {
                kill(p);
            }
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            kill(p);
        }
        p.drain();
        return p;
    }

    /**
     * Send a real signal.
     *
     * @param p      the child.
     * @param signal KILL, TERM, STOP or CONT.
     */
    void signal(final ChaosProcess p, final String signal)
    {
        switch (signal)
        {
            case "KILL", "TERM" ->
            {
                p.fatalSignal = signal;
                p.mayEnd = true;
            }
            case "STOP" -> p.stopped = true;
            case "CONT" -> p.stopped = false;
            default -> throw new IllegalArgumentException(signal);
        }
        try
        {
            final Process k = new ProcessBuilder("kill", "-" + signal, Long.toString(p.pid()))
                .redirectErrorStream(true).start();
            if (!k.waitFor(10, TimeUnit.SECONDS))
            {
                k.destroyForcibly();
                throw new IllegalStateException("kill -" + signal + " " + p.pid() + " hung");
            }
        }
        catch (final IOException ex)
        {
            throw new IllegalStateException("kill -" + signal + " " + p.pid() + ": " + ex, ex);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * @param role a role.
     * @return the live children of that role.
     */
    synchronized List<ChaosProcess> live(final ChaosProcess.Role role)
    {
        return all.stream().filter(p -> p.role == role && p.alive()).toList();
    }

    /**
     * @param role a role.
     * @return every child of that role, live or ended.
     */
    synchronized List<ChaosProcess> all(final ChaosProcess.Role role)
    {
        return all.stream().filter(p -> p.role == role).toList();
    }

    /**
     * @return every child, live or ended.
     */
    synchronized List<ChaosProcess> all()
    {
        return List.copyOf(all);
    }

    /**
     * @return the JVM crash logs in the children's working directories.
     */
    List<Path> crashLogs()
    {
        final List<Path> found = new ArrayList<>();
        for (final ChaosProcess p : all())
        {
            try (Stream<Path> files = Files.list(p.workDir))
            {
                files.filter(f -> f.getFileName().toString().startsWith("hs_err_pid")).forEach(found::add);
            }
            catch (final IOException ex)
            {
                // no directory: nothing crashed there
            }
        }
        return found;
    }

    /**
     * Kill one child by handle, descendants first, and wait (bounded) for it to end.
     *
     * @param p the child.
     */
    void kill(final ChaosProcess p)
    {
        if (p.stopped)
        {
            signal(p, "CONT"); // SIGKILL ends a stopped process too, but its pumps and waits behave better running
        }
        p.process.descendants().forEach(ProcessHandle::destroyForcibly);
        if (p.alive())
        {
            p.fatalSignal = "KILL";
            p.mayEnd = true;
        }
        p.process.destroyForcibly();
        try
        {
            p.process.waitFor(10, TimeUnit.SECONDS);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Kill every child still alive.
     */
    @Override
    public void close()
    {
        for (final ChaosProcess p : all())
        {
            if (p.alive())
            {
                kill(p);
            }
        }
    }
}
