package org.vmiucv.engine.system;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.agrona.concurrent.Agent;
import org.agrona.concurrent.AtomicBuffer;
import org.agrona.concurrent.EpochClock;
import org.agrona.concurrent.SystemEpochClock;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.MessageHandler;
import org.agrona.concurrent.ringbuffer.ManyToOneRingBuffer;
import org.vmiucv.engine.MachineId;
import org.vmiucv.engine.PathId;
import org.vmiucv.engine.ReturnCode;
import org.vmiucv.engine.UserData;
import org.vmiucv.engine.layout.ClientTable;
import org.vmiucv.engine.layout.ControlFlyweight;
import org.vmiucv.engine.layout.FileHeaderDescriptor;
import org.vmiucv.engine.layout.FrameType;
import org.vmiucv.engine.layout.MachineDirectory;
import org.vmiucv.engine.layout.PathTable;
import org.vmiucv.engine.layout.SystemTables;
import org.vmiucv.engine.layout.SystemTablesDescriptor;

/**
 * The CP: the single writer of the tables. It reads control requests from the control ring, updates the machine
 * directory and path table, delivers interrupts (PENDING, COMPLETE, SEVERED, ...) straight into the machines'
 * inboxes and answers requests on each client's response ring. It also keeps the liveness of every process.
 * <p>
 * Data never passes through here: machines write each other's inboxes directly.
 */
public final class SupervisorConductor implements Agent, MessageHandler
{
    private final Namespace ns;
    private final SystemOptions options;
    private final SystemLog log;
    private final SystemTables tables;
    private final ClientTable clients;
    private final MachineDirectory machines;
    private final PathTable paths;
    private final ManyToOneRingBuffer control;
    private final EpochClock clock = SystemEpochClock.INSTANCE;
    private final long pid = ProcessHandle.current().pid();

    private final ControlFlyweight in = new ControlFlyweight();
    private final ControlFlyweight out = new ControlFlyweight();
    private final UnsafeBuffer scratch = new UnsafeBuffer(ByteBuffer.allocateDirect(4096));

    private final ManyToOneRingBuffer[] clientRings;
    private final String[] clientRingNames;
    private final ManyToOneRingBuffer[] inboxes;
    private final String[] inboxNames;
    private final boolean[] panicked;
    private final Map<Long, Integer> slotByName = new HashMap<>();
    private final Map<Integer, long[]> pendingConnects = new HashMap<>();
    private final Map<Integer, List<long[]>> pendingLogoffs = new HashMap<>();
    private final Map<Integer, ArrayDeque<byte[]>> backlog = new HashMap<>();
    private long[] shutdownRequester;
    private long shutdownDeadlineMs;
    private long nextHeartbeatMs;
    private int nextPathSlot;

    private SupervisorConductor(
        final Namespace ns, final SystemOptions options, final SystemLog log, final AtomicBuffer tablesFile,
        final ManyToOneRingBuffer control)
    {
        this.ns = ns;
        this.options = options;
        this.log = log;
        this.tables = new SystemTables(tablesFile);
        this.clients = tables.clients();
        this.machines = tables.machines();
        this.paths = tables.paths();
        this.control = control;
        clientRings = new ManyToOneRingBuffer[clients.capacity()];
        clientRingNames = new String[clients.capacity()];
        inboxes = new ManyToOneRingBuffer[machines.capacity()];
        inboxNames = new String[machines.capacity()];
        panicked = new boolean[machines.capacity()];
    }

    /**
     * Create a new system in an empty namespace.
     *
     * @param ns      namespace.
     * @param options sizes and timeouts.
     * @param log     where to report.
     * @return the conductor, not yet running.
     */
    public static SupervisorConductor create(final Namespace ns, final SystemOptions options, final SystemLog log)
    {
        final long pid = ProcessHandle.current().pid();
        final long now = System.currentTimeMillis();
        final int length = SystemTablesDescriptor.computeLength(
            options.maxClients(), options.maxMachines(), options.maxPaths());
        final ManyToOneRingBuffer control = RingFiles.create(
            ns, RingFiles.CONTROL, options.controlRingCapacity(), pid, now);
        final AtomicBuffer file = ns.create(RingFiles.TABLES, length);
        SystemTables.initialise(file, options.maxClients(), options.maxMachines(), options.maxPaths(),
            options.inboxCapacity(), options.controlRingCapacity(), options.heartbeatTimeoutMs(), pid, now);
        final SupervisorConductor c = new SupervisorConductor(ns, options, log, file, control);
        c.takeOver();
        return c;
    }

