package org.vmiucv.engine.system;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import org.agrona.concurrent.AgentInvoker;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.AtomicBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.ManyToOneRingBuffer;
import org.vmiucv.engine.ConnectOptions;
import org.vmiucv.engine.IucvException;
import org.vmiucv.engine.MachineHandler;
import org.vmiucv.engine.MachineId;
import org.vmiucv.engine.MachineInfo;
import org.vmiucv.engine.PathId;
import org.vmiucv.engine.PathInfo;
import org.vmiucv.engine.ReturnCode;
import org.vmiucv.engine.SmsgText;
import org.vmiucv.engine.Supervisor;
import org.vmiucv.engine.UserData;
import org.vmiucv.engine.layout.ControlFlyweight;
import org.vmiucv.engine.layout.FrameDescriptor;
import org.vmiucv.engine.layout.FrameType;
import org.vmiucv.engine.layout.SystemTables;

/**
 * A process attached to a system: the {@link Supervisor} API over the control ring, plus a {@link MachineHost}
 * agent that runs the machines this process IPLs. Thread safe; blocking calls have deadlines.
 * <p>
 * {@link #close()} may race any other call: every public method that touches mapped memory enters a guard (an
 * in-flight counter checked against the closed flag), close waits for the calls inside to leave and only then
 * unmaps. A call that starts during or after close fails with RC 32 "this client is closed" (or
 * {@link IllegalStateException} where the method throws no {@link IucvException}); nothing is unmapped while a
 * thread may still touch it, because touching an unmapped buffer crashes the JVM.
 */
public final class SystemClient implements Supervisor
{
    private final Namespace ns;
    private final SystemOptions options;
    private final SystemLog log;
    private final SystemTables tables;
    private final ManyToOneRingBuffer control;
    private final String ringName;
    private final MachineHost host;
    private final AgentRunner runner;
    private final AgentInvoker invoker;
    private final InboxDirectory apiInboxes;
    private final ControlFlyweight encoder = new ControlFlyweight();
    private final UnsafeBuffer encodeBuffer = new UnsafeBuffer(ByteBuffer.allocateDirect(1024));
    private final AtomicLong nextCorrelation = new AtomicLong(ThreadLocalRandom.current().nextInt(1, 1 << 30));
    private final long pid = ProcessHandle.current().pid();
    /** Calls inside a guarded method; close unmaps only once this is zero. */
    private final AtomicInteger inFlight = new AtomicInteger();
    private volatile boolean closed;
    private volatile boolean closeNamespace;

    /** How long close waits for calls in flight to leave before it leaks the mappings instead of unmapping them. */
    private static final long CLOSE_DRAIN_MS = 2_000;

    private SystemClient(final Namespace ns, final SystemOptions options, final SystemLog log,
        final SystemTables tables, final ManyToOneRingBuffer control, final String ringName,
        final ManyToOneRingBuffer responses, final int clientSlot, final int clientGeneration)
    {
        this.ns = ns;
        this.options = options;
        this.log = log;
        this.tables = tables;
        this.control = control;
        this.ringName = ringName;
        this.host = new MachineHost(ns, options, log, tables, clientSlot, clientGeneration, responses, control);
        this.apiInboxes = new InboxDirectory(ns, tables.machines());
        if (options.hostInvoker())
        {
            this.runner = null;
            this.invoker = new AgentInvoker(t -> log.log("host error: " + t), null, host);
            invoker.start();
        }
        else
        {
            this.invoker = null;
            this.runner = new AgentRunner(options.newIdleStrategy(), t -> log.log("host error: " + t), null, host);
            AgentRunner.startOnThread(runner, r ->
            {
                final Thread t = new Thread(r);
                t.setDaemon(true);
                return t;
            });
        }
    }

    /**
     * Run one pass of this process's host on the calling thread: responses from the Supervisor, every machine's
     * inbox (and so every handler callback), reply deadlines, the heartbeat. Only with
     * {@link SystemOptions#hostInvoker(boolean)}; call it from one thread at a time and often (the heartbeat must
     * beat within the system's heartbeat timeout, 10 s by default). Allocates nothing in steady state.
     *
     * @return the work done, 0 if there was nothing to do (feed it to an idle strategy).
     * @throws IllegalStateException if this client runs its own host thread, or is closed.
     */
    public int invokeHost()
    {
        if (null == invoker)
        {
            throw new IllegalStateException("this client runs its own host thread; invokeHost() needs " +
                "SystemOptions.hostInvoker(true)");
        }
        inFlight.getAndIncrement();
        try
        {
            if (closed)
            {
                throw new IllegalStateException("this client is closed");
            }
            host.bindCurrentThread();
            return invoker.invoke();
        }
        finally
        {
            inFlight.getAndDecrement();
        }
    }

