package org.vmiucv.bench.scale;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.agrona.concurrent.BackoffIdleStrategy;
import org.vmiucv.engine.IucvException;
import org.vmiucv.engine.system.SystemClient;
import org.vmiucv.engine.system.SystemLog;
import org.vmiucv.engine.system.SystemOptions;
import org.vmiucv.shm.ShmSystem;
import org.vmiucv.shm.SupervisorMain;

/**
 * One shm system of the benchmark: its Supervisor process (no journal), the harness's client (which IPLs nothing,
 * it only connects) and its {@link ScaleHost} processes.
 */
final class ScaleSystem implements AutoCloseable
{
    private final Path base;
    private final String name;
    private final Child supervisor;
    private final List<Child> hosts = new ArrayList<>();
    private SystemClient client;

    /**
     * Start the Supervisor and attach the harness.
     *
     * @param base          base directory.
     * @param name          system name.
     * @param maxMachines   machine slots.
     * @param maxPaths      path slots.
     * @param inboxCapacity bytes per inbox.
     * @throws Exception if it does not come up within 30 s.
     */
    ScaleSystem(final Path base, final String name, final int maxMachines, final int maxPaths,
        final int inboxCapacity) throws Exception
    {
        this.base = base;
        this.name = name;
        supervisor = Child.start("CP " + name, SupervisorMain.class, false, "--base", base.toString(),
            "--system", name, "--max-machines", Integer.toString(maxMachines), "--max-paths",
            Integer.toString(maxPaths), "--inbox-capacity", Integer.toString(inboxCapacity), "--no-journal");
        final long deadline = System.currentTimeMillis() + 30_000;
        while (null == client)
        {
            try
            {
                client = ShmSystem.attach(base, name, new SystemOptions().idleStrategy(
                    () -> new BackoffIdleStrategy(1_000, 100, 1_000, 1_000_000)), SystemLog.NONE);
            }
            catch (final IucvException ex)
            {
                if (System.currentTimeMillis() > deadline)
                {
                    close();
                    throw ex;
                }
                Thread.sleep(20);
            }
        }
    }

    /**
     * Start a host process and wait for it to attach.
     *
     * @param label a name for messages.
     * @param spin  true for a measuring host.
     * @return the host.
     * @throws Exception if it does not attach within 30 s.
     */
    Child startHost(final String label, final boolean spin) throws Exception
    {
        final Child host = Child.start(label, ScaleHost.class, true, base.toString(), name,
            spin ? "spin" : "backoff");
        hosts.add(host);
        host.answer(30_000);
        return host;
    }

    /**
     * @return the harness's client.
     */
    SystemClient client()
    {
        return client;
    }

    /**
     * @return the Supervisor process.
     */
    Child supervisor()
    {
        return supervisor;
    }

    /**
     * @return the namespace directory in /dev/shm.
     */
    Path directory()
    {
        return base.resolve(name);
    }

    /**
     * @return the sum of the sizes of the namespace's files (what was mapped).
     * @throws IOException if the directory cannot be read.
     */
    long fileBytes() throws IOException
    {
        try (Stream<Path> files = Files.walk(directory()))
        {
            return files.filter(Files::isRegularFile).mapToLong(p ->
            {
                try
                {
                    return Files.size(p);
                }
                catch (final IOException ex)
                {
                    return 0;
                }
            }).sum();
        }
    }

    /**
     * @return the namespace's files.
     * @throws IOException if the directory cannot be read.
     */
    long fileCount() throws IOException
    {
        try (Stream<Path> files = Files.walk(directory()))
        {
            return files.filter(Files::isRegularFile).count();
        }
    }

    /**
     * @return {@code du -s -B1} of the namespace: the tmpfs pages actually in use.
     * @throws Exception if du fails.
     */
    long duBytes() throws Exception
    {
        final Process du = new ProcessBuilder("du", "-s", "-B1", directory().toString())
            .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try
        {
            final String out = new String(du.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.US_ASCII);
            if (!du.waitFor(30, java.util.concurrent.TimeUnit.SECONDS) || du.exitValue() != 0)
            {
                throw new IOException("du failed on " + directory());
            }
            return Long.parseLong(out.trim().split("\\s+")[0]);
        }
        finally
        {
            du.destroyForcibly();
        }
    }

    /**
     * Hosts quit, the harness detaches, the Supervisor is killed by handle, the namespace directory removed.
     */
    public void close()
    {
        hosts.forEach(Child::close);
        if (null != client)
        {
            try
            {
                client.shutdown();
            }
            catch (final IucvException | RuntimeException ignore)
            {
                // down already: the kill below is what counts
            }
            client.close();
        }
        supervisor.kill();
        ScaleBench.deleteTree(directory());
    }
}
