package org.vmiucv.bench.xproc;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Starting and stopping the peer process of a measurement.
 */
final class Spin
{
    private Spin()
    {
    }

    /**
     * @return busy spin while work keeps coming, back off once idle for 100,000 iterations.
     */
    static org.agrona.concurrent.IdleStrategy idle()
    {
        return new org.agrona.concurrent.BackoffIdleStrategy(100_000, 100, 1_000, 100_000);
    }

    static Process start(final Class<?> main, final String... args) throws IOException
    {
        final List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("--add-opens");
        cmd.add("java.base/jdk.internal.misc=ALL-UNNAMED");
        cmd.add("-Dagrona.disable.bounds.checks=true");
        cmd.add("-XX:+UseSerialGC");
        cmd.add("-Xmx512m");
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(main.getName());
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.INHERIT)
            .start();
    }

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
