package org.vmiucv.engine.system;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.collections.Long2ObjectHashMap;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.MessageHandler;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.ManyToOneRingBuffer;
import org.vmiucv.engine.MachineHandler;
import org.vmiucv.engine.MachineId;
import org.vmiucv.engine.ReturnCode;
import org.vmiucv.engine.layout.ControlFlyweight;
import org.vmiucv.engine.layout.FrameType;
import org.vmiucv.engine.layout.SystemTables;

/**
 * The agent that runs every machine of one process on one thread: it answers the CP's responses, drains each
 * machine's inbox, fires reply deadlines, beats the process's heartbeat and unblocks inboxes after a producer died.
 */
public final class MachineHost implements Agent
{
    private static final int POLL_LIMIT = 64;
    private static final long UNBLOCK_AFTER_NS = 1_000_000_000L;
    private static final int TRACE_BYTES = 16;
    private static final int HOT_LIMIT = 32;
    private static final int SLICE = 8;
    private static final long HOT_IDLE_CYCLES = 4096;
    private static final long CLOCK_EVERY_PASS_AFTER_IDLE = 64;

    /** A control request waiting for the CP's response. */
    static final class PendingRequest
    {
        final CompletableFuture<ControlResponse> future = new CompletableFuture<>();
        final MachineId name;
        final MachineHandler handler;
        final MachineId connectFrom;
        ControlResponse response;
        /** The correlation id the request went out with (set when it is sent). */
        volatile long corr;

        PendingRequest(final MachineId name, final MachineHandler handler)
        {
            this(name, handler, null);
        }

        PendingRequest(final MachineId name, final MachineHandler handler, final MachineId connectFrom)
        {
            this.name = name;
            this.handler = handler;
            this.connectFrom = connectFrom;
        }
    }

    private final Namespace ns;
    private final SystemOptions options;
    private final SystemLog log;
    private final SystemTables tables;
    private final int clientSlot;
    private final int clientGeneration;
    private final long pid = ProcessHandle.current().pid();
    private volatile long lastHeartbeatMs;
    private volatile String reaped;
    /** Set by {@link SystemClient#close()} before it sends UNREGISTER: the slot is given back, not taken away. */
    private volatile boolean left;
    private final ManyToOneRingBuffer responses;
    private final ManyToOneRingBuffer control;
    private final InboxDirectory inboxes;
    private final ArrayList<MachineRuntime> machines = new ArrayList<>();
    private final Long2ObjectHashMap<MachineId> names = new Long2ObjectHashMap<>();
    private long lastInterned;
    private MachineId lastInternedId;
    private final ConcurrentHashMap<Long, PendingRequest> requests = new ConcurrentHashMap<>();
    /** Packed name to machine slot (high) and generation (low) of each machine hosted here, read by other threads. */
    private final ConcurrentHashMap<Long, Long> hostedSlots = new ConcurrentHashMap<>();
    private final ControlFlyweight response = new ControlFlyweight();
    private final ControlFlyweight out = new ControlFlyweight();
    private final UnsafeBuffer scratch = new UnsafeBuffer(ByteBuffer.allocateDirect(1024));
    private final UnsafeBuffer frameScratch = new UnsafeBuffer(
        ByteBuffer.allocateDirect(org.vmiucv.engine.layout.FrameDescriptor.HEADER_LENGTH + MachineRuntime.SMALL_MESSAGE));
    private final MessageHandler responseHandler = this::onResponse;
    private final Long2ObjectHashMap<PendingRequest> awaitingComplete = new Long2ObjectHashMap<>();
    private final org.agrona.collections.LongHashSet earlyCompletes = new org.agrona.collections.LongHashSet();
    private final java.util.concurrent.atomic.AtomicInteger outstandingConnects =
        new java.util.concurrent.atomic.AtomicInteger();
    private int outType;
    private long nextHeartbeatNs;
    private long nextDeadlineCheckNs;
    private long passes;
    private volatile int machineCount;
    private final int[] hot = new int[HOT_LIMIT];
    private final long[] hotSince = new long[HOT_LIMIT];
    private int hotCount;
    private long pollCycles;
    private long emptyCycles;
    private boolean[] isHot = new boolean[64];
    private int cursor;
    private boolean traceData;
    private final ControlFlyweight traceOut = new ControlFlyweight();
    private final UnsafeBuffer traceScratch = new UnsafeBuffer(ByteBuffer.allocateDirect(256));
    private long traceDropped;
    private int deathEpoch;
    private long unblockUntilNs;
    private long[] stuckSinceNs = new long[0];
    private long[] stuckPosition = new long[0];
    private volatile Thread thread;
    private boolean working;
    /**
     * Actions queued by {@link #execute}. Many consumers: the host runs them, and {@link #failQueued} (close, on
     * another thread, maybe while the host still stops) fails the ones left; a poll hands each task to one of them.
     */
    private final java.util.concurrent.ConcurrentLinkedQueue<Task> tasks =
        new java.util.concurrent.ConcurrentLinkedQueue<>();