    /**
     * Take over an existing system after a Supervisor died: rebuild state from the shared tables.
     *
     * @param ns      namespace holding a system.
     * @param options timeouts (sizes come from the tables).
     * @param log     where to report.
     * @return the conductor, not yet running.
     * @throws NamespaceException if the tables or control ring are foreign or corrupt.
     */
    public static SupervisorConductor recover(final Namespace ns, final SystemOptions options, final SystemLog log)
    {
        final AtomicBuffer file = openTables(ns);
        final ManyToOneRingBuffer control = RingFiles.open(ns, RingFiles.CONTROL);
        final SupervisorConductor c = new SupervisorConductor(ns, options, log, file, control);
        c.rebuild();
        c.takeOver();
        return c;
    }

    /**
     * Open and validate a tables file.
     *
     * @param ns namespace.
     * @return the buffer.
     * @throws NamespaceException if foreign, corrupt or truncated.
     */
    public static AtomicBuffer openTables(final Namespace ns)
    {
        final AtomicBuffer file = ns.open(RingFiles.TABLES);
        String problem = FileHeaderDescriptor.problem(file, FileHeaderDescriptor.TABLES_MAGIC, RingFiles.TABLES);
        if (null == problem)
        {
            problem = SystemTables.sizeProblem(file, RingFiles.TABLES);
        }
        if (null != problem)
        {
            ns.release(RingFiles.TABLES);
            throw new NamespaceException(NamespaceException.Reason.INVALID, problem + " in " + ns.describe());
        }
        return file;
    }

    private void takeOver()
    {
        final long epoch = tables.incrementSupervisorEpoch();
        tables.supervisorHeartbeatMs(clock.time());
        tables.supervisorPid(pid);
        log.log("CP started, epoch " + epoch + ", namespace " + ns.describe());
    }

    private void rebuild()
    {
        for (int c = 0; c < clients.capacity(); c++)
        {
            if (clients.state(c) == ClientTable.ACTIVE)
            {
                try
                {
                    final String name = RingFiles.clientRing(clients.key(c));
                    clientRings[c] = RingFiles.open(ns, name);
                    clientRingNames[c] = name;
                }
                catch (final NamespaceException ex)
                {
                    log.log("CP recovery: client " + c + " ring unusable (" + ex.getMessage() + "), process dropped");
                    clients.state(c, ClientTable.FREE);
                }
            }
        }
        int machineCount = 0;
        for (int m = 0; m < machines.capacity(); m++)
        {
            final int state = machines.state(m);
            if (state == MachineDirectory.FREE)
            {
                continue;
            }
            final String name = MachineId.fromPacked(machines.name(m)).name();
            try
            {
                inboxNames[m] = RingFiles.inbox(name, machines.generation(m));
                inboxes[m] = RingFiles.open(ns, inboxNames[m]);
                slotByName.put(machines.name(m), m);
                panicked[m] = state == MachineDirectory.PANICKED;
                machineCount++;
                if (state == MachineDirectory.LOGGING_OFF)
                {
                    deliver(m, FrameType.LOGOFF, -1, 0, 0);
                }
            }
            catch (final NamespaceException ex)
            {
                log.log("CP recovery: machine " + name + " inbox unusable (" + ex.getMessage() + "), logged off");
                machines.free(m);
            }
        }
        int established = 0;
        for (int p = 0; p < paths.capacity(); p++)
        {
            final int state = paths.state(p);
            if (state == PathTable.PENDING)
            {
                log.log("CP recovery: path " + PathId.pack(p, paths.generation(p)) + " was pending, severed");
                severPath(p, -1, UserData.EMPTY);
            }
            else if (state == PathTable.ESTABLISHED)
            {
                established++;
            }
        }
        control.unblock();
        log.log("CP recovery: " + machineCount + " machines, " + established + " established paths kept");
    }

    /**
     * @return the tables this conductor writes.
     */
    public SystemTables tables()
    {
        return tables;
    }

    /** {@inheritDoc} */
    public String roleName()
    {
        return "iucv-cp";
    }

