package org.vmiucv.xfl;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Shared helpers for the xfl tests: deadlines, FIFO pairs, child JVMs.
 */
public final class TestSupport
{
    /** Deadline for any single wait in a test. */
    public static final Duration DEADLINE = Duration.ofSeconds(20);

    private static final ExecutorService EXECUTOR = Executors.newCachedThreadPool(r ->
    {
        final Thread t = new Thread(r, "xfl-test");
        t.setDaemon(true);
        return t;
    });

    private TestSupport()
    {
    }

    /** Run on another (daemon) thread; blocking FIFO opens and reads go here. */
    public static <T> Future<T> async(final Callable<T> task)
    {
        return EXECUTOR.submit(task);
    }

    /** Wait for a future with the test deadline. */
    public static <T> T await(final Future<T> future) throws Exception
    {
        return future.get(DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** One read(2) with a large buffer, under the deadline: shows what a single write delivered. */
    public static byte[] readOnce(final InputStream in) throws Exception
    {
        return await(async(() ->
        {
            final byte[] buffer = new byte[1 << 16];
            final int n = in.read(buffer);
            return n < 0 ? null : Arrays.copyOf(buffer, n);
        }));
    }

    /**
     * Exactly {@code n} bytes (a loop of reads), under the deadline: what a reader that takes one
     * 4-byte command at a time sees, whether the writes arrived one by one or together.
     */
    public static byte[] readExactly(final InputStream in, final int n) throws Exception
    {
        return await(async(() ->
        {
            final byte[] buffer = new byte[n];
            int filled = 0;
            while (filled < n)
            {
                final int r = in.read(buffer, filled, n - filled);
                if (r < 0)
                {
                    return Arrays.copyOf(buffer, filled);
                }
                filled += r;
            }
            return buffer;
        }));
    }

    /** Bytes of an ASCII string, e.g. {@code ascii("12\0")}. */
    public static byte[] ascii(final String s)
    {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    /** The two FIFOs of one connector. */
    public record FifoPair(Path data, Path ctrl)
    {
        /** Create {@code name.data} and {@code name.ctrl} in {@code dir} with mkfifo. */
        public static FifoPair create(final Path dir, final String name) throws IOException
        {
            return new FifoPair(Fifos.create(dir.resolve(name + ".data")), Fifos.create(dir.resolve(name + ".ctrl")));
        }

        /** Remove both FIFOs. */
        public void delete() throws IOException
        {
            Files.deleteIfExists(data);
            Files.deleteIfExists(ctrl);
        }
    }

    /** A producer and a consumer connected over a FIFO pair (both ends in this JVM). */
    public record Connected(XflProducer producer, XflConsumer consumer)
    {
        /** Open both ends concurrently: each side opens data before ctrl. */
        public static Connected open(final FifoPair pair, final XflContext producerContext,
            final XflContext consumerContext) throws Exception
        {
            final Future<XflConsumer> consumer =
                async(() -> XflConnectors.openConsumer(pair.data(), pair.ctrl(), consumerContext));
            final XflProducer producer = await(async(() ->
                XflConnectors.openProducer(pair.data(), pair.ctrl(), producerContext)));
            return new Connected(producer, await(consumer));
        }
    }

    /** The test classpath, also inside a Surefire fork. */
    public static String classpath()
    {
        final String surefire = System.getProperty("surefire.test.class.path");
        return surefire != null && !surefire.isBlank() ? surefire : System.getProperty("java.class.path");
    }

    /** {@code java <flags> -cp <test classpath>} with quick-start options. */
    public static List<String> javaCommand(final String... flags)
    {
        final List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-XX:+UseSerialGC");
        cmd.add("-XX:TieredStopAtLevel=1");
        cmd.add("-Xmx64m");
        cmd.addAll(Arrays.asList(flags));
        cmd.add("-cp");
        cmd.add(classpath());
        return cmd;
    }

    /**
     * {@code sh -c 'exec "$@" REDIRECTIONS' sh COMMAND...}: the shell opens the FIFOs as fixed fd
     * numbers (left to right) and execs the command, which inherits them.
     */
    public static List<String> withRedirections(final String redirections, final List<String> command)
    {
        final List<String> cmd = new ArrayList<>(List.of("sh", "-c", "exec \"$@\" " + redirections, "sh"));
        cmd.addAll(command);
        return cmd;
    }

    /** Kill a process and its descendants (descendants first) and wait for it, bounded. */
    public static void kill(final Process process)
    {
        if (process == null)
        {
            return;
        }
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try
        {
            process.waitFor(DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }

    /** Wait for exit under the deadline; fails the test when it does not exit. */
    public static int waitFor(final Process process) throws InterruptedException
    {
        if (!process.waitFor(DEADLINE.toMillis(), TimeUnit.MILLISECONDS))
        {
            throw new AssertionError("process " + process.pid() + " did not exit within " + DEADLINE);
        }
        return process.exitValue();
    }

    /** Quote a path for a shell redirection. */
    public static String q(final File f)
    {
        return "'" + f.getPath().replace("'", "'\\''") + "'";
    }
}