    /** An action for the host thread, with the future that must complete whether it runs or not. */
    private abstract static class Task implements Runnable
    {
        abstract void fail(Throwable cause);
    }

    MachineHost(final Namespace ns, final SystemOptions options, final SystemLog log, final SystemTables tables,
        final int clientSlot, final int clientGeneration, final ManyToOneRingBuffer responses,
        final ManyToOneRingBuffer control)
    {
        this.ns = ns;
        this.options = options;
        this.log = log;
        this.tables = tables;
        this.clientSlot = clientSlot;
        this.clientGeneration = clientGeneration;
        // the CP stamped the slot at REGISTER: until this host beats, the silence the CP sees counts from there
        this.lastHeartbeatMs = tables.clients().heartbeatMs(clientSlot);
        this.responses = responses;
        this.control = control;
        this.inboxes = new InboxDirectory(ns, tables.machines());
        this.deathEpoch = tables.deathEpoch();
        this.traceData = tables.traceData();
    }

    /** {@inheritDoc} */
    public String roleName()
    {
        return "iucv-host-" + clientSlot;
    }

    /** {@inheritDoc} */
    public void onStart()
    {
        thread = Thread.currentThread();
    }

    int clientSlot()
    {
        return clientSlot;
    }

    int clientGeneration()
    {
        return clientGeneration;
    }

    /**
     * @param name a machine name.
     * @return machine slot (high 32 bits) and generation (low) if this host runs that machine, else -1.
     */
    long hostedSlot(final MachineId name)
    {
        final Long slot = hostedSlots.get(name.packed());
        return null == slot ? -1 : slot;
    }

    /**
     * @return null while this process is attached; once the Supervisor reaped it (its machines were logged off and
     * its slot freed, maybe given to another process), why.
     */
    String reaped()
    {
        return reaped;
    }

    /**
     * Compare this process's slot in the client table with what REGISTER gave it. Reads three fields of the mapped
     * tables: called on the control plane and once per heartbeat interval, never per message.
     *
     * @return null if the slot is still ours, else why not.
     */
    String checkSlot()
    {
        if (null != reaped)
        {
            return reaped;
        }
        if (left)
        {
            return null; // this process gave its slot back (UNREGISTER): a freed slot is no reap
        }
        final org.vmiucv.engine.layout.ClientTable clients = tables.clients();
        if (clients.state(clientSlot) == org.vmiucv.engine.layout.ClientTable.ACTIVE &&
            clients.generation(clientSlot) == clientGeneration && clients.pid(clientSlot) == pid)
        {
            return null;
        }
        final long silentMs = System.currentTimeMillis() - lastHeartbeatMs;
        final long timeoutMs = tables.heartbeatTimeoutMs();
        return "DMSIUC032E this process (pid=" + pid + ") was reaped by the Supervisor " + (silentMs > timeoutMs ?
            "(no heartbeat for " + silentMs + " ms, the limit is " + timeoutMs + " ms)" :
            "(it no longer knows client " + clientSlot + " generation " + clientGeneration + ")") +
            "; its machines were logged off";
    }

    /**
     * This process is detaching: from now on its slot may be freed by the CP because it asked, which is no reap,
     * and it beats no more.
     */
    void markLeft()
    {
        left = true;
    }

    boolean isHostThread()
    {
        return Thread.currentThread() == thread;
    }

    /**
     * @return true on this host's thread while it runs a pass of its loop, that is inside a handler callback.
     */
    boolean inCallback()
    {
        return working && Thread.currentThread() == thread;
    }