    /** {@inheritDoc} */
    public int doWork()
    {
        int work = control.read(this, 64);
        final long now = clock.time();
        if (now >= nextHeartbeatMs)
        {
            nextHeartbeatMs = now + options.heartbeatIntervalMs();
            tables.supervisorHeartbeatMs(now);
            checkClients(now);
            work++;
        }
        if (!backlog.isEmpty())
        {
            work += drainBacklog();
        }
        if (null != shutdownRequester && (slotByName.isEmpty() || now > shutdownDeadlineMs))
        {
            respond((int)shutdownRequester[0], shutdownRequester[1], ReturnCode.OK, 0, 0, 0, "");
            shutdownRequester = null;
        }
        return work;
    }

    /** {@inheritDoc} */
    public void onMessage(final int msgTypeId, final org.agrona.MutableDirectBuffer buffer, final int index,
        final int length)
    {
        in.wrap(buffer, index, length);
        if (!in.isComplete())
        {
            log.log("CP dropped a short control frame of type " + FrameType.name(msgTypeId) + ", " + length + " bytes");
            return;
        }
        try
        {
            dispatch(msgTypeId);
        }
        catch (final RuntimeException ex)
        {
            log.log("CP error on " + FrameType.name(msgTypeId) + ": " + ex);
        }
    }

    private void dispatch(final int type)
    {
        final long corr = in.header().messageId();
        final int client = in.clientSlot();
        if (tables.isShutdown() && type != FrameType.LOGOFF_DONE && type != FrameType.UNREGISTER_REQ &&
            type != FrameType.REGISTER_REQ && type != FrameType.PANIC)
        {
            respond(client, corr, ReturnCode.SUPERVISOR_DOWN, 0, 0, 0, "the system is shut down");
            return;
        }
        switch (type)
        {
            case FrameType.REGISTER_REQ: onRegister(corr); break;
            case FrameType.UNREGISTER_REQ: reapClient(client, "left"); break;
            case FrameType.IPL_REQ: onIpl(client, corr); break;
            case FrameType.LOGOFF_REQ: onLogoffRequest(client, corr); break;
            case FrameType.LOGOFF_DONE: onLogoffDone(in.header().sourceSlot()); break;
            case FrameType.CONNECT_REQ: onConnect(client, corr); break;
            case FrameType.ACCEPT: onAccept(); break;
            case FrameType.REFUSE: onRefuse(); break;
            case FrameType.SEVER_REQ: onSever(client, corr); break;
            case FrameType.QUIESCE_REQ: onQuiesce(true); break;
            case FrameType.RESUME_REQ: onQuiesce(false); break;
            case FrameType.PANIC: onPanic(in.header().sourceSlot()); break;
            case FrameType.SHUTDOWN_REQ: onShutdown(client, corr); break;
            default: log.log("CP ignored unknown control frame type " + type);
        }
    }

    private void onRegister(final long corr)
    {
        final long key = in.name();
        final long clientPid = in.auxLong();
        final String ringName = RingFiles.clientRing(key);
        final ManyToOneRingBuffer ring;
        try
        {
            ring = RingFiles.open(ns, ringName);
        }
        catch (final NamespaceException ex)
        {
            log.log("CP refused process pid=" + clientPid + ": " + ex.getMessage());
            return;
        }
        for (int c = 0; c < clients.capacity(); c++)
        {
            if (clients.state(c) == ClientTable.FREE)
            {
                clients.generation(c, clients.generation(c) + 1);
                clients.pid(c, clientPid);
                clients.key(c, key);
                clients.heartbeatMs(c, clock.time());
                clients.state(c, ClientTable.ACTIVE);
                clientRings[c] = ring;
                clientRingNames[c] = ringName;
                respond(c, corr, ReturnCode.OK, 0, c, 0, "");
                log.log("CP attached process pid=" + clientPid + " as client " + c);
                return;
            }
        }
        writeResponse(ring, corr, ReturnCode.RESOURCES_EXHAUSTED, 0, 0, 0,
            "all " + clients.capacity() + " process slots are taken; raise maxClients");
        ns.release(ringName);
    }