    /**
     * Enter a guarded call: from here until {@link #leave()} close() does not unmap anything.
     *
     * @throws IucvException 32 if this client is closed or closing.
     */
    private void enter() throws IucvException
    {
        inFlight.getAndIncrement();
        if (closed)
        {
            inFlight.getAndDecrement();
            throw closedException();
        }
    }

    /**
     * @return true if the call may go on (then {@link #leave()} must follow), false if this client is closed.
     */
    private boolean tryEnter()
    {
        inFlight.getAndIncrement();
        if (closed)
        {
            inFlight.getAndDecrement();
            return false;
        }
        return true;
    }

    private void leave()
    {
        inFlight.getAndDecrement();
    }

    private static IucvException closedException()
    {
        return new IucvException(ReturnCode.SUPERVISOR_DOWN, "this client is closed");
    }

    /**
     * Attach this process to a running system.
     *
     * @param ns      the system's namespace.
     * @param options timeouts, ring sizes and idle strategy.
     * @param log     where to report.
     * @return the client.
     * @throws IucvException 32 if no Supervisor is running, 44 if no process slot is free.
     */
    public static SystemClient attach(final Namespace ns, final SystemOptions options, final SystemLog log)
        throws IucvException
    {
        final SystemTables tables;
        final ManyToOneRingBuffer control;
        try
        {
            tables = new SystemTables(SupervisorConductor.openTables(ns));
            control = RingFiles.open(ns, RingFiles.CONTROL);
        }
        catch (final NamespaceException ex)
        {
            throw TablesQuery.unusable(ex,
                ex.reason() == NamespaceException.Reason.NOT_FOUND ? "no system in " + ns.describe() +
                " (start one with: iucv supervisor)" : ex.getMessage());
        }
        final String down = supervisorProblem(tables, options);
        if (null != down)
        {
            throw new IucvException(ReturnCode.SUPERVISOR_DOWN, down);
        }
        final long pid = ProcessHandle.current().pid();
        final long key = (pid << 24) ^ ThreadLocalRandom.current().nextLong(1, 1L << 40);
        final String ringName = RingFiles.clientRing(key);
        final ManyToOneRingBuffer responses;
        try
        {
            responses = RingFiles.create(ns, ringName, options.clientRingCapacity(), pid, System.currentTimeMillis());
        }
        catch (final RuntimeException ex)
        {
            throw new IucvException(ReturnCode.RESOURCES_EXHAUSTED, "cannot create " + ringName + ": " + ex.getMessage());
        }
        final ControlFlyweight f = new ControlFlyweight();
        final UnsafeBuffer b = new UnsafeBuffer(ByteBuffer.allocateDirect(256));
        f.wrapForEncode(b, 0).header().put(-1, 0, 0, 1);
        f.name(key).auxLong(pid).clientSlot(-1);
        final long deadline = System.currentTimeMillis() + options.controlTimeoutMs();
        while (!control.write(FrameType.REGISTER_REQ, b, 0, f.length()))
        {
            waitOrFail(deadline, ns, ringName, "the control ring stayed full");
        }
        final int[] slot = {-1};
        final int[] generation = {0};
        final int[] rc = {-1};
        final String[] text = {""};
        while (rc[0] < 0)
        {
            responses.read((type, buffer, index, length) ->
            {
                final ControlFlyweight r = new ControlFlyweight().wrap(buffer, index, length);
                if (type == FrameType.RESPONSE && r.isComplete() && r.header().messageId() == 1)
                {
                    rc[0] = r.rc();
                    slot[0] = r.auxInt();
                    generation[0] = (int)r.auxLong();
                    text[0] = r.text();
                }
            });
            if (rc[0] < 0)
            {
                final String problem = supervisorProblem(tables, options);
                if (null != problem)
                {
                    ns.release(ringName);
                    ns.delete(ringName);
                    throw new IucvException(ReturnCode.SUPERVISOR_DOWN, problem);
                }
                waitOrFail(deadline, ns, ringName, "the Supervisor did not answer");
            }
        }
        if (rc[0] != 0)
        {
            ns.release(ringName);
            ns.delete(ringName);
            throw new IucvException(ReturnCode.of(rc[0]), text[0]);
        }
        return new SystemClient(ns, options, log, tables, control, ringName, responses, slot[0], generation[0]);
    }

