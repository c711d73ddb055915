package org.vmiucv.bench.scale;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.vmiucv.bench.xproc.Spin;

/**
 * A child JVM of the scale benchmark (a Supervisor or a {@link ScaleHost}), with a line protocol over its stdin
 * and stdout for hosts, its RSS, and a kill by handle.
 */
final class Child implements AutoCloseable
{
    /** Flags of every child JVM: the suite's ({@link Spin#JVM_FLAGS}: Agrona; Chronicle for the CP). */
    static final List<String> JVM_FLAGS = Spin.JVM_FLAGS;

    private static final String EOF = "\u0000EOF";

    private final String label;
    private final Process process;
    private final PrintWriter stdin;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();

    private Child(final String label, final Process process, final boolean protocol)
    {
        this.label = label;
        this.process = process;
        this.stdin = protocol ? new PrintWriter(process.getOutputStream(), true, StandardCharsets.US_ASCII) : null;
        if (protocol)
        {
            final Thread reader = new Thread(this::pump, "scale-read-" + label);
            reader.setDaemon(true);
            reader.start();
        }
    }

    /**
     * @param label a name for messages.
     * @param main  the class with main, on this JVM's class path.
     * @param protocol true to speak the line protocol (stdout piped), false to discard stdout.
     * @param args  its arguments.
     * @return the started child.
     * @throws IOException if it cannot start.
     */
    static Child start(final String label, final Class<?> main, final boolean protocol, final String... args)
        throws IOException
    {
        final List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(JVM_FLAGS);
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(main.getName());
        cmd.addAll(List.of(args));
        final ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT);
        if (!protocol)
        {
            pb.redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectInput(ProcessBuilder.Redirect.PIPE);
        }
        return new Child(label, pb.start(), protocol);
    }

    private void pump()
    {
        try (BufferedReader r = new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.US_ASCII)))
        {
            String line;
            while (null != (line = r.readLine()))
            {
                lines.add(line);
            }
        }
        catch (final IOException ignore)
        {
            // the child is gone; the waiter sees EOF below
        }
        lines.add(EOF);
    }

    /**
     * @return the process id.
     */
    long pid()
    {
        return process.pid();
    }

    /**
     * @return the label.
     */
    String label()
    {
        return label;
    }

    /**
     * Send a command without waiting for its answer (see {@link #answer}).
     *
     * @param command one line.
     */
    void send(final String command)
    {
        stdin.println(command);
    }

    /**
     * @param timeoutMs deadline.
     * @return the text after {@code OK }.
     * @throws IOException on ERR, end of output or timeout.
     * @throws InterruptedException if interrupted.
     */
    String answer(final long timeoutMs) throws IOException, InterruptedException
    {
        final String line = lines.poll(timeoutMs, TimeUnit.MILLISECONDS);
        if (null == line)
        {
            throw new IOException(label + " gave no answer within " + timeoutMs + " ms");
        }
        if (EOF.equals(line))
        {
            throw new IOException(label + " ended (exit " + (process.isAlive() ? "?" : process.exitValue()) + ")");
        }
        if (!line.startsWith("OK"))
        {
            throw new IOException(label + ": " + line);
        }
        return line.length() > 3 ? line.substring(3) : "";
    }

    /**
     * @param command   one line.
     * @param timeoutMs deadline.
     * @return the answer after {@code OK }.
     * @throws IOException on ERR, end of output or timeout.
     * @throws InterruptedException if interrupted.
     */
    String call(final String command, final long timeoutMs) throws IOException, InterruptedException
    {
        send(command);
        return answer(timeoutMs);
    }

    /**
     * @return VmRSS in bytes from /proc/PID/status, -1 if unreadable.
     */
    long rssBytes()
    {
        return statusKb("VmRSS:") * 1024;
    }

    /**
     * @param field a field of /proc/PID/status with its colon, e.g. {@code RssShmem:}.
     * @return its value in kB, -1 if unreadable.
     */
    long statusKb(final String field)
    {
        try
        {
            for (final String line : Files.readAllLines(Path.of("/proc", Long.toString(pid()), "status")))
            {
                if (line.startsWith(field))
                {
                    return Long.parseLong(line.substring(field.length()).trim().split("\\s+")[0]);
                }
            }
        }
        catch (final IOException | RuntimeException ex)
        {
            return -1;
        }
        return -1;
    }

    /**
     * Ask a host to quit (bounded), then kill it and its descendants by handle.
     */
    public void close()
    {
        try
        {
            if (null != stdin && process.isAlive())
            {
                stdin.println("QUIT");
                process.waitFor(3, TimeUnit.SECONDS);
            }
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
        finally
        {
            kill();
        }
    }

    /**
     * Kill by handle, descendants first, and wait up to 10 s.
     */
    void kill()
    {
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
}