    private void onIpl(final int client, final long corr)
    {
        final long packed = in.name();
        final String name;
        try
        {
            name = MachineId.fromPacked(packed).name();
        }
        catch (final IllegalArgumentException ex)
        {
            respond(client, corr, ReturnCode.INVALID_PARAMETER, 0, 0, 0, ex.getMessage());
            return;
        }
        final Integer existing = slotByName.get(packed);
        if (null != existing)
        {
            respond(client, corr, ReturnCode.ALREADY_RUNNING, 0, 0, 0,
                "machine " + name + " is already logged on (pid " + machines.pid(existing) + ")");
            return;
        }
        final int capacity = in.auxInt() > 0 ? in.auxInt() : tables.inboxCapacity();
        final int slot = freeMachineSlot();
        if (slot < 0)
        {
            respond(client, corr, ReturnCode.RESOURCES_EXHAUSTED, 0, 0, 0,
                "all " + machines.capacity() + " machine slots are taken; raise maxMachines");
            return;
        }
        final int generation = machines.generation(slot) + 1;
        final String inboxName = RingFiles.inbox(name, generation);
        try
        {
            if (ns.exists(inboxName))
            {
                ns.delete(inboxName);
            }
            inboxes[slot] = RingFiles.create(ns, inboxName, capacity, pid, clock.time());
        }
        catch (final RuntimeException ex)
        {
            respond(client, corr, ReturnCode.RESOURCES_EXHAUSTED, 0, 0, 0,
                "cannot create the inbox of " + name + " (" + capacity + " bytes): " + ex.getMessage());
            return;
        }
        inboxNames[slot] = inboxName;
        panicked[slot] = false;
        machines.logOn(slot, client, packed, clients.pid(client), generation, capacity, clock.time());
        slotByName.put(packed, slot);
        respond(client, corr, ReturnCode.OK, 0, slot, generation, inboxName);
        log.log("CP IPL " + name + " slot " + slot + " pid=" + clients.pid(client));
    }

    private int freeMachineSlot()
    {
        for (int m = 0; m < machines.capacity(); m++)
        {
            if (machines.state(m) == MachineDirectory.FREE)
            {
                return m;
            }
        }
        return -1;
    }

    private void onLogoffRequest(final int client, final long corr)
    {
        final Integer slot = slotByName.get(in.name());
        if (null == slot)
        {
            respond(client, corr, ReturnCode.MACHINE_NOT_FOUND, 0, 0, 0,
                "machine " + describeName(in.name()) + " is not logged on");
            return;
        }
        pendingLogoffs.computeIfAbsent(slot, k -> new ArrayList<>()).add(new long[] {client, corr});
        beginLogoff(slot);
    }

    private void beginLogoff(final int slot)
    {
        if (machines.state(slot) == MachineDirectory.LOGGING_OFF)
        {
            return;
        }
        machines.state(slot, MachineDirectory.LOGGING_OFF);
        severPathsOf(slot);
        if (clients.state(machines.clientSlot(slot)) != ClientTable.ACTIVE)
        {
            finishLogoff(slot);
        }
        else
        {
            deliver(slot, FrameType.LOGOFF, -1, 0, 0);
        }
    }

    private void onLogoffDone(final int slot)
    {
        if (!machines.isValidSlot(slot) || machines.state(slot) != MachineDirectory.LOGGING_OFF)
        {
            return;
        }
        if (machines.isValidSlot(slot) && in.rc() == ReturnCode.MACHINE_PANICKED.code())
        {
            panicked[slot] = true;
        }
        finishLogoff(slot);
    }

    private void finishLogoff(final int slot)
    {
        if (!machines.isValidSlot(slot) || machines.state(slot) == MachineDirectory.FREE)
        {
            return;
        }
        final long packed = machines.name(slot);
        final boolean wasPanicked = panicked[slot];
        severPathsOf(slot);
        machines.free(slot);
        slotByName.remove(packed);
        backlog.remove(slot);
        if (null != inboxNames[slot])
        {
            ns.release(inboxNames[slot]);
            ns.delete(inboxNames[slot]);
        }
        inboxes[slot] = null;
        inboxNames[slot] = null;
        panicked[slot] = false;
        final List<long[]> waiting = pendingLogoffs.remove(slot);
        if (null != waiting)
        {
            for (final long[] w : waiting)
            {
                if (wasPanicked)
                {
                    respond((int)w[0], w[1], ReturnCode.MACHINE_PANICKED, 0, 0, 0,
                        "machine " + describeName(packed) + " had panicked: its handler threw; it is now logged off");
                }
                else
                {
                    respond((int)w[0], w[1], ReturnCode.OK, 0, 0, 0, "");
                }
            }
        }
        log.log("CP LOGOFF " + describeName(packed) + (wasPanicked ? " (panicked)" : ""));
    }