    private static void waitOrFail(final long deadline, final Namespace ns, final String ringName, final String why)
        throws IucvException
    {
        if (System.currentTimeMillis() > deadline)
        {
            ns.release(ringName);
            ns.delete(ringName);
            throw new IucvException(ReturnCode.SUPERVISOR_DOWN, why + " within the deadline");
        }
        try
        {
            Thread.sleep(1);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new IucvException(ReturnCode.SUPERVISOR_DOWN, "interrupted while attaching");
        }
    }

    /**
     * @param tables  the tables.
     * @param options timeouts.
     * @return null if a Supervisor is alive, else why not.
     */
    static String supervisorProblem(final SystemTables tables, final SystemOptions options)
    {
        final long spid = tables.supervisorPid();
        if (0 == spid)
        {
            return "no Supervisor is running (start one with: iucv supervisor)";
        }
        final long silentMs = System.currentTimeMillis() - tables.supervisorHeartbeatMs();
        if (silentMs > options.heartbeatTimeoutMs())
        {
            return "the Supervisor (pid " + spid + ") has not beaten its heartbeat for " + silentMs + " ms";
        }
        if (spid != ProcessHandle.current().pid() &&
            !ProcessHandle.of(spid).map(ProcessHandle::isAlive).orElse(false))
        {
            return "the Supervisor (pid " + spid + ") is dead";
        }
        return null;
    }

    /**
     * Make {@link #close()} also close the namespace (for a client that opened the namespace for itself).
     *
     * @return this.
     */
    public SystemClient closeNamespaceOnClose()
    {
        closeNamespace = true;
        return this;
    }

    /**
     * @return null if the Supervisor is alive, else why not (for hosts that want to notice a dead CP); "this client
     *         is closed" during and after {@link #close()}.
     */
    public String supervisorProblem()
    {
        if (!tryEnter())
        {
            return "this client is closed";
        }
        try
        {
            return tables.isShutdown() ? "the system is shut down" : supervisorProblem(tables, options);
        }
        finally
        {
            leave();
        }
    }

    /**
     * A process stopped (SIGSTOP, a debugger, a long pause) past the heartbeat timeout is reaped by the Supervisor:
     * its machines are logged off and its client slot may go to another process. When it runs again its host finds
     * out within a heartbeat interval, gives each machine onLogoff and drops them ({@link #hostedMachines()} becomes
     * 0); every request after that fails with RC 32 and this text. The host does not log it: report it from here.
     *
     * @return null while this process is attached, else why it was reaped.
     */
    public String reaped()
    {
        if (!tryEnter())
        {
            return host.reaped();
        }
        try
        {
            return host.checkSlot();
        }
        finally
        {
            leave();
        }
    }

    /**
     * @return true once the system's tables say it is shut down (an {@code iucv shutdown} was accepted).
     * @throws IllegalStateException if this client is closed.
     */
    public boolean isShutdown()
    {
        if (!tryEnter())
        {
            throw new IllegalStateException("this client is closed");
        }
        try
        {
            return tables.isShutdown();
        }
        finally
        {
            leave();
        }
    }

    /**
     * @return pid of the Supervisor in the tables, 0 if none.
     * @throws IllegalStateException if this client is closed.
     */
    public long supervisorPid()
    {
        if (!tryEnter())
        {
            throw new IllegalStateException("this client is closed");
        }
        try
        {
            return tables.supervisorPid();
        }
        finally
        {
            leave();
        }
    }

