package org.vmiucv.xfl.transport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.vmiucv.engine.IucvException;
import org.vmiucv.engine.MachineId;
import org.vmiucv.engine.ReturnCode;
import org.vmiucv.engine.Supervisor;
import org.vmiucv.engine.layout.MachineDirectory;
import org.vmiucv.engine.layout.SystemTables;
import org.vmiucv.engine.system.EmbeddedSystem;
import org.vmiucv.engine.system.SystemClient;
import org.vmiucv.engine.system.SystemFiles;
import org.vmiucv.engine.system.SystemLock;
import org.vmiucv.engine.system.SystemLog;
import org.vmiucv.engine.system.SystemOptions;
import org.vmiucv.xfl.XflContext;

/**
 * The Supervisor of an XFL system, in its own process: the whole engine runs here (an {@link EmbeddedSystem}: the
 * CP conductor and one host thread per attached process) and is relayed to the other processes over XFL
 * connectors on named FIFOs. See the package comment for the topology.
 * <p>
 * It writes {@code xfl-supervisor.pid} into the system's directory, polls the directory every
 * {@value #POLL_INTERVAL_MS} ms for hello files of attaching processes, and serves each process on a thread of its
 * own. A clean stop logs every machine off and removes its files; a process that dies is noticed by end of file on
 * its connectors.
 */
public final class XflSupervisorProcess implements org.vmiucv.engine.system.ForegroundSupervisor
{
    /** How often the directory is scanned for attaching processes. */
    public static final long POLL_INTERVAL_MS = 20;

    private final Path dir;
    private final String systemName;
    private final EmbeddedSystem system;
    private final SystemClient local;
    private final SystemOptions options;
    private final XflContext context;
    private final SystemLog log;
    private final Map<String, ProcessLink> links = new ConcurrentHashMap<>();
    private final Map<MachineId, Long> remotePids = new ConcurrentHashMap<>();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final Thread watcher;
    private final SystemLock lock;
    private volatile boolean closing;

    private XflSupervisorProcess(final Path dir, final String systemName, final EmbeddedSystem system,
        final SystemClient local, final SystemOptions options, final XflContext context, final SystemLog log,
        final SystemLock lock)
    {
        this.dir = dir;
        this.lock = lock;
        this.systemName = systemName;
        this.system = system;
        this.local = local;
        this.options = options;
        this.context = context;
        this.log = log;
        this.watcher = new Thread(this::watch, "xfl-cp-watcher");
        watcher.setDaemon(true);
    }

    /**
     * Start the Supervisor of an XFL system with default connector options.
     *
     * @param base    base directory (see {@link XflNamespace#defaultBase()}).
     * @param system  system name.
     * @param options engine sizes, timeouts and idle strategy.
     * @param log     transcript.
     * @return the running Supervisor.
     * @throws IucvException 8 if a live XFL Supervisor already runs the system, 24 for a bad name, 44 if the
     *                       directory cannot be prepared.
     */
    public static XflSupervisorProcess start(final Path base, final String system, final SystemOptions options,
        final SystemLog log) throws IucvException
    {
        return start(base, system, options, new XflContext(), log);
    }

    /**
     * Start the Supervisor of an XFL system.
     *
     * @param base    base directory.
     * @param system  system name.
     * @param options engine options.
     * @param context XFL connector options (spin-then-block, record size).
     * @param log     transcript.
     * @return the running Supervisor.
     * @throws IucvException as {@link #start(Path, String, SystemOptions, SystemLog)}.
     */
    public static XflSupervisorProcess start(final Path base, final String system, final SystemOptions options,
        final XflContext context, final SystemLog log) throws IucvException
    {
        return start(base, system, options, context, log, null);
    }