    private void onConnect(final int client, final long corr)
    {
        final Integer from = slotByName.get(in.auxLong());
        final Integer to = slotByName.get(in.name());
        if (null == from || machines.state(from) != MachineDirectory.ACTIVE)
        {
            respond(client, corr, ReturnCode.MACHINE_NOT_FOUND, 0, 0, 0,
                "initiator " + describeName(in.auxLong()) + " is not logged on");
            return;
        }
        if (null == to || machines.state(to) != MachineDirectory.ACTIVE)
        {
            respond(client, corr, ReturnCode.MACHINE_NOT_FOUND, 0, 0, 0,
                "target " + describeName(in.name()) + " is not logged on");
            return;
        }
        final int slot = freePathSlot();
        if (slot < 0)
        {
            respond(client, corr, ReturnCode.RESOURCES_EXHAUSTED, 0, 0, 0,
                "all " + paths.capacity() + " path slots are in use; raise maxPaths");
            return;
        }
        final UserData userData = in.userData();
        final int msglim = in.msglim();
        final int generation = paths.allocate(
            slot, from, machines.generation(from), to, machines.generation(to), msglim, userData);
        final long path = PathId.pack(slot, generation);
        pendingConnects.put(slot, new long[] {client, corr});
        deliver(to, FrameType.PENDING, from, path, 0);
        out.userData(userData).name(machines.name(from)).msglim(msglim);
        commitDelivery(to);
    }

    private int freePathSlot()
    {
        final int n = paths.capacity();
        for (int i = 0; i < n; i++)
        {
            final int slot = (nextPathSlot + i) % n;
            if (paths.state(slot) == PathTable.FREE)
            {
                nextPathSlot = (slot + 1) % n;
                return slot;
            }
        }
        return -1;
    }

    private int pathSlotIfLive(final long packed)
    {
        final int slot = (int)(packed >>> 32);
        final int generation = (int)packed;
        if (!paths.isValidSlot(slot) || paths.generation(slot) != generation || paths.state(slot) == PathTable.FREE)
        {
            return -1;
        }
        return slot;
    }

    private void onAccept()
    {
        final long path = in.header().path();
        final int slot = pathSlotIfLive(path);
        final int by = in.header().sourceSlot();
        if (slot < 0 || paths.state(slot) != PathTable.PENDING || paths.endB(slot) != by)
        {
            return;
        }
        final int a = paths.endA(slot);
        final int msglim = Math.min(paths.msglim(slot), in.msglim() > 0 ? in.msglim() : Integer.MAX_VALUE);
        final UserData userDataB = in.userData();
        paths.msglim(slot, msglim);
        paths.userDataB(slot, userDataB);
        paths.state(slot, PathTable.ESTABLISHED);

        deliver(by, FrameType.COMPLETE, a, path, 0);
        out.userData(paths.userDataA(slot)).name(machines.name(a)).msglim(msglim);
        commitDelivery(by);
        if (a != by)
        {
            deliver(a, FrameType.COMPLETE, by, path, 0);
            out.userData(userDataB).name(machines.name(by)).msglim(msglim);
            commitDelivery(a);
        }
        final long[] requester = pendingConnects.remove(slot);
        if (null != requester)
        {
            respond((int)requester[0], requester[1], ReturnCode.OK, path, 0, 0, "");
        }
        log.log("CP CONNECT " + describeName(machines.name(a)) + " -> " + describeName(machines.name(by)) +
            " path " + PathId.fromPacked(path) + " msglim " + msglim);
    }

    private void onRefuse()
    {
        final long path = in.header().path();
        final int slot = pathSlotIfLive(path);
        if (slot < 0 || paths.state(slot) != PathTable.PENDING || paths.endB(slot) != in.header().sourceSlot())
        {
            return;
        }
        final String target = describeName(machines.name(paths.endB(slot)));
        paths.free(slot);
        final long[] requester = pendingConnects.remove(slot);
        if (null != requester)
        {
            respond((int)requester[0], requester[1], ReturnCode.CONNECTION_REFUSED, 0, 0, 0,
                "target " + target + " refused the connection");
        }
        log.log("CP CONNECT to " + target + " refused, path " + PathId.fromPacked(path) + " removed");
    }