    /**
     * An invoker may be driven from a thread other than the one that started it: follow it.
     */
    void bindCurrentThread()
    {
        final Thread current = Thread.currentThread();
        if (thread != current)
        {
            thread = current;
        }
    }

    SystemTables tables()
    {
        return tables;
    }

    InboxDirectory inboxes()
    {
        return inboxes;
    }

    /**
     * @return where a machine of this host frames a small message before writing it to a ring (host thread only).
     */
    UnsafeBuffer frameScratch()
    {
        return frameScratch;
    }

    SystemLog log()
    {
        return log;
    }

    long nanoTime()
    {
        return System.nanoTime();
    }

    ConcurrentHashMap<Long, PendingRequest> requests()
    {
        return requests;
    }

    /**
     * @param packed a packed name from a frame.
     * @return the interned id, or null if the bytes are not a valid name.
     */
    MachineId intern(final long packed)
    {
        if (packed == lastInterned && null != lastInternedId)
        {
            return lastInternedId; // a stream comes from one sender: skip the map
        }
        MachineId id = names.get(packed);
        if (null == id)
        {
            try
            {
                id = MachineId.fromPacked(packed);
            }
            catch (final IllegalArgumentException ex)
            {
                return null;
            }
            names.put(packed, id);
        }
        lastInterned = packed;
        lastInternedId = id;
        return id;
    }

    /**
     * Start a control frame from this thread; fill the payload, then {@link #sendControl()}.
     */
    ControlFlyweight beginControl(final int type, final int sourceSlot, final long path, final long corr)
    {
        outType = type;
        out.wrapForEncode(scratch, 0).header().put(sourceSlot, 0, path, corr);
        return out.clientSlot(clientSlot).clientGeneration(clientGeneration);
    }

    /**
     * @return true while the CP asks for the metadata of every message (the data trace).
     */
    boolean traceData()
    {
        return traceData;
    }

    /**
     * Report one message just sent to the CP's data trace: never blocks, a full control ring drops the report.
     */
    void trace(final int type, final int sourceSlot, final long receiver, final long path, final long messageId,
        final DirectBuffer src, final int offset, final int length)
    {
        traceOut.wrapForEncode(traceScratch, 0).header().put(sourceSlot, 0, path, messageId);
        traceOut.clientSlot(clientSlot).clientGeneration(clientGeneration).auxInt(type).name(receiver).auxLong(length)
            .textBytes(src, offset, Math.min(TRACE_BYTES, length));
        if (!control.write(FrameType.DATA_TRACE, traceScratch, 0, traceOut.length()))
        {
            traceDropped++;
        }
    }

    void sendControl()
    {
        if (null != reaped)
        {
            return; // the Supervisor would drop it: the slot is no longer ours
        }
        final long deadline = System.nanoTime() + options.controlTimeoutMs() * 1_000_000L;
        while (!control.write(outType, scratch, 0, out.length()))
        {
            if (System.nanoTime() > deadline)
            {
                log.log("control ring full for " + options.controlTimeoutMs() + " ms: " + FrameType.name(outType) +
                    " lost (is the Supervisor running?)");
                return;
            }
            Thread.onSpinWait();
        }
    }

    /** {@inheritDoc} */
    public int doWork()
    {
        working = true;
        try
        {
            return work();
        }
        finally
        {
            working = false;
        }
    }

    private int work()
    {
        int work = responses.read(responseHandler, 16);
        if (!tasks.isEmpty())
        {
            work += runTasks();
        }
        work += pollInboxes();
        // reading the clock costs about as much as a whole pass (26 ns on kvm-clock), and a pass that reads it
        // while a message arrives delays that message by as much: read it on every 64th pass, and on every pass
        // once the host has been idle for 64 passes (the default idle strategy parks after 60). Deadlines and
        // heartbeats have millisecond granularity.
        if (0 == (++passes & 63) || emptyCycles > CLOCK_EVERY_PASS_AFTER_IDLE)
        {
            final long now = System.nanoTime();
            if (now >= nextDeadlineCheckNs)
            {
                nextDeadlineCheckNs = now + 1_000_000L;
                work += housekeeping(now);
            }
        }
        return work;
    }