    /**
     * The shared tables, for tools and tests that read them directly. They are unmapped by {@link #close()}: use
     * them only while this client is open and from a thread that does not race close (touching them afterwards
     * crashes the JVM). Prefer {@link #supervisorProblem()}, {@link #supervisorPid()}, {@link #isShutdown()} and the
     * queries, which are safe at any time.
     *
     * @return the shared tables.
     * @throws IllegalStateException if this client is closed.
     */
    public SystemTables tables()
    {
        if (closed)
        {
            throw new IllegalStateException("this client is closed");
        }
        return tables;
    }

    /**
     * @return number of machines hosted by this process, 0 once this client is closed.
     */
    public int hostedMachines()
    {
        return closed ? 0 : host.machineCount();
    }

    private void checkUp() throws IucvException
    {
        if (closed)
        {
            throw new IucvException(ReturnCode.SUPERVISOR_DOWN, "this client is closed");
        }
        if (tables.isShutdown())
        {
            throw new IucvException(ReturnCode.SUPERVISOR_DOWN, "the system is shut down");
        }
        final String problem = supervisorProblem(tables, options);
        if (null != problem)
        {
            throw new IucvException(ReturnCode.SUPERVISOR_DOWN, problem);
        }
        final String reaped = host.checkSlot();
        if (null != reaped)
        {
            throw new IucvException(ReturnCode.SUPERVISOR_DOWN, reaped);
        }
    }

    private void notFromHandler(final String what) throws IucvException
    {
        if (host.inCallback())
        {
            throw new IucvException(ReturnCode.INVALID_PARAMETER,
                what + "() blocks and cannot be called from a handler callback; use connectAsync or another thread");
        }
    }

    private CompletableFuture<ControlResponse> submit(final int type, final int sourceSlot, final long path,
        final Consumer<ControlFlyweight> fill, final MachineHost.PendingRequest request) throws IucvException
    {
        enter();
        try
        {
            return submitEntered(type, sourceSlot, path, fill, request);
        }
        finally
        {
            leave();
        }
    }

    private CompletableFuture<ControlResponse> submitEntered(final int type, final int sourceSlot, final long path,
        final Consumer<ControlFlyweight> fill, final MachineHost.PendingRequest request) throws IucvException
    {
        checkUp();
        final long corr = nextCorrelation.incrementAndGet();
        request.corr = corr;
        host.requests().put(corr, request);
        synchronized (encoder)
        {
            encoder.wrapForEncode(encodeBuffer, 0).header().put(sourceSlot, 0, path, corr);
            encoder.clientSlot(clientSlotOfHost()).clientGeneration(host.clientGeneration());
            fill.accept(encoder);
            final long deadline = System.currentTimeMillis() + options.controlTimeoutMs();
            while (!control.write(type, encodeBuffer, 0, encoder.length()))
            {
                if (closed)
                {
                    host.requests().remove(corr);
                    throw closedException();
                }
                if (System.currentTimeMillis() > deadline)
                {
                    host.requests().remove(corr);
                    throw new IucvException(ReturnCode.SUPERVISOR_DOWN,
                        "the control ring stayed full for " + options.controlTimeoutMs() + " ms");
                }
                Thread.onSpinWait();
            }
        }
        request.future.whenComplete((r, t) -> host.requests().remove(corr));
        return request.future;
    }

    private int clientSlotOfHost()
    {
        return host.clientSlot();
    }

    private ControlResponse await(final CompletableFuture<ControlResponse> future, final String what)
        throws IucvException
    {
        return await(future, what, null);
    }

    /**
     * @param target for a CONNECT, its target: the CP answers only once the target's handler has decided, so a
     *               CONNECT that times out while the Supervisor is alive means the target did not answer.
     */
    private ControlResponse await(final CompletableFuture<ControlResponse> future, final String what,
        final MachineId target) throws IucvException
    {
        enter();
        try
        {
            return awaitEntered(future, what, target);
        }
        finally
        {
            leave();
        }
    }