    private void onSever(final int client, final long corr)
    {
        final long path = in.header().path();
        final int by = in.header().sourceSlot();
        final int slot = pathSlotIfLive(path);
        if (slot < 0 || (by >= 0 && paths.endA(slot) != by && paths.endB(slot) != by))
        {
            if (corr != 0)
            {
                respond(client, corr, ReturnCode.PATH_NOT_FOUND, 0, 0, 0,
                    "path " + describePath(path) + " does not exist (never connected, or already severed)");
            }
            return;
        }
        severPath(slot, by, in.userData());
        if (corr != 0)
        {
            respond(client, corr, ReturnCode.OK, path, 0, 0, "");
        }
    }

    private void onQuiesce(final boolean quiesce)
    {
        final long path = in.header().path();
        final int by = in.header().sourceSlot();
        final int slot = pathSlotIfLive(path);
        if (slot < 0 || paths.state(slot) != PathTable.ESTABLISHED)
        {
            return;
        }
        final int a = paths.endA(slot);
        final int b = paths.endB(slot);
        final int bit = by == a ? PathTable.QUIESCED_A : (by == b ? PathTable.QUIESCED_B : 0);
        if (0 == bit)
        {
            return;
        }
        final int bits = paths.quiesce(slot);
        paths.quiesce(slot, quiesce ? bits | bit : bits & ~bit);
        final int peer = by == a ? b : a;
        deliver(peer, quiesce ? FrameType.QUIESCED : FrameType.RESUMED, by, path, 0);
        out.userData(in.userData());
        commitDelivery(peer);
    }

    private void onPanic(final int slot)
    {
        if (!machines.isValidSlot(slot) || machines.state(slot) == MachineDirectory.FREE)
        {
            return;
        }
        panicked[slot] = true;
        if (machines.state(slot) == MachineDirectory.ACTIVE)
        {
            machines.state(slot, MachineDirectory.PANICKED);
        }
        severPathsOf(slot);
        log.log("CP machine " + describeName(machines.name(slot)) + " panicked: its paths are severed");
    }

    private void onShutdown(final int client, final long corr)
    {
        tables.shutdown(true);
        shutdownRequester = new long[] {client, corr};
        shutdownDeadlineMs = clock.time() + options.controlTimeoutMs() / 2;
        for (final Integer slot : new ArrayList<>(slotByName.values()))
        {
            beginLogoff(slot);
        }
        log.log("CP SHUTDOWN: " + slotByName.size() + " machines logging off");
    }

    private void severPathsOf(final int machineSlot)
    {
        for (int p = 0; p < paths.capacity(); p++)
        {
            if (paths.state(p) != PathTable.FREE && (paths.endA(p) == machineSlot || paths.endB(p) == machineSlot))
            {
                severPath(p, machineSlot, UserData.EMPTY);
            }
        }
    }

    /**
     * Remove a path and tell the ends that know it, except the one that severed.
     */
    private void severPath(final int slot, final int by, final UserData userData)
    {
        final long path = PathId.pack(slot, paths.generation(slot));
        final boolean wasPending = paths.state(slot) == PathTable.PENDING;
        final int a = paths.endA(slot);
        final int b = paths.endB(slot);
        paths.free(slot);
        if (!wasPending && a != by)
        {
            deliverSevered(a, by, path, userData);
        }
        if (b != by && b != a)
        {
            deliverSevered(b, by, path, userData);
        }
        if (wasPending)
        {
            if (b != by && a == b)
            {
                deliverSevered(b, by, path, userData);
            }
            final long[] requester = pendingConnects.remove(slot);
            if (null != requester)
            {
                respond((int)requester[0], requester[1], ReturnCode.CONNECTION_REFUSED, 0, 0, 0,
                    "path " + PathId.fromPacked(path) + " was severed before the target accepted");
            }
        }
        log.log("CP SEVER path " + PathId.fromPacked(path));
    }

    private void deliverSevered(final int to, final int by, final long path, final UserData userData)
    {
        if (machines.state(to) == MachineDirectory.FREE)
        {
            return;
        }
        deliver(to, FrameType.SEVERED, by, path, 0);
        out.userData(userData);
        commitDelivery(to);
    }

    private int pendingType;

    /**
     * Start encoding an interrupt for a machine into the scratch buffer; finish with {@link #commitDelivery}.
     * LOGOFF needs no payload fields and is committed at once.
     */
    private void deliver(final int to, final int type, final int source, final long path, final long unused)
    {
        out.wrapForEncode(scratch, 0).header().put(source, 0, path, tables.cpToken());
        pendingType = type;
        if (type == FrameType.LOGOFF)
        {
            commitDelivery(to);
        }
    }

