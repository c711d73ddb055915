package org.vmiucv.engine.system;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

import org.agrona.concurrent.AgentRunner;
import org.vmiucv.engine.ConnectOptions;
import org.vmiucv.engine.IucvException;
import org.vmiucv.engine.MachineHandler;
import org.vmiucv.engine.MachineId;
import org.vmiucv.engine.MachineInfo;
import org.vmiucv.engine.PathId;
import org.vmiucv.engine.PathInfo;
import org.vmiucv.engine.SmsgText;
import org.vmiucv.engine.Supervisor;
import org.vmiucv.engine.UserData;

/**
 * A whole system in one JVM: the CP on one agent thread, every machine on a host agent thread, over heap buffers
 * laid out exactly as the shared-memory files are.
 */
public final class EmbeddedSystem implements Supervisor
{
    private static final AtomicInteger COUNT = new AtomicInteger();

    private final HeapNamespace ns;
    private final AgentRunner cpRunner;
    private final SystemClient client;
    private final SystemOptions options;
    private final SystemLog log;
    private final java.util.List<SystemClient> extraHosts = new java.util.concurrent.CopyOnWriteArrayList<>();

    private EmbeddedSystem(final HeapNamespace ns, final AgentRunner cpRunner, final SystemClient client,
        final SystemOptions options, final SystemLog log)
    {
        this.options = options;
        this.log = log;
        this.ns = ns;
        this.cpRunner = cpRunner;
        this.client = client;
    }

    /**
     * Start an embedded system.
     *
     * @param options sizes, timeouts, idle strategy.
     * @return the running system.
     */
    public static EmbeddedSystem start(final SystemOptions options)
    {
        return start(options, SystemLog.NONE);
    }

    /**
     * Start an embedded system that reports to a log.
     *
     * @param options sizes, timeouts, idle strategy.
     * @param log     where the CP and host report.
     * @return the running system.
     */
    public static EmbeddedSystem start(final SystemOptions options, final SystemLog log)
    {
        final HeapNamespace ns = new HeapNamespace("embedded system " + COUNT.incrementAndGet());
        final SupervisorConductor cp = SupervisorConductor.create(ns, options, log);
        final AgentRunner cpRunner = new AgentRunner(options.newIdleStrategy(), t -> log.log("CP error: " + t), null, cp);
        AgentRunner.startOnThread(cpRunner, r ->
        {
            final Thread t = new Thread(r);
            t.setDaemon(true);
            return t;
        });
        try
        {
            return new EmbeddedSystem(ns, cpRunner, SystemClient.attach(ns, options, log), options, log);
        }
        catch (final IucvException ex)
        {
            cpRunner.close();
            throw new IllegalStateException("embedded system failed to start: " + ex.getMessage(), ex);
        }
    }

    /**
     * Attach one more host: its machines run on a thread of their own, as if in another process.
     *
     * @return a client with the same API, closed with the system.
     * @throws IucvException if the system is down or out of client slots.
     */
    public SystemClient attachHost() throws IucvException
    {
        return attachHost(options);
    }

    /**
     * Attach one more host with options of its own, such as {@link SystemOptions#hostInvoker(boolean)} to run its
     * machines on the caller's thread. The table sizes are the system's: only the host's own settings apply.
     *
     * @param hostOptions the host's idle strategy, invoker mode and timeouts.
     * @return a client with the same API, closed with the system.
     * @throws IucvException if the system is down or out of client slots.
     */
    public SystemClient attachHost(final SystemOptions hostOptions) throws IucvException
    {
        final SystemClient extra = SystemClient.attach(ns, hostOptions, log);
        extraHosts.add(extra);
        return extra;
    }

    /** {@inheritDoc} */
    public void ipl(final MachineId name, final MachineHandler handler) throws IucvException
    {
        client.ipl(name, handler);
    }

    /** {@inheritDoc} */
    public void logoff(final MachineId name) throws IucvException
    {
        client.logoff(name);
    }

    /** {@inheritDoc} */
    public void smsg(final MachineId from, final MachineId to, final SmsgText text) throws IucvException
    {
        client.smsg(from, to, text);
    }

    /** {@inheritDoc} */
    public PathId connect(final MachineId from, final MachineId to, final ConnectOptions options)
        throws IucvException
    {
        return client.connect(from, to, options);
    }

    /** {@inheritDoc} */
    public CompletableFuture<PathId> connectAsync(final MachineId from, final MachineId to,
        final ConnectOptions options)
    {
        return client.connectAsync(from, to, options);
    }

    /** {@inheritDoc} */
    public <T> CompletableFuture<T> execute(final MachineId machine,
        final java.util.function.Function<org.vmiucv.engine.MachineContext, T> action)
    {
        return client.execute(machine, action);
    }

    /** {@inheritDoc} */
    public void sever(final PathId path, final UserData userData) throws IucvException
    {
        client.sever(path, userData);
    }

    /** {@inheritDoc} */
    public void sever(final PathId path, final MachineId by, final UserData userData) throws IucvException
    {
        client.sever(path, by, userData);
    }

    /** {@inheritDoc} */
    public List<MachineInfo> queryNames() throws IucvException
    {
        return client.queryNames();
    }

    /** {@inheritDoc} */
    public List<PathInfo> queryPaths() throws IucvException
    {
        return client.queryPaths();
    }

    /** {@inheritDoc} */
    public void shutdown() throws IucvException
    {
        client.shutdown();
    }

    /**
     * @return the namespace holding this system's tables and inboxes, for tests and tools that inspect them or
     *         write into them as a faulty process would.
     */
    public Namespace namespace()
    {
        return ns;
    }

    /**
     * @return the shared tables of this system.
     */
    public org.vmiucv.engine.layout.SystemTables tables()
    {
        return client.tables();
    }

    /** {@inheritDoc} */
    public void close()
    {
        try
        {
            if (!client.tables().isShutdown())
            {
                client.shutdown();
            }
        }
        catch (final IucvException ignore)
        {
            // already down: nothing left to log off
        }
        for (final SystemClient extra : extraHosts)
        {
            extra.close();
        }
        client.close();
        cpRunner.close();
        ns.close();
    }
}