    private ControlResponse awaitEntered(final CompletableFuture<ControlResponse> future, final String what,
        final MachineId target) throws IucvException
    {
        final long deadline = System.currentTimeMillis() + options.controlTimeoutMs();
        while (true)
        {
            try
            {
                return null == invoker || !host.isHostThread() ? future.get(20, TimeUnit.MILLISECONDS) :
                    invokeUntil(future, 20);
            }
            catch (final TimeoutException ex)
            {
                if (closed)
                {
                    future.cancel(false);
                    throw closedException();
                }
                String problem = supervisorProblem(tables, options);
                if (null == problem)
                {
                    problem = host.checkSlot(); // reaped while waiting: no answer will come
                }
                if (null != problem || System.currentTimeMillis() > deadline)
                {
                    future.cancel(false);
                    // the CP beats every heartbeat interval: a fresh beat means it runs, and waits for the target
                    if (null == problem && null != target && System.currentTimeMillis() -
                        tables.supervisorHeartbeatMs() <= Math.max(1000L, 10L * options.heartbeatIntervalMs()))
                    {
                        throw new IucvException(ReturnCode.DELIVERY_FAILED, what + ": the target " + target +
                            " did not answer within " + options.controlTimeoutMs() + " ms (the Supervisor is up; " +
                            "is the process hosting " + target + " stopped or busy?)" + (what.startsWith("LOGOFF") ?
                            "; " + target + " stays LOGGING_OFF: the LOGOFF completes when that process runs again, " +
                            "or the Supervisor reaps the process after " + tables.heartbeatTimeoutMs() +
                            " ms without a heartbeat" : "; the CONNECT was withdrawn: no path is left"));
                    }
                    throw new IucvException(ReturnCode.SUPERVISOR_DOWN, null != problem ? problem :
                        "no answer to " + what + " from the Supervisor within " + options.controlTimeoutMs() + " ms");
                }
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
                throw new IucvException(ReturnCode.SUPERVISOR_DOWN, "interrupted while waiting for " + what);
            }
            catch (final ExecutionException ex)
            {
                if (closed)
                {
                    throw closedException(); // close() failed the request
                }
                throw new IucvException(ReturnCode.DELIVERY_FAILED, what + " failed: " + ex.getCause());
            }
        }
    }

    /**
     * Drive this process's host on the caller's thread until the future is done or the time is up.
     */
    private <T> T invokeUntil(final CompletableFuture<T> future, final long ms)
        throws TimeoutException, ExecutionException, InterruptedException
    {
        final long deadline = System.nanoTime() + ms * 1_000_000L;
        final org.agrona.concurrent.IdleStrategy idle = options.newIdleStrategy();
        while (!future.isDone())
        {
            if (closed || System.nanoTime() > deadline)
            {
                throw new TimeoutException();
            }
            idle.idle(invokeHost());
        }
        return future.get();
    }

    /** {@inheritDoc} */
    public void ipl(final MachineId name, final MachineHandler handler) throws IucvException
    {
        if (null == name || null == handler)
        {
            throw new IucvException(ReturnCode.INVALID_PARAMETER, "ipl needs a machine name and a handler");
        }
        notFromHandler("ipl");
        final MachineHost.PendingRequest request = new MachineHost.PendingRequest(name, handler);
        await(submit(FrameType.IPL_REQ, -1, 0, f -> f.name(name.packed()), request), "IPL " + name).orThrow();
    }

    /** {@inheritDoc} */
    public void logoff(final MachineId name) throws IucvException
    {
        notFromHandler("logoff");
        final MachineHost.PendingRequest request = new MachineHost.PendingRequest(name, null);
        // a machine of this process is named by slot and generation too: should it have been logged off meanwhile
        // (and its name taken by a machine elsewhere), the CP refuses instead of logging that other machine off
        final long hosted = host.hostedSlot(name);
        final int slot = hosted < 0 ? -1 : (int)(hosted >>> 32);
        // the CP answers a LOGOFF once the machine's handler has run onLogoff: like a CONNECT, it waits for a target
        await(submit(FrameType.LOGOFF_REQ, slot, 0, f -> f.name(name.packed()).auxInt((int)hosted), request),
            "LOGOFF " + name, name).orThrow();
    }

    /** {@inheritDoc} */
    public void smsg(final MachineId from, final MachineId to, final SmsgText text) throws IucvException
    {
        enter();
        try
        {
            smsgEntered(from, to, text);
        }
        finally
        {
            leave();
        }
    }

