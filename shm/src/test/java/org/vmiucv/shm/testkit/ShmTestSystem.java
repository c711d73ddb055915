package org.vmiucv.shm.testkit;

import org.vmiucv.engine.testkit.RemoteHost;
import org.vmiucv.engine.testkit.ChildJvm;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import org.vmiucv.engine.IucvException;
import org.vmiucv.engine.Supervisor;
import org.vmiucv.engine.system.SystemClient;
import org.vmiucv.engine.system.SystemLog;
import org.vmiucv.engine.system.SystemOptions;
import org.vmiucv.engine.testkit.TestMachine;
import org.vmiucv.engine.testkit.TestSystem;
import org.vmiucv.shm.ShmSystem;
import org.vmiucv.shm.SupervisorMain;

/**
 * The shm transport under test: a Supervisor process, two machine-host processes, and this JVM attached as a
 * control-plane client, all over a private namespace under /dev/shm that is removed on close.
 */
public final class ShmTestSystem implements TestSystem
{
    private final Path base;
    private final String system;
    private final List<RemoteHost> hosts = new ArrayList<>();
    private final long[] pids;
    private final String[] supervisorArgs;
    private Process supervisor;
    private SystemClient client;

    /**
     * Start a Supervisor and two hosts.
     *
     * @throws Exception if anything fails to start; what did start is killed.
     */
    public ShmTestSystem() throws Exception
    {
        this(2);
    }

    /**
     * @param hostCount number of host processes.
     * @throws Exception if anything fails to start; what did start is killed.
     */
    public ShmTestSystem(final int hostCount) throws Exception
    {
        this(Files.createTempDirectory(Path.of("/dev/shm"), "iucvtest"), hostCount);
    }

    /**
     * @param base           base directory (removed on close).
     * @param hostCount      number of host processes.
     * @param supervisorArgs extra Supervisor options, e.g. {@code --max-machines 8}.
     * @throws Exception if anything fails to start; what did start is killed.
     */
    public ShmTestSystem(final Path base, final int hostCount, final String... supervisorArgs) throws Exception
    {
        this.base = base;
        this.supervisorArgs = supervisorArgs;
        system = "T" + Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xFFFFFFFL);
        pids = new long[hostCount];
        try
        {
            startSupervisor();
            for (int i = 0; i < hostCount; i++)
            {
                hosts.add(RemoteHost.start(ShmAttacher.class, base, system));
            }
            for (int i = 0; i < hostCount; i++)
            {
                pids[i] = hosts.get(i).awaitReady();
            }
        }
        catch (final Exception ex)
        {
            close();
            throw ex;
        }
    }

    /**
     * Start (or restart) the Supervisor process and attach this JVM's client to it.
     *
     * @throws Exception if it does not come up within 20 s.
     */
    public void startSupervisor() throws Exception
    {
        final List<String> args = new ArrayList<>(List.of("--base", base.toString(), "--system", system));
        args.addAll(List.of(supervisorArgs));
        supervisor = new ProcessBuilder(ChildJvm.command(SupervisorMain.class, args.toArray(new String[0])))
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile().toFile())).start();
        final long deadline = System.currentTimeMillis() + 20_000;
        while (true)
        {
            try
            {
                if (null != client)
                {
                    client.close();
                }
                client = ShmSystem.attach(base, system, new SystemOptions(), SystemLog.NONE);
                return;
            }
            catch (final IucvException ex)
            {
                client = null;
                if (System.currentTimeMillis() > deadline || !supervisor.isAlive())
                {
                    throw new IllegalStateException("Supervisor did not start: " + ex.getMessage(), ex);
                }
                Thread.sleep(20);
            }
        }
    }

    /**
     * @return where the Supervisor processes of this system write their transcript (under target/).
     */
    public Path logFile()
    {
        final Path dir = Path.of("target", "supervisor-logs");
        try
        {
            Files.createDirectories(dir);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
        return dir.resolve(system + ".log");
    }

    /**
     * @return the Supervisor process.
     */
    public Process supervisorProcess()
    {
        return supervisor;
    }

    /**
     * @return the base directory.
     */
    public Path base()
    {
        return base;
    }

    /**
     * @return the system name.
     */
    public String system()
    {
        return system;
    }

    /**
     * @return the namespace directory.
     */
    public Path directory()
    {
        return base.resolve(system);
    }

    /**
     * @param host index.
     * @return the host process handle.
     */
    public RemoteHost host(final int host)
    {
        return hosts.get(host);
    }

    /** {@inheritDoc} */
    public Supervisor supervisor()
    {
        return client;
    }

    /**
     * @return the client, with its tables.
     */
    public SystemClient client()
    {
        return client;
    }

    /** {@inheritDoc} */
    public int hosts()
    {
        return hosts.size();
    }

    /** {@inheritDoc} */
    public long hostPid(final int host)
    {
        return pids[host];
    }

    /** {@inheritDoc} */
    public TestMachine ipl(final String name, final int host, final String spec) throws IucvException
    {
        return hosts.get(host).ipl(name, spec);
    }

    /** {@inheritDoc} */
    public void close()
    {
        for (final RemoteHost h : hosts)
        {
            h.close();
        }
        if (null != client)
        {
            client.close();
        }
        ChildJvm.kill(supervisor);
        deleteTree(base);
    }

    /**
     * Remove a directory tree, if it exists.
     *
     * @param root the tree.
     */
    public static void deleteTree(final Path root)
    {
        org.vmiucv.engine.testkit.TestFiles.deleteTree(root);
    }
}