    /**
     * A host may carry hundreds of machines while traffic flows through a few. Sweeping every inbox on every pass
     * would put half a sweep (about 0.5 us for 250 machines) into each message's latency. So while traffic flows, a
     * pass polls the machines that had work recently (the hot set) plus a rotating slice of the others, which are
     * thus all polled every {@code machines / SLICE} passes; once nothing has happened for a while, every pass sweeps
     * them all again, so an idle host still answers within one pass of its idle strategy.
     */
    private int pollInboxes()
    {
        final ArrayList<MachineRuntime> list = machines;
        final int n = list.size();
        int work = 0;
        pollCycles++;
        if (n <= HOT_LIMIT || 0 == hotCount || emptyCycles > HOT_IDLE_CYCLES)
        {
            for (int i = 0; i < n; i++)
            {
                final int w = list.get(i).poll(POLL_LIMIT);
                if (w > 0)
                {
                    work += w;
                    if (n > HOT_LIMIT)
                    {
                        heat(i);
                    }
                }
            }
            coolDown();
        }
        else
        {
            for (int j = 0; j < hotCount; j++)
            {
                final int w = list.get(hot[j]).poll(POLL_LIMIT);
                if (w > 0)
                {
                    work += w;
                    hotSince[j] = pollCycles;
                }
            }
            for (int k = 0; k < SLICE; k++)
            {
                if (++cursor >= n)
                {
                    cursor = 0;
                    coolDown();
                }
                if (!isHot[cursor])
                {
                    final int w = list.get(cursor).poll(POLL_LIMIT);
                    if (w > 0)
                    {
                        work += w;
                        heat(cursor);
                    }
                }
            }
        }
        emptyCycles = 0 == work ? emptyCycles + 1 : 0;
        return work;
    }

    private void heat(final int machineIndex)
    {
        if (isHot.length <= machineIndex)
        {
            isHot = java.util.Arrays.copyOf(isHot, Math.max(machineIndex + 1, isHot.length * 2));
        }
        if (isHot[machineIndex])
        {
            for (int j = 0; j < hotCount; j++)
            {
                if (hot[j] == machineIndex)
                {
                    hotSince[j] = pollCycles;
                }
            }
            return;
        }
        if (hotCount < HOT_LIMIT)
        {
            isHot[machineIndex] = true;
            hot[hotCount] = machineIndex;
            hotSince[hotCount++] = pollCycles;
        }
    }

    private void coolDown()
    {
        for (int j = hotCount - 1; j >= 0; j--)
        {
            if (pollCycles - hotSince[j] > HOT_IDLE_CYCLES)
            {
                isHot[hot[j]] = false;
                hot[j] = hot[hotCount - 1];
                hotSince[j] = hotSince[hotCount - 1];
                hotCount--;
            }
        }
    }

    private void clearHot()
    {
        for (int j = 0; j < hotCount; j++)
        {
            isHot[hot[j]] = false;
        }
        hotCount = 0;
        cursor = 0;
    }

    private int housekeeping(final long nowNs)
    {
        int work = 0;
        for (int i = machines.size() - 1; i >= 0; i--)
        {
            final MachineRuntime m = machines.get(i);
            if (m.isLoggedOff())
            {
                machines.remove(i);
                hostedSlots.remove(m.id().packed());
                clearHot(); // indices moved
                machineCount = machines.size();
                releaseAwaiting(m.id());
                ns.release(m.inboxName());
                work++;
            }
            else
            {
                work += m.checkReplyDeadlines(nowNs);
                m.dutyCycle();
            }
        }
        if (nowNs >= nextHeartbeatNs && null == reaped && !left)
        {
            nextHeartbeatNs = nowNs + options.heartbeatIntervalMs() * 1_000_000L;
            // never beat for a slot that is not ours any more (it would keep a successor's slot alive)
            final String why = checkSlot();
            if (null != why)
            {
                onReaped(why);
                return work + 1;
            }
            lastHeartbeatMs = System.currentTimeMillis();
            tables.clients().heartbeatMs(clientSlot, lastHeartbeatMs);
            traceData = tables.traceData();
            final int epoch = tables.deathEpoch();
            if (epoch != deathEpoch)
            {
                deathEpoch = epoch;
                unblockUntilNs = nowNs + 5 * UNBLOCK_AFTER_NS;
            }
            if (nowNs < unblockUntilNs)
            {
                unblockStuckInboxes(nowNs);
            }
        }
        return work;
    }

