package org.vmiucv.shm;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.agrona.concurrent.AgentRunner;
import org.vmiucv.engine.IucvException;
import org.vmiucv.engine.ReturnCode;
import org.vmiucv.engine.layout.ClientTable;
import org.vmiucv.engine.layout.MachineDirectory;
import org.vmiucv.engine.layout.SystemTables;
import org.vmiucv.engine.system.NamespaceException;
import org.vmiucv.engine.system.RingFiles;
import org.vmiucv.engine.system.SupervisorConductor;
import org.vmiucv.engine.system.SystemFiles;
import org.vmiucv.engine.system.SystemLock;
import org.vmiucv.engine.system.SystemLog;
import org.vmiucv.engine.system.SystemOptions;
import org.vmiucv.shm.journal.JournalConfig;
import org.vmiucv.shm.journal.SupervisorJournal;

/**
 * The CP of a shared-memory system, run in its own process: creates the system's namespace, or takes over the
 * namespace a dead Supervisor left, and runs the {@link SupervisorConductor} until the system is shut down or
 * the process is asked to stop. It holds the system's {@link SystemLock} from before it touches the namespace
 * until it has stopped, so no second Supervisor (on any transport) can run the system meanwhile. A clean stop logs
 * every machine off and removes the files the system created (foreign files stay, and are named in the log); a
 * kill -9 leaves them for the next Supervisor, and established paths keep carrying data meanwhile.
 * <p>
 * The control plane runs as a journalled Disruptor pipeline ({@link org.vmiucv.shm.journal.JournalPipeline}): every
 * control event is appended to {@code <namespace>/journal} before it is applied. A new Supervisor replays it to
 * settle what was in flight. The journal outlives a clean stop (the rest of the namespace is removed), so
 * {@code iucv trace} can show a finished run.
 */
public final class SupervisorProcess implements org.vmiucv.engine.system.ForegroundSupervisor
{
    private final MappedNamespace ns;
    private final SupervisorConductor conductor;
    private final SupervisorJournal journal;
    private final AgentRunner runner;
    private final SystemOptions options;
    private final SystemLog log;
    private final SystemLock lock;
    /** What {@link #awaitShutdown} sees: the system runs, it is shut down, or this process has closed it. */
    private static final int RUNNING = 0;
    private static final int SHUT_DOWN = 1;
    private static final int CLOSED = 2;

    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile boolean closing;

    private SupervisorProcess(final MappedNamespace ns, final SupervisorConductor conductor,
        final SupervisorJournal journal, final SystemOptions options, final SystemLog log, final SystemLock lock)
    {
        this.ns = ns;
        this.lock = lock;
        this.conductor = conductor;
        this.journal = journal;
        this.options = options;
        this.log = log;
        this.runner = new AgentRunner(options.newIdleStrategy(), t -> log.log("CP error: " + t), null, conductor);
        AgentRunner.startOnThread(runner);
    }

    /**
     * Start the CP of a system: create it, or recover it if a previous Supervisor died.
     *
     * @param base    base directory.
     * @param system  system name.
     * @param options sizes, timeouts, idle strategy.
     * @param log     where to report.
     * @return the running Supervisor.
     * @throws IucvException 8 if a live Supervisor already runs this system, 24 for a bad name or for foreign or
     *                       corrupt files in the namespace, 44 if the namespace cannot be created.
     */
    public static SupervisorProcess start(final Path base, final String system, final SystemOptions options,
        final SystemLog log) throws IucvException
    {
        return start(base, system, options, log, new JournalConfig());
    }

    /**
     * Start the CP of a system with journal options.
     *
     * @param base    base directory.
     * @param system  system name.
     * @param options sizes, timeouts, idle strategy.
     * @param log     where to report.
     * @param config  journal options.
     * @return the running Supervisor.
     * @throws IucvException as {@link #start(Path, String, SystemOptions, SystemLog)}.
     */
    public static SupervisorProcess start(final Path base, final String system, final SystemOptions options,
        final SystemLog log, final JournalConfig config) throws IucvException
    {
        return start(base, system, options, log, config, null);
    }

