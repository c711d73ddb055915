package org.vmiucv.cli.chaos;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * One child JVM running {@code iucv}: what it is for, its output, and which signals the suite sent it.
 */
final class ChaosProcess
{
    /** What a child is. */
    enum Role
    {
        /** {@code iucv supervisor}. */
        SUPERVISOR,
        /** {@code iucv ipl NAME --handler H}. */
        MACHINE,
        /** A short command such as {@code iucv query names}. */
        COMMAND
    }

    final Role role;
    final String name;
    final List<String> args;
    final Path workDir;
    final Process process;
    final long startedMs = System.currentTimeMillis();
    /** When the process ended, 0 while it runs. */
    volatile long endedMs;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final Thread outPump;
    private final Thread errPump;

    /** The last terminating signal the suite sent (KILL or TERM), null if none. */
    volatile String fatalSignal;
    /** Stopped by the suite with SIGSTOP and not yet continued. */
    volatile boolean stopped;
    /**
     * The suite did something after which this process may end: a KILL or TERM, a stall past the heartbeat timeout
     * (the CP reaps it), a stop of its system.
     */
    volatile boolean mayEnd;
    /** The suite looked at this process's end already. */
    boolean endSeen;

    ChaosProcess(final Role role, final String name, final List<String> args, final Path workDir,
        final Process process)
    {
        this.role = role;
        this.name = name;
        this.args = args;
        this.workDir = workDir;
        this.process = process;
        process.onExit().thenRun(() -> endedMs = System.currentTimeMillis());
        outPump = pump(process.getInputStream(), "out");
        errPump = pump(process.getErrorStream(), "err");
    }

    long pid()
    {
        return process.pid();
    }

    boolean alive()
    {
        return process.isAlive();
    }

    /**
     * @return exit status, or -1 while running.
     */
    int status()
    {
        return process.isAlive() ? -1 : process.exitValue();
    }

    String label()
    {
        return role + (null == name ? "" : " " + name) + " pid=" + pid();
    }

    /**
     * @return stdout and stderr as they came, stderr lines marked.
     */
    String output()
    {
        synchronized (out)
        {
            return out.toString(StandardCharsets.UTF_8);
        }
    }

    /**
     * Wait for the output pumps to drain after the process ended.
     */
    void drain()
    {
        try
        {
            outPump.join(2_000);
            errPump.join(2_000);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * @param lines at most this many.
     * @return the last lines of the output, indented, for a report.
     */
    String tail(final int lines)
    {
        final String[] all = output().split("\n");
        final String[] last = Arrays.copyOfRange(all, Math.max(0, all.length - lines), all.length);
        final StringBuilder sb = new StringBuilder();
        sb.append("    --- ").append(label()).append(' ').append(String.join(" ", args))
            .append(alive() ? " (running" + (stopped ? ", stopped" : "") + ")" : " (exit " + status() + ")")
            .append(null == fatalSignal ? "" : " [suite sent SIG" + fatalSignal + "]").append('\n');
        for (final String l : last)
        {
            if (!l.isEmpty())
            {
                sb.append("    | ").append(l).append('\n');
            }
        }
        return sb.toString();
    }

    private Thread pump(final InputStream in, final String stream)
    {
        final Thread t = new Thread(() ->
        {
            final byte[] buffer = new byte[8192];
            try (in)
            {
                int n;
                while ((n = in.read(buffer)) > 0)
                {
                    synchronized (out)
                    {
                        if (stream.equals("err"))
                        {
                            // stderr is interleaved by chunk; mark it so a report shows where each line came from
                            out.writeBytes("[stderr] ".getBytes(StandardCharsets.US_ASCII));
                        }
                        out.write(buffer, 0, n);
                    }
                }
            }
            catch (final IOException ex)
            {
                // the process is gone
            }
        }, "chaos-" + stream + "-" + process.pid());
        t.setDaemon(true);
        t.start();
        return t;
    }
}
