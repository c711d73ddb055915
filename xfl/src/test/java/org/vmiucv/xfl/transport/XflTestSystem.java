package org.vmiucv.xfl.transport;

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
import org.vmiucv.engine.system.SystemLog;
import org.vmiucv.engine.system.SystemOptions;
import org.vmiucv.engine.testkit.TestMachine;
import org.vmiucv.engine.testkit.TestSystem;

/**
 * The XFL transport under test: an XFL Supervisor process, two machine-host processes, and this JVM attached as a
 * control-plane client, all over a private directory that is removed on close.
 */
public final class XflTestSystem implements TestSystem
{
    /** Generous: the suite must pass on a loaded 2-vCPU machine, where a cold JVM can stall for seconds. */
    static final int CONTROL_TIMEOUT_MS = 15_000;

    private final Path base;
    private final String system;
    private final List<RemoteHost> hosts = new ArrayList<>();
    private final long[] pids;
    private Process supervisor;
    private XflClient client;

    /**
     * Start a Supervisor and two hosts.
     *
     * @throws Exception if anything fails to start; what did start is killed.
     */
    public XflTestSystem() throws Exception
    {
        this(2);
    }

    /**
     * @param hostCount number of host processes.
     * @throws Exception if anything fails to start; what did start is killed.
     */
    public XflTestSystem(final int hostCount) throws Exception
    {
        this(hostCount, new String[0]);
    }

    /**
     * @param hostCount      number of host processes.
     * @param supervisorArgs extra Supervisor options, e.g. {@code --max-machines 8}.
     * @throws Exception if anything fails to start; what did start is killed.
     */
    public XflTestSystem(final int hostCount, final String... supervisorArgs) throws Exception
    {
        base = Files.createTempDirectory(Path.of(Files.isWritable(Path.of("/dev/shm")) ? "/dev/shm" :
            System.getProperty("java.io.tmpdir")), "iucvxfl");
        system = "X" + Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xFFFFFFFL);
        pids = new long[hostCount];
        try
        {
            final List<String> args = new ArrayList<>(List.of("--base", base.toString(), "--system", system,
                "--control-timeout-ms", Integer.toString(CONTROL_TIMEOUT_MS)));
            args.addAll(List.of(supervisorArgs));
            supervisor = new ProcessBuilder(ChildJvm.command(XflSupervisorMain.class, args.toArray(new String[0])))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile().toFile())).start();
            client = attachWithRetry();
            for (int i = 0; i < hostCount; i++)
            {
                hosts.add(RemoteHost.start(XflAttacher.class, base, system));
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

    private XflClient attachWithRetry() throws Exception
    {
        final long deadline = System.currentTimeMillis() + 20_000;
        while (true)
        {
            try
            {
                return XflSystem.attach(base, system, options(), SystemLog.NONE);
            }
            catch (final IucvException ex)
            {
                if (System.currentTimeMillis() > deadline || !supervisor.isAlive())
                {
                    throw new IllegalStateException("XFL Supervisor did not start: " + ex.getMessage(), ex);
                }
                Thread.sleep(20);
            }
        }
    }

    /**
     * @return the options of every process of the test system.
     */
    static SystemOptions options()
    {
        return new SystemOptions().controlTimeoutMs(CONTROL_TIMEOUT_MS);
    }

    /**
     * @return where the Supervisor process writes its transcript (under target/).
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
     * @param host index.
     * @return the host process handle.
     */
    public RemoteHost host(final int host)
    {
        return hosts.get(host);
    }

    /**
     * @return the system directory.
     */
    public Path directory()
    {
        return base.resolve(system);
    }

    /** {@inheritDoc} */
    public Supervisor supervisor()
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
    static void deleteTree(final Path root)
    {
        org.vmiucv.engine.testkit.TestFiles.deleteTree(root);
    }
}