    /**
     * Start the CP of a system under a lock its caller took already (the CLI takes it before it probes shared
     * memory, so no other start can probe or fall back meanwhile).
     *
     * @param base    base directory.
     * @param system  system name.
     * @param options sizes, timeouts, idle strategy.
     * @param log     where to report.
     * @param config  journal options.
     * @param held    the system's lock, held by this process, or null to take it here. The Supervisor owns it from
     *                now on: it is released when the system stops or when the start fails.
     * @return the running Supervisor.
     * @throws IucvException as {@link #start(Path, String, SystemOptions, SystemLog)}; 8 names the pid and
     *                       transport of the Supervisor that holds the lock.
     */
    public static SupervisorProcess start(final Path base, final String system, final SystemOptions options,
        final SystemLog log, final JournalConfig config, final SystemLock held) throws IucvException
    {
        final SystemLock lock = null != held ? held : SystemLock.acquire(base, system, "shm");
        lock.transport("shm");
        final MappedNamespace ns;
        try
        {
            ns = ShmSystem.openNamespace(base, system);
        }
        catch (final IucvException | RuntimeException ex)
        {
            lock.close();
            throw ex;
        }
        SupervisorJournal journal = null;
        try
        {
            SystemFiles.deleteStaleProbes(ns.directory()); // a start killed while probing left it; we hold the lock
            final SupervisorConductor conductor;
            if (ns.exists(RingFiles.TABLES))
            {
                final SystemTables tables = new SystemTables(SupervisorConductor.openTables(ns));
                final long pid = tables.supervisorPid();
                final boolean alive = pid != 0 && ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false) &&
                    System.currentTimeMillis() - tables.supervisorHeartbeatMs() <= options.heartbeatTimeoutMs();
                final boolean finished = tables.isShutdown() || !hasLiveState(tables);
                ns.release(RingFiles.TABLES);
                if (alive)
                {
                    throw new IucvException(ReturnCode.ALREADY_RUNNING, SystemLock.SYSTEM_RUNNING,
                        "a Supervisor (pid " + pid + ") already runs system " + system + " in " + ns.directory());
                }
                if (finished)
                {
                    log.log("CP found a finished system in " + ns.directory() + "; starting afresh");
                    SystemFiles.cleanup(ns.directory(), log);
                    ns.close();
                    return start(base, system, options, log, config, lock);
                }
                log.log("CP taking over system " + system + " from dead Supervisor pid " + pid);
                journal = SupervisorJournal.open(ns.directory(), config, log);
                final long t0 = System.nanoTime();
                conductor = SupervisorConductor.recover(ns, options, log, journal.hints(), journal.recoveryListener());
                journal.redo(conductor);
                log.log("CP recovered in " + (System.nanoTime() - t0 + journal.replayNs()) / 1_000_000 +
                    " ms (journal replay " + journal.replayNs() / 1_000_000 + " ms)");
            }
            else
            {
                journal = SupervisorJournal.open(ns.directory(), config, log);
                conductor = SupervisorConductor.create(ns, options, log);
            }
            final SystemTables tables = conductor.tables();
            // the data trace needs the journal: hosts report every message's metadata, the journal records it
            tables.traceData(config.traceData() && config.enabled());
            if (config.traceData())
            {
                log.log("CP data trace on: hosts report the metadata of every SMSG and IUCV message");
            }
            conductor.pipeline(journal.start(conductor, tables.machines(), tables.supervisorEpoch(),
                "epoch " + tables.supervisorEpoch() + (null == journal.startProblem() ? "" :
                "; journal was corrupt: " + journal.startProblem())));
            return new SupervisorProcess(ns, conductor, journal, options, log, lock);
        }
        catch (final NamespaceException ex)
        {
            if (null != journal)
            {
                journal.close();
            }
            ns.close();
            lock.close();
            throw new IucvException(ex.reason() == NamespaceException.Reason.NO_SPACE ||
                ex.reason() == NamespaceException.Reason.IO ? ReturnCode.RESOURCES_EXHAUSTED :
                ReturnCode.INVALID_PARAMETER, ex.getMessage());
        }
        catch (final IucvException | RuntimeException ex)
        {
            if (null != journal)
            {
                journal.close();
            }
            ns.close();
            lock.close();
            throw ex;
        }
    }

    /**
     * @return the journal of this run.
     */
    public SupervisorJournal journal()
    {
        return journal;
    }

    private static boolean hasLiveState(final SystemTables tables)
    {
        for (int c = 0; c < tables.clients().capacity(); c++)
        {
            if (tables.clients().state(c) == ClientTable.ACTIVE)
            {
                return true;
            }
        }
        for (int m = 0; m < tables.machines().capacity(); m++)
        {
            if (tables.machines().state(m) != MachineDirectory.FREE)
            {
                return true;
            }
        }
        return false;
    }

    /**
     * @return the namespace directory.
     */
    public Path directory()
    {
        return ns.directory();
    }

    /**
     * Wait until the system was shut down (by {@code iucv shutdown} or a client) and every machine is gone.
     *
     * @param timeoutMs how long to wait, or a negative value for ever.
     * @return true if the system is finished.
     * @throws InterruptedException if interrupted.
     */
    public boolean awaitShutdown(final long timeoutMs) throws InterruptedException
    {
        final long deadline = timeoutMs < 0 ? Long.MAX_VALUE : System.currentTimeMillis() + timeoutMs;
        while (System.currentTimeMillis() < deadline)
        {
            final int state = finishedState();
            if (state != RUNNING)
            {
                if (state == SHUT_DOWN)
                {
                    Thread.sleep(100);
                }
                return true;
            }
            if (stopped.await(20, TimeUnit.MILLISECONDS))
            {
                return true;
            }
        }
        return finishedState() != RUNNING;
    }

    /**
     * Read the tables under this object's monitor, which {@link #close()} holds while it unmaps them: a SIGTERM runs
     * close on the shutdown hook's thread while the main thread waits here, and a read of unmapped tables would crash
     * the JVM (found by the chaos suite: SIGSEGV in {@code SystemTables.isShutdown} after a SIGTERM).
     */
    private synchronized int finishedState()
    {
        if (closing)
        {
            return CLOSED;
        }
        final SystemTables tables = conductor.tables();
        return tables.isShutdown() && noMachines(tables) ? SHUT_DOWN : RUNNING;
    }

    private static boolean noMachines(final SystemTables tables)
    {
        for (int m = 0; m < tables.machines().capacity(); m++)
        {
            // an entry that is garbage (written from outside) is no machine: waiting for it to log off would only
            // wait out the timeouts; the CP reports the damage when it meets it
            if (tables.machines().state(m) != MachineDirectory.FREE && null == tables.machines().entryProblem(m))
            {
                return false;
            }
        }
        return true;
    }

    /**
     * Stop cleanly: shut the system down (every machine is logged off, peers told), then remove the namespace.
     */
    public synchronized void close()
    {
        if (closing)
        {
            return;
        }
        final SystemTables tables = conductor.tables();
        if (!tables.isShutdown())
        {
            requestShutdown();
        }
        final long deadline = System.currentTimeMillis() + options.controlTimeoutMs();
        while (!noMachines(tables) && System.currentTimeMillis() < deadline)
        {
            try
            {
                Thread.sleep(5);
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
                break;
            }
        }
        closing = true;
        runner.close();
        journal.close();
        // only what the system created goes: the journal, its damaged copies and foreign files stay
        final boolean foreign = !SystemFiles.cleanup(ns.directory(), log).isEmpty();
        ns.close();
        lock.close();
        stopped.countDown();
        log.log("CP stopped; namespace " + (foreign ? "cleaned" : "removed") + ", journal kept in " +
            ns.directory().resolve(JournalConfig.DIRECTORY));
    }

    private void requestShutdown()
    {
        RingFiles.requestShutdown(ns);
    }

    /**
     * Stop without cleaning up, as a crash would (for tests of recovery within one JVM; not for production use).
     */
    public synchronized void abandon()
    {
        closing = true;
        runner.close();
        journal.close();
        ns.close();
        lock.close();
        stopped.countDown();
    }
}