    private void smsgEntered(final MachineId from, final MachineId to, final SmsgText text) throws IucvException
    {
        if (tables.isShutdown())
        {
            throw new IucvException(ReturnCode.SUPERVISOR_DOWN, "the system is shut down");
        }
        synchronized (apiInboxes)
        {
            final int slot = apiInboxes.slotOf(to.packed());
            final ManyToOneRingBuffer ring = slot < 0 ? null : apiInboxes.inbox(slot);
            if (null == ring)
            {
                // garbage in the machine table hides machines that are logged on: say that, not "not logged on"
                final String corrupt = TablesQuery.firstProblem(tables, RingFiles.TABLES + " in " + ns.describe());
                if (null != corrupt)
                {
                    throw new IucvException(ReturnCode.INVALID_PARAMETER, "machine " + to + " was not found: " +
                        corrupt + "; " + TablesQuery.AFTER_CORRUPTION);
                }
                throw new IucvException(ReturnCode.MACHINE_NOT_FOUND, "machine " + to + " is not logged on");
            }
            final String s = text.toString();
            final int index = ring.tryClaim(FrameType.SMSG, FrameDescriptor.HEADER_LENGTH + 8 + s.length());
            if (index < 0)
            {
                throw new IucvException(ReturnCode.CHANNEL_BUSY,
                    "the inbox of " + to + " is full; the SMSG was not delivered");
            }
            final AtomicBuffer buffer = ring.buffer();
            buffer.putInt(index + FrameDescriptor.SOURCE_SLOT_OFFSET, -1);
            buffer.putInt(index + FrameDescriptor.FLAGS_OFFSET, 0);
            buffer.putLong(index + FrameDescriptor.PATH_OFFSET, 0);
            buffer.putLong(index + FrameDescriptor.MESSAGE_ID_OFFSET, 0);
            buffer.putLong(index + FrameDescriptor.HEADER_LENGTH, from.packed());
            buffer.putStringWithoutLengthAscii(index + FrameDescriptor.HEADER_LENGTH + 8, s);
            ring.commit(index);
            if (tables.traceData())
            {
                traceSmsg(from, to, buffer, index + FrameDescriptor.HEADER_LENGTH + 8, s.length());
            }
        }
    }

    private void traceSmsg(final MachineId from, final MachineId to, final AtomicBuffer src, final int offset,
        final int length)
    {
        synchronized (encoder)
        {
            encoder.wrapForEncode(encodeBuffer, 0).header().put(-1, 0, 0, 0);
            encoder.clientSlot(clientSlotOfHost()).clientGeneration(host.clientGeneration()).auxInt(FrameType.SMSG).name(to.packed()).auxLong(length)
                .textBytes(src, offset, Math.min(16, length));
            // no machine slot for an API sender: its name travels in the user-data field
            encodeBuffer.putLong(FrameDescriptor.HEADER_LENGTH + org.vmiucv.engine.layout.ControlDescriptor.USER_DATA_OFFSET,
                from.packed());
            control.write(FrameType.DATA_TRACE, encodeBuffer, 0, encoder.length());
        }
    }

    /** {@inheritDoc} */
    public PathId connect(final MachineId from, final MachineId to, final ConnectOptions options) throws IucvException
    {
        notFromHandler("connect");
        final MachineHost.PendingRequest request = new MachineHost.PendingRequest(null, null, from);
        final ControlResponse r;
        try
        {
            r = await(requestConnect(from, to, options, request), "CONNECT " + from + " " + to, to);
        }
        catch (final IucvException ex)
        {
            request.future.cancel(false);
            withdrawConnect(request);
            throw ex;
        }
        return PathId.fromPacked(r.orThrow().path());
    }

    /**
     * A CONNECT reported failed (no answer in time) must not complete later: ask the CP to sever the path it holds
     * pending for this request (as a refusal: the target, if it saw the PENDING, is told SEVERED), and have the
     * host sever the path should the CP have established it already.
     */
    private void withdrawConnect(final MachineHost.PendingRequest request)
    {
        final long corr = request.corr;
        if (0 == corr || closed || null != host.checkSlot() || !request.future.isCompletedExceptionally())
        {
            return; // never sent, or answered after all (the answer stands: it was not reported failed)
        }
        if (!tryEnter())
        {
            return;
        }
        try
        {
            host.connectWithdrawn(corr);
            synchronized (encoder)
            {
                encoder.wrapForEncode(encodeBuffer, 0).header().put(-1, 0, 0, 0);
                encoder.clientSlot(clientSlotOfHost()).clientGeneration(host.clientGeneration()).auxLong(corr);
                control.write(FrameType.SEVER_REQ, encodeBuffer, 0, encoder.length());
            }
        }
        finally
        {
            leave();
        }
    }