    private void commitDelivery(final int to)
    {
        final ManyToOneRingBuffer inbox = inboxes[to];
        if (null == inbox)
        {
            return;
        }
        final ArrayDeque<byte[]> queue = backlog.get(to);
        if (null == queue && inbox.write(pendingType, scratch, 0, out.length()))
        {
            return;
        }
        final byte[] copy = new byte[4 + out.length()];
        scratch.getBytes(0, copy, 4, out.length());
        new UnsafeBuffer(copy).putInt(0, pendingType);
        backlog.computeIfAbsent(to, k -> new ArrayDeque<>()).add(copy);
    }

    private int drainBacklog()
    {
        int work = 0;
        final var it = backlog.entrySet().iterator();
        while (it.hasNext())
        {
            final var e = it.next();
            final ManyToOneRingBuffer inbox = inboxes[e.getKey()];
            final ArrayDeque<byte[]> queue = e.getValue();
            while (null != inbox && !queue.isEmpty())
            {
                final byte[] f = queue.peek();
                final UnsafeBuffer b = new UnsafeBuffer(f);
                if (!inbox.write(b.getInt(0), b, 4, f.length - 4))
                {
                    break;
                }
                queue.poll();
                work++;
            }
            if (null == inbox || queue.isEmpty())
            {
                it.remove();
            }
        }
        return work;
    }

    private void respond(final int client, final long corr, final ReturnCode rc, final long path, final int auxInt,
        final long auxLong, final String text)
    {
        if (client < 0 || client >= clientRings.length || null == clientRings[client] || 0 == corr)
        {
            return;
        }
        writeResponse(clientRings[client], corr, rc, path, auxInt, auxLong, text);
    }

    private void writeResponse(final ManyToOneRingBuffer ring, final long corr, final ReturnCode rc, final long path,
        final int auxInt, final long auxLong, final String text)
    {
        out.wrapForEncode(scratch, 0).header().put(-1, 0, path, corr);
        out.rc(rc.code()).auxInt(auxInt).auxLong(auxLong).text(text);
        for (int i = 0; i < 10_000; i++)
        {
            if (ring.write(FrameType.RESPONSE, scratch, 0, out.length()))
            {
                return;
            }
            Thread.onSpinWait();
        }
        log.log("CP could not answer request " + corr + ": client ring full");
    }

    private void checkClients(final long now)
    {
        final long timeout = options.heartbeatTimeoutMs();
        for (int c = 0; c < clients.capacity(); c++)
        {
            if (clients.state(c) != ClientTable.ACTIVE)
            {
                continue;
            }
            final long clientPid = clients.pid(c);
            final boolean alive = ProcessHandle.of(clientPid).map(ProcessHandle::isAlive).orElse(false);
            if (!alive)
            {
                reapClient(c, "died");
            }
            else if (now - clients.heartbeatMs(c) > timeout)
            {
                reapClient(c, "stopped its heartbeat for over " + timeout + " ms");
            }
        }
    }

    private void reapClient(final int c, final String why)
    {
        if (c < 0 || c >= clients.capacity() || clients.state(c) != ClientTable.ACTIVE)
        {
            return;
        }
        final long clientPid = clients.pid(c);
        clients.state(c, ClientTable.FREE);
        final List<String> names = new ArrayList<>();
        for (int m = 0; m < machines.capacity(); m++)
        {
            if (machines.state(m) != MachineDirectory.FREE && machines.clientSlot(m) == c)
            {
                names.add(describeName(machines.name(m)));
                finishLogoff(m);
            }
        }
        if (null != clientRingNames[c])
        {
            ns.release(clientRingNames[c]);
            ns.delete(clientRingNames[c]);
        }
        clientRings[c] = null;
        clientRingNames[c] = null;
        if (!"left".equals(why))
        {
            tables.incrementDeathEpoch();
            control.unblock();
        }
        log.log("CP process pid=" + clientPid + " " + why + "; logged off: " + (names.isEmpty() ? "none" : names));
    }

    private static String describeName(final long packed)
    {
        try
        {
            return MachineId.fromPacked(packed).name();
        }
        catch (final IllegalArgumentException ex)
        {
            return "(invalid name)";
        }
    }

    private static String describePath(final long packed)
    {
        return (packed >>> 32) + "." + (int)packed;
    }

    /** {@inheritDoc} */
    public void onClose()
    {
        tables.supervisorPid(0);
    }
}