    /**
     * Start the Supervisor of an XFL system under the system's lock.
     *
     * @param base    base directory.
     * @param system  system name.
     * @param options engine options.
     * @param context XFL connector options (spin-then-block, record size).
     * @param log     transcript.
     * @param held    the system's lock, held by this process (the CLI takes it before it chooses a transport), or
     *                null to take it here. The Supervisor owns it from now on: released when the system stops or
     *                the start fails.
     * @return the running Supervisor.
     * @throws IucvException 8 naming the pid and transport of the Supervisor that holds the lock, 24 for a bad name
     *                       or a directory that is not ours or not private (left untouched), 44 if the directory
     *                       cannot be prepared.
     */
    public static XflSupervisorProcess start(final Path base, final String system, final SystemOptions options,
        final XflContext context, final SystemLog log, final SystemLock held) throws IucvException
    {
        final SystemLock lock = null != held ? held : SystemLock.acquire(base, system, "xfl");
        lock.transport("xfl");
        try
        {
            final XflSupervisorProcess cp = startLocked(base, system, options, context, log, lock);
            cp.watcher.start();
            return cp;
        }
        catch (final IucvException | RuntimeException ex)
        {
            lock.close();
            throw ex;
        }
    }

    private static XflSupervisorProcess startLocked(final Path base, final String system,
        final SystemOptions options, final XflContext context, final SystemLog log, final SystemLock lock)
        throws IucvException
    {
        final Path dir;
        try
        {
            dir = XflNamespace.prepare(base, system);
        }
        catch (final IllegalArgumentException | IllegalStateException ex)
        {
            throw new IucvException(ReturnCode.INVALID_PARAMETER, ex.getMessage());
        }
        catch (final UncheckedIOException ex)
        {
            throw new IucvException(ReturnCode.RESOURCES_EXHAUSTED, ex.getMessage());
        }
        // We hold the system's lock, so a pid file here is stale (its Supervisor was killed): its pid may even have
        // been reused by an unrelated process, which must not keep the system from starting.
        final long stale = XflNamespace.livingSupervisor(dir);
        if (stale != 0)
        {
            log.log("CP replacing the stale pid file of system " + system + " (pid " + stale +
                " does not hold the lock " + lock.file() + ")");
        }
        deleteClientFiles(dir);
        try
        {
            XflNamespace.writePrivate(dir.resolve(XflNamespace.PID_FILE), Long.toString(ProcessHandle.current().pid()));
        }
        catch (final IOException ex)
        {
            throw new IucvException(ReturnCode.RESOURCES_EXHAUSTED, "cannot write " +
                dir.resolve(XflNamespace.PID_FILE) + ": " + ex.getMessage());
        }
        final EmbeddedSystem embedded = EmbeddedSystem.start(options, log);
        final SystemClient local;
        try
        {
            local = embedded.attachHost();
        }
        catch (final IucvException ex)
        {
            embedded.close();
            XflNamespace.deleteQuietly(dir.resolve(XflNamespace.PID_FILE));
            throw ex;
        }
        return new XflSupervisorProcess(dir, system, embedded, local, options, context.conclude(), log, lock);
    }