    private CompletableFuture<ControlResponse> requestConnect(
        final MachineId from, final MachineId to, final ConnectOptions options) throws IucvException
    {
        return requestConnect(from, to, options, new MachineHost.PendingRequest(null, null, from));
    }

    private CompletableFuture<ControlResponse> requestConnect(final MachineId from, final MachineId to,
        final ConnectOptions options, final MachineHost.PendingRequest request) throws IucvException
    {
        final ConnectOptions o = null == options ? ConnectOptions.DEFAULT : options;
        host.connectRequested();
        try
        {
            return submit(FrameType.CONNECT_REQ, -1, 0,
                f -> f.name(to.packed()).auxLong(from.packed()).msglim(o.msglim()).userData(o.userData()),
                request);
        }
        catch (final IucvException ex)
        {
            host.connectAbandoned();
            throw ex;
        }
    }

    /** {@inheritDoc} */
    public CompletableFuture<PathId> connectAsync(final MachineId from, final MachineId to,
        final ConnectOptions options)
    {
        try
        {
            final MachineHost.PendingRequest request = new MachineHost.PendingRequest(null, null, from);
            return requestConnect(from, to, options, request)
                .orTimeout(this.options.controlTimeoutMs(), TimeUnit.MILLISECONDS)
                .whenComplete((r, t) ->
                {
                    if (t instanceof TimeoutException)
                    {
                        withdrawConnect(request); // reported failed: it must not complete later
                    }
                })
                .thenApply(r ->
                {
                    try
                    {
                        return PathId.fromPacked(r.orThrow().path());
                    }
                    catch (final IucvException ex)
                    {
                        throw new CompletionException(ex);
                    }
                });
        }
        catch (final IucvException ex)
        {
            return CompletableFuture.failedFuture(ex);
        }
    }

    /** {@inheritDoc} */
    public <T> CompletableFuture<T> execute(final MachineId machine,
        final java.util.function.Function<org.vmiucv.engine.MachineContext, T> action)
    {
        if (closed)
        {
            return CompletableFuture.failedFuture(closedException());
        }
        final CompletableFuture<T> future = host.execute(machine, action);
        if (closed)
        {
            // close may have stopped the host before it ran the task: nobody would complete the future
            future.completeExceptionally(closedException());
        }
        return future;
    }

    /** {@inheritDoc} */
    public void sever(final PathId path, final UserData userData) throws IucvException
    {
        notFromHandler("sever");
        final UserData ud = null == userData ? UserData.EMPTY : userData;
        await(submit(FrameType.SEVER_REQ, -1, path.packed(), f -> f.userData(ud),
            new MachineHost.PendingRequest(null, null)), "SEVER " + path).orThrow();
    }

    /** {@inheritDoc} */
    public void sever(final PathId path, final MachineId by, final UserData userData) throws IucvException
    {
        notFromHandler("sever");
        checkUp();
        final int slot;
        synchronized (apiInboxes)
        {
            slot = apiInboxes.slotOf(by.packed());
        }
        if (slot < 0)
        {
            throw new IucvException(ReturnCode.MACHINE_NOT_FOUND, "machine " + by + " is not logged on");
        }
        final UserData ud = null == userData ? UserData.EMPTY : userData;
        // sent as from that end: the CP checks that it is an end of the path and tells only the other end
        await(submit(FrameType.SEVER_REQ, slot, path.packed(), f -> f.userData(ud),
            new MachineHost.PendingRequest(null, null)), "SEVER " + path + " by " + by).orThrow();
    }

    /** {@inheritDoc} */
    public List<MachineInfo> queryNames() throws IucvException
    {
        enter();
        try
        {
            return queryNamesEntered();
        }
        finally
        {
            leave();
        }
    }

    private List<MachineInfo> queryNamesEntered() throws IucvException
    {
        checkUp();
        return TablesQuery.names(tables, RingFiles.TABLES + " in " + ns.describe());
    }

    /** {@inheritDoc} */
    public List<PathInfo> queryPaths() throws IucvException
    {
        enter();
        try
        {
            return queryPathsEntered();
        }
        finally
        {
            leave();
        }
    }