    /**
     * The Supervisor reaped this process: its machines are logged off in the directory and their paths severed.
     * Tell each handler (onLogoff, on this thread as usual), drop the machines, and fail every request still waiting
     * for an answer, which will never come. The reason is not logged here: the application learns it from
     * {@link SystemClient#reaped()} and from RC 32 on its next request, and reports it once (as {@code iucv ipl}
     * does; logging it here too printed it twice).
     */
    private void onReaped(final String why)
    {
        reaped = why;
        for (final MachineRuntime m : machines)
        {
            m.onReaped();
            ns.release(m.inboxName());
        }
        machines.clear();
        hostedSlots.clear();
        clearHot();
        machineCount = 0;
        final ControlResponse down = new ControlResponse(ReturnCode.SUPERVISOR_DOWN.code(), 0, 0, 0, why);
        for (final PendingRequest r : awaitingComplete.values())
        {
            r.future.complete(down);
        }
        awaitingComplete.clear();
        for (final Long corr : new ArrayList<>(requests.keySet()))
        {
            final PendingRequest r = requests.remove(corr);
            if (null != r)
            {
                r.future.complete(down);
            }
        }
    }

    /**
     * A producer that died between claim and commit blocks an inbox. After a death, unblock any inbox whose
     * consumer has not moved for a second while data is waiting behind it.
     */
    private void unblockStuckInboxes(final long nowNs)
    {
        if (stuckSinceNs.length < machines.size())
        {
            stuckSinceNs = new long[machines.size() * 2];
            stuckPosition = new long[machines.size() * 2];
        }
        for (int i = 0; i < machines.size(); i++)
        {
            final ManyToOneRingBuffer inbox = machines.get(i).inbox();
            final long consumer = inbox.consumerPosition();
            if (consumer == inbox.producerPosition() || consumer != stuckPosition[i])
            {
                stuckPosition[i] = consumer;
                stuckSinceNs[i] = nowNs;
            }
            else if (nowNs - stuckSinceNs[i] > UNBLOCK_AFTER_NS && inbox.unblock())
            {
                log.log("unblocked the inbox of " + machines.get(i).id() + " after a writer died mid-message");
            }
        }
    }

    private void onResponse(final int type, final MutableDirectBuffer buffer, final int index, final int length)
    {
        response.wrap(buffer, index, length);
        if (type != FrameType.RESPONSE || !response.isComplete())
        {
            return;
        }
        final PendingRequest request = requests.remove(response.header().messageId());
        if (null == request)
        {
            if (withdrawnConnects.remove(response.header().messageId()) && response.rc() == 0)
            {
                severWithdrawn(response.header().path()); // accepted just before the withdrawal reached the CP
            }
            return;
        }
        final ControlResponse r = new ControlResponse(
            response.rc(), response.header().path(), response.auxInt(), response.auxLong(), response.text());
        if (null != request.handler && r.rc() == 0)
        {
            startMachine(request, r);
        }
        if (null != request.connectFrom)
        {
            if (outstandingConnects.decrementAndGet() <= 0)
            {
                outstandingConnects.set(0);
            }
            if (r.rc() == 0 && !earlyCompletes.remove(r.path()) && hosts(request.connectFrom))
            {
                request.response = r;
                awaitingComplete.put(r.path(), request);
                return;
            }
            if (outstandingConnects.get() == 0)
            {
                earlyCompletes.clear();
            }
        }
        request.future.complete(r);
    }

    /**
     * A CONNECT from a machine of this host returns only after that machine has seen onConnectionComplete, so
     * that it can send on the path at once.
     */
    void connectRequested()
    {
        outstandingConnects.incrementAndGet();
    }

    void connectAbandoned()
    {
        outstandingConnects.decrementAndGet();
    }

    /**
     * A CONNECT was reported failed to its caller (no answer in time) and withdrawn: should its answer still come
     * with a path, that path is severed rather than left established behind the caller's back.
     */
    void connectWithdrawn(final long corr)
    {
        if (withdrawnConnects.size() > 4096)
        {
            withdrawnConnects.clear();
        }
        withdrawnConnects.add(corr);
    }