    /** Remove every file an attaching process left (the pid file stays). */
    private static void deleteClientFiles(final Path dir)
    {
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir, XflNamespace.CLIENT_PREFIX + "*"))
        {
            for (final Path p : s)
            {
                if (!p.getFileName().toString().equals(XflNamespace.PID_FILE))
                {
                    XflNamespace.deleteQuietly(p);
                }
            }
        }
        catch (final IOException ignore)
        {
            // nothing to clean
        }
    }

    private void watch()
    {
        while (!closing)
        {
            try (DirectoryStream<Path> s = Files.newDirectoryStream(dir, "*" + XflNamespace.HELLO_SUFFIX))
            {
                for (final Path p : s)
                {
                    final String key = XflNamespace.keyOfHello(p.getFileName().toString());
                    if (null == key || links.containsKey(key) || closing)
                    {
                        continue;
                    }
                    final long pid = XflNamespace.pidOfKey(key);
                    if (!ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false))
                    {
                        XflNamespace.deleteClientFiles(dir, key);
                        continue;
                    }
                    final ProcessLink link = new ProcessLink(this, dir, key, context, log);
                    links.put(key, link);
                    link.start();
                }
            }
            catch (final IOException | RuntimeException ex)
            {
                if (!Files.isDirectory(dir))
                {
                    log.log("CP the directory " + dir + " has gone; stopping");
                    new Thread(this::close, "xfl-cp-stop").start();
                    return;
                }
            }
            try
            {
                Thread.sleep(POLL_INTERVAL_MS);
            }
            catch (final InterruptedException ex)
            {
                return;
            }
        }
    }

    SystemClient attachHost() throws IucvException
    {
        if (closing)
        {
            throw new IucvException(ReturnCode.SUPERVISOR_DOWN, "the XFL Supervisor is stopping");
        }
        return system.attachHost();
    }

    void linkEnded(final ProcessLink link)
    {
        links.remove(link.key(), link);
    }

    Map<MachineId, Long> remotePids()
    {
        return remotePids;
    }

    /**
     * @return the system's directory.
     */
    public Path directory()
    {
        return dir;
    }

    /**
     * @return the system name.
     */
    public String system()
    {
        return systemName;
    }

    /**
     * @return the engine's API in this process (machines IPLed through it run here, on a host thread).
     */
    public Supervisor supervisor()
    {
        return local;
    }

    /**
     * @return how many processes are attached now.
     */
    public int attachedProcesses()
    {
        return links.size();
    }

    /**
     * Wait until the system was shut down and every machine is gone.
     *
     * @param timeoutMs how long, or negative for ever.
     * @return true if the system is finished.
     * @throws InterruptedException if interrupted.
     */
    public boolean awaitShutdown(final long timeoutMs) throws InterruptedException
    {
        final long deadline = timeoutMs < 0 ? Long.MAX_VALUE : System.currentTimeMillis() + timeoutMs;
        final SystemTables tables = local.tables();
        while (System.currentTimeMillis() < deadline && !closing)
        {
            if (tables.isShutdown() && noMachines(tables))
            {
                Thread.sleep(100); // let the answer to SHUTDOWN reach its caller
                return true;
            }
            if (stopped.await(20, TimeUnit.MILLISECONDS))
            {
                return true;
            }
        }
        return tables.isShutdown() && noMachines(tables);
    }

    private static boolean noMachines(final SystemTables tables)
    {
        final MachineDirectory d = tables.machines();
        for (int m = 0; m < d.capacity(); m++)
        {
            // an entry that is garbage (written from outside) is no machine: waiting for it to log off would only
            // wait out the timeouts; the CP reports the damage when it meets it
            if (d.state(m) != MachineDirectory.FREE && null == d.entryProblem(m))
            {
                return false;
            }
        }
        return true;
    }

    /**
     * Stop cleanly: shut the system down (every machine is logged off, its process told), disconnect every process
     * (they see {@link ReturnCode#SUPERVISOR_DOWN} from then on), remove the pid file and any FIFO left.
     */
    public void close()
    {
        synchronized (this)
        {
            if (closing)
            {
                return;
            }
            closing = true;
        }
        watcher.interrupt();
        if (!local.tables().isShutdown())
        {
            try
            {
                local.shutdown();
            }
            catch (final IucvException ex)
            {
                log.log("CP shutdown: " + ex.getMessage());
            }
        }
        for (final ProcessLink link : links.values())
        {
            link.disconnect();
        }
        final long deadline = System.currentTimeMillis() + 3_000;
        for (final ProcessLink link : links.values())
        {
            try
            {
                link.thread().join(Math.max(1, deadline - System.currentTimeMillis()));
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
                break;
            }
        }
        // a host thread stuck in a session with a process that neither answers nor dies must not hold the stop
        final Thread closer = new Thread(system::close, "xfl-cp-close");
        closer.setDaemon(true);
        closer.start();
        try
        {
            closer.join(options.controlTimeoutMs());
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
        // only what the system created goes (FIFOs, hello and pid files); foreign files and the directory stay
        SystemFiles.cleanup(dir, log);
        lock.close();
        stopped.countDown();
        log.log("CP stopped; XFL files removed from " + dir);
    }
}