    private List<PathInfo> queryPathsEntered() throws IucvException
    {
        checkUp();
        return TablesQuery.paths(tables, RingFiles.TABLES + " in " + ns.describe());
    }

    /** {@inheritDoc} */
    public void shutdown() throws IucvException
    {
        notFromHandler("shutdown");
        try
        {
            await(submit(FrameType.SHUTDOWN_REQ, -1, 0, f -> { }, new MachineHost.PendingRequest(null, null)),
                "SHUTDOWN").orThrow();
        }
        catch (final IucvException ex)
        {
            // The CP answers and then stops; a wait that looks between two polls can see it gone (pid 0) before
            // the host has read the answer. A system marked shut down that has stopped did what was asked.
            if (ex.returnCode() != ReturnCode.SUPERVISOR_DOWN || !tables.isShutdown() || 0 != tables.supervisorPid())
            {
                throw ex;
            }
        }
    }

    /**
     * Detach: tell the Supervisor, stop the host agent, fail the requests still waiting with RC 32, wait (up to
     * 2 s) for the calls of other threads to leave, then unmap. If a call does not leave in time the mappings are
     * leaked rather than unmapped under it (and that is logged). Idempotent; safe to call from any thread, also
     * from a handler callback (then the teardown finishes on a thread of its own once the callback has returned).
     */
    public void close()
    {
        synchronized (inFlight)
        {
            if (closed)
            {
                return;
            }
            closed = true;
        }
        // a reaped process has no slot to give back (it may be another process's now); the Supervisor would drop
        // the request anyway, by its generation
        if (null == host.checkSlot())
        {
            host.markLeft();
            synchronized (encoder)
            {
                encoder.wrapForEncode(encodeBuffer, 0).header().put(-1, 0, 0, 0);
                encoder.clientSlot(clientSlotOfHost()).clientGeneration(host.clientGeneration());
                control.write(FrameType.UNREGISTER_REQ, encodeBuffer, 0, encoder.length());
            }
        }
        if (host.inCallback())
        {
            // this thread is the host's: it cannot wait for itself to stop polling
            final Thread t = new Thread(this::release, "iucv-close");
            t.setDaemon(true);
            t.start();
            return;
        }
        release();
    }

    /**
     * The second half of close: stop the host and unmap once no other thread can touch the mappings.
     */
    private void release()
    {
        final IucvException closedEx = closedException();
        host.requests().values().forEach(r -> r.future.completeExceptionally(closedEx));
        final long deadline = System.currentTimeMillis() + CLOSE_DRAIN_MS;
        boolean interrupted = false;
        while (inFlight.get() > 0 && System.currentTimeMillis() < deadline)
        {
            try
            {
                Thread.sleep(1); // calls inside notice closed within one 20 ms wait
            }
            catch (final InterruptedException ex)
            {
                interrupted = true;
            }
        }
        final boolean drained = inFlight.get() == 0;
        final boolean hostStopped;
        if (null != runner)
        {
            runner.close();
            hostStopped = runner.isClosed();
        }
        else if (drained)
        {
            invoker.close(); // nobody invokes any more: closed refuses new invokeHost calls
            hostStopped = true;
        }
        else
        {
            hostStopped = false;
        }
        // an execute() queued before closed was set may not have run before the host stopped: nobody would
        // complete it (execute itself fails the ones queued after)
        host.failQueued(closedEx);
        if (interrupted || Thread.interrupted())
        {
            Thread.currentThread().interrupt();
        }
        if (!drained || !hostStopped)
        {
            // unmapping now could crash the JVM under a thread that is still inside: leave the mappings to the OS
            log.log("detached from " + ns.describe() + " pid=" + pid + " without unmapping: " +
                (drained ? "the host thread did not stop" : inFlight.get() + " calls still inside after " +
                CLOSE_DRAIN_MS + " ms") + " (the mappings stay until the process ends)");
            return;
        }
        synchronized (apiInboxes)
        {
            apiInboxes.close();
        }
        ns.release(ringName);
        ns.release(RingFiles.CONTROL);
        ns.release(RingFiles.TABLES);
        if (closeNamespace)
        {
            ns.close();
        }
        log.log("detached from " + ns.describe() + " pid=" + pid);
    }
}
