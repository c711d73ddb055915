package org.vmiucv.cli;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code iucv} in a child JVM with the test classpath, the Agrona flags and {@code IUCV_DIR}; kills by handle.
 */
final class CliProcess
{
    /** What a finished command printed and returned. */
    record Result(int status, String out, String err)
    {
        @Override
        public String toString()
        {
            return "status " + status + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    private final Process process;
    private final Thread outReader;
    private final Thread errReader;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private CliProcess(final Process process)
    {
        this.process = process;
        outReader = pump(process.getInputStream(), out);
        errReader = pump(process.getErrorStream(), err);
    }

    static List<String> command(final List<String> args)
    {
        final List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("--add-opens");
        cmd.add("java.base/jdk.internal.misc=ALL-UNNAMED");
        cmd.add("--add-opens");
        cmd.add("java.base/java.io=ALL-UNNAMED");
        cmd.addAll(Cli.CHRONICLE_FLAGS);
        cmd.add("-XX:+UseSerialGC");
        cmd.add("-Xmx256m");
        cmd.add("-cp");
        final String surefire = System.getProperty("surefire.test.class.path");
        cmd.add(null != surefire && !surefire.isBlank() ? surefire : System.getProperty("java.class.path"));
        cmd.add(Iucv.class.getName());
        cmd.addAll(args);
        return cmd;
    }

    static CliProcess start(final Path base, final String... args) throws IOException
    {
        return start(base, Map.of(), command(List.of(args)));
    }

    static CliProcess start(final Path base, final Map<String, String> env, final List<String> command)
        throws IOException
    {
        return start(base, null, env, command);
    }

    /**
     * @param workDir the child's working directory (where a crashing JVM leaves its hs_err file); null: ours.
     */
    static CliProcess start(final Path base, final Path workDir, final Map<String, String> env,
        final List<String> command) throws IOException
    {
        final ProcessBuilder pb = new ProcessBuilder(command)
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        if (null != workDir)
        {
            pb.directory(workDir.toFile());
        }
        pb.environment().remove("JAVA_TOOL_OPTIONS");
        pb.environment().put("IUCV_DIR", base.toString());
        pb.environment().putAll(env);
        return new CliProcess(pb.start());
    }

    /**
     * Run to completion.
     *
     * @param base      IUCV_DIR.
     * @param timeoutMs deadline; the process is killed after it.
     * @param args      iucv arguments.
     * @return what it did.
     * @throws Exception on timeout or I/O failure.
     */
    static Result run(final Path base, final long timeoutMs, final String... args) throws Exception
    {
        return start(base, args).await(timeoutMs);
    }

    Process process()
    {
        return process;
    }

    long pid()
    {
        return process.pid();
    }

    String outSoFar()
    {
        synchronized (out)
        {
            return out.toString(StandardCharsets.UTF_8);
        }
    }

    String errSoFar()
    {
        synchronized (err)
        {
            return err.toString(StandardCharsets.UTF_8);
        }
    }

    Result await(final long timeoutMs) throws Exception
    {
        try
        {
            if (!process.waitFor(timeoutMs, TimeUnit.MILLISECONDS))
            {
                throw new AssertionError("iucv did not finish within " + timeoutMs + " ms; output so far:\n" +
                    outSoFar());
            }
            outReader.join(5_000);
            errReader.join(5_000);
            synchronized (out)
            {
                synchronized (err)
                {
                    return new Result(process.exitValue(), out.toString(StandardCharsets.UTF_8),
                        err.toString(StandardCharsets.UTF_8));
                }
            }
        }
        finally
        {
            kill();
        }
    }

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

    private static Thread pump(final InputStream in, final ByteArrayOutputStream sink)
    {
        final Thread t = new Thread(() ->
        {
            final byte[] buffer = new byte[8192];
            try (in)
            {
                int n;
                while ((n = in.read(buffer)) > 0)
                {
                    synchronized (sink)
                    {
                        sink.write(buffer, 0, n);
                    }
                }
            }
            catch (final IOException ex)
            {
                // process gone
            }
        });
        t.setDaemon(true);
        t.start();
        return t;
    }

    /**
     * Remove a directory tree, if it exists.
     *
     * @param root the tree.
     */
    static void deleteTree(final Path root)
    {
        org.vmiucv.engine.testkit.TestFiles.deleteTree(root);
    }
}