    private void severWithdrawn(final long path)
    {
        beginControl(FrameType.SEVER_REQ, -1, path, 0);
        sendControl();
        log.log("path " + org.vmiucv.engine.PathId.fromPacked(path) +
            " severed: its CONNECT had been reported failed (no answer in time) before it completed");
    }

    private final java.util.Set<Long> withdrawnConnects = ConcurrentHashMap.newKeySet();

    void pathCompleted(final long path)
    {
        final PendingRequest request = awaitingComplete.remove(path);
        if (null != request)
        {
            if (request.future.isDone())
            {
                severWithdrawn(path); // the CONNECT was reported failed meanwhile: leave no path behind
                return;
            }
            request.future.complete(request.response);
        }
        else if (outstandingConnects.get() > 0)
        {
            if (earlyCompletes.size() > 4096)
            {
                earlyCompletes.clear();
            }
            earlyCompletes.add(path);
        }
    }

    private void releaseAwaiting(final MachineId machine)
    {
        if (awaitingComplete.isEmpty())
        {
            return;
        }
        final var it = awaitingComplete.values().iterator();
        while (it.hasNext())
        {
            final PendingRequest r = it.next();
            if (r.connectFrom.equals(machine))
            {
                it.remove();
                r.future.complete(r.response);
            }
        }
    }

    private boolean hosts(final MachineId id)
    {
        for (int i = 0; i < machines.size(); i++)
        {
            if (machines.get(i).id().equals(id) && !machines.get(i).isLoggedOff())
            {
                return true;
            }
        }
        return false;
    }

    private void startMachine(final PendingRequest request, final ControlResponse r)
    {
        final ManyToOneRingBuffer inbox = RingFiles.open(ns, r.text());
        final MachineRuntime m = new MachineRuntime(this, request.name, r.auxInt(), request.handler, inbox, r.text());
        machines.add(m);
        hostedSlots.put(request.name.packed(), ((long)r.auxInt() << 32) | (r.auxLong() & 0xFFFF_FFFFL));
        machineCount = machines.size();
        m.ipl();
    }

    private int runTasks()
    {
        int n = 0;
        Task task;
        while (n < 64 && null != (task = tasks.poll()))
        {
            task.run();
            n++;
        }
        return n;
    }

    <T> java.util.concurrent.CompletableFuture<T> execute(
        final MachineId machine, final java.util.function.Function<org.vmiucv.engine.MachineContext, T> action)
    {
        final java.util.concurrent.CompletableFuture<T> future = new java.util.concurrent.CompletableFuture<>();
        tasks.offer(new Task()
        {
            void fail(final Throwable cause)
            {
                future.completeExceptionally(cause);
            }

            public void run()
            {
                MachineRuntime target = null;
                for (int i = 0; i < machines.size(); i++)
                {
                    if (machines.get(i).id().equals(machine) && !machines.get(i).isLoggedOff())
                    {
                        target = machines.get(i);
                    }
                }
                if (null == target)
                {
                    future.completeExceptionally(new org.vmiucv.engine.IucvException(
                        org.vmiucv.engine.ReturnCode.MACHINE_NOT_FOUND, "machine " + machine + " is not hosted here"));
                    return;
                }
                // deliver what reached the machine before the action was asked for (a COMPLETE, say), so the action
                // sees at least the state its caller saw
                target.poll(4096);
                try
                {
                    future.complete(action.apply(target));
                }
                catch (final Throwable t)
                {
                    future.completeExceptionally(t);
                }
            }
        });
        return future;
    }

    /**
     * Fail every action still queued by {@link #execute}: once the host has stopped nobody would run them, and
     * their callers would wait forever. Safe from any thread, also while the host still runs (each task is taken
     * by one side only).
     *
     * @param cause what the futures fail with.
     * @return how many were failed.
     */
    int failQueued(final Throwable cause)
    {
        int n = 0;
        Task task;
        while (null != (task = tasks.poll()))
        {
            task.fail(cause);
            n++;
        }
        return n;
    }

    /**
     * @return number of machines running in this host.
     */
    int machineCount()
    {
        return machineCount;
    }

    /** {@inheritDoc} */
    public void onClose()
    {
        for (final MachineRuntime m : machines)
        {
            ns.release(m.inboxName());
        }
        machines.clear();
        inboxes.close();
    }
}
