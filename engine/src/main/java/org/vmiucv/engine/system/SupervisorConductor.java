package org.vmiucv.engine.system;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
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
import org.vmiucv.engine.layout.ControlDescriptor;
import org.vmiucv.engine.layout.ControlFlyweight;
import org.vmiucv.engine.layout.FileHeaderDescriptor;
import org.vmiucv.engine.layout.FrameDescriptor;
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
 * <p>
 * Every control event (a frame read from the control ring, or an event the conductor detects itself such as the
 * death of a process) goes through a {@link Pipeline} in three steps: an optional record step (the journal of the
 * shm Supervisor), {@link #apply apply} (tables are updated, and the interrupts and answers to send are collected
 * in an {@link Effects}), then {@link #notify(Effects, EffectListener) notify} (those are written to the rings).
 * The default pipeline runs apply and notify at once on the conductor thread and records nothing: the embedded
 * system uses it. A pipeline that records must run apply on one thread and notify on one thread, in event order.
 */
public final class SupervisorConductor implements Agent, MessageHandler
{
    private final Namespace ns;
    private final SystemOptions options;
    private final SystemLog log;
    private String lastError;
    private final SystemTables tables;
    private final ClientTable clients;
    private final MachineDirectory machines;
    private final PathTable paths;
    private final ManyToOneRingBuffer control;
    private final EffectsWriter writer = new EffectsWriter();
    private final Effects inlineEffects = new Effects();
    private final Pipeline inline = new Pipeline()
    {
        public void publish(final int type, final DirectBuffer buffer, final int index, final int length)
        {
            apply(type, buffer, index, length, inlineEffects, null);
            SupervisorConductor.this.notify(inlineEffects, EffectListener.NONE);
        }

        public int doWork(final long nowMs)
        {
            publish(TICK, tickBuffer, 0, tickLength);
            return drainBacklog();
        }
    };
    private Pipeline pipeline = inline;
    private volatile boolean shutdownPending;
    private volatile boolean backlogPending;
    private Effects fx = inlineEffects;
    private final UnsafeBuffer tickBuffer = new UnsafeBuffer(ByteBuffer.allocateDirect(256));
    private final int tickLength;
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
    private final ProcessHandle[] processHandles;
    private final Map<Long, Integer> slotByName = new HashMap<>();
    private final Map<Integer, long[]> pendingConnects = new HashMap<>();
    private final Map<Integer, List<long[]>> pendingLogoffs = new HashMap<>();
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
        processHandles = new ProcessHandle[clients.capacity()];
        tickLength = out.wrapForEncode(tickBuffer, 0).length();
        out.header().put(-1, 0, 0, 0);
        out.clientSlot(-1);
    }

    /** Synthetic event type (never on a ring): a client process died or stopped its heartbeat. */
    public static final int CLIENT_DIED = 900;
    /** Synthetic event type (never on a ring, never recorded): time passed; finish a shutdown, drain backlogs. */
    public static final int TICK = 901;

    /**
     * How control events get from the conductor's thread to {@link #apply} and {@link #notify}.
     */
    public interface Pipeline
    {
        /**
         * Take one event, copying what is needed: the buffer is reused after the call. A pipeline that records
         * should return only once a control frame is recorded: the control ring's head moves past it on return.
         *
         * @param type   frame type, or {@link #CLIENT_DIED} / {@link #TICK}.
         * @param buffer frame.
         * @param index  start of the frame header.
         * @param length frame length.
         */
        void publish(int type, DirectBuffer buffer, int index, int length);

        /**
         * Called on every duty cycle of the conductor.
         *
         * @param nowMs epoch time.
         * @return work done.
         */
        int doWork(long nowMs);
    }

    /**
     * Sees every interrupt and answer just before {@link #notify} writes it, e.g. to record it in a journal.
     */
    @FunctionalInterface
    public interface EffectListener
    {
        /** Sees nothing. */
        EffectListener NONE = e -> { };

        /**
         * @param effect the interrupt or answer about to be written.
         */
        void onEffect(Effect effect);
    }

    /**
     * What recovery knows beyond the shared tables (from a journal): who asked for which connection.
     */
    public interface RecoveryHints
    {
        /** Knows nothing: pending paths are severed and nobody is told. */
        RecoveryHints NONE = new RecoveryHints()
        {
        };

        /**
         * @return CONNECT requests that were recorded but never answered, oldest first.
         */
        default List<UnansweredConnect> unansweredConnects()
        {
            return List.of();
        }

        /**
         * @param path packed path id.
         * @param end  0 for the initiator end, 1 for the target end.
         * @return true if a COMPLETE interrupt to that end was recorded.
         */
        default boolean completeRecorded(final long path, final int end)
        {
            return true;
        }
    }

    /**
     * A CONNECT request recorded in a journal and never answered.
     *
     * @param client client slot that asked.
     * @param corr   correlation id of the request.
     * @param from   packed initiator name.
     * @param to     packed target name.
     * @param path   packed path id the request was given, 0 if none was recorded.
     */
    public record UnansweredConnect(int client, long corr, long from, long to, long path)
    {
    }

    /**
     * One interrupt to a machine or one answer to a client, produced by {@link #apply}.
     */
    public static final class Effect
    {
        /** An interrupt written into a machine's inbox. */
        public static final int INTERRUPT = 1;
        /** An answer written on a client's response ring. */
        public static final int RESPONSE = 2;
        /** A file whose mapping is released (and maybe deleted): no frame. */
        public static final int RELEASE = 3;

        int kind;
        int type;
        int target = -1;
        long targetName;
        long peerName;
        long requestCorr;
        ManyToOneRingBuffer ring;
        String fileName;
        boolean delete;
        byte[] frame;
        int length;

        /** @return {@link #INTERRUPT}, {@link #RESPONSE} or {@link #RELEASE}. */
        public int kind()
        {
            return kind;
        }

        /** @return the frame type: an interrupt type, or RESPONSE. */
        public int type()
        {
            return type;
        }

        /** @return machine slot (interrupt) or client slot (answer). */
        public int target()
        {
            return target;
        }

        /** @return packed name of the machine interrupted, 0 for an answer. */
        public long targetName()
        {
            return targetName;
        }

        /** @return packed name of the other machine of the path, 0 if none. */
        public long peerName()
        {
            return peerName;
        }

        /** @return for a PENDING interrupt, the correlation id of the CONNECT request; else 0. */
        public long requestCorr()
        {
            return requestCorr;
        }

        /** @return the encoded frame (header, control payload, text); valid up to {@link #length()}. */
        public byte[] frame()
        {
            return frame;
        }

        /** @return frame length. */
        public int length()
        {
            return length;
        }
    }

    /**
     * The effects of one applied event, in order. Reused: {@link #notify} clears it.
     */
    public static final class Effects
    {
        private final ArrayList<Effect> list = new ArrayList<>();
        private int size;

        Effect add()
        {
            if (size == list.size())
            {
                list.add(new Effect());
            }
            final Effect e = list.get(size++);
            e.target = -1;
            e.targetName = 0;
            e.peerName = 0;
            e.requestCorr = 0;
            e.ring = null;
            e.fileName = null;
            e.delete = false;
            e.length = 0;
            return e;
        }

        /** @return number of effects. */
        public int size()
        {
            return size;
        }

        /**
         * @param i index.
         * @return the effect.
         */
        public Effect get(final int i)
        {
            return list.get(i);
        }

        void clear()
        {
            size = 0;
        }
    }

    /**
     * Route control events through a pipeline instead of handling them at once. Call before the conductor runs.
     *
     * @param pipeline the pipeline.
     * @return this.
     */
    public SupervisorConductor pipeline(final Pipeline pipeline)
    {
        this.pipeline = null == pipeline ? inline : pipeline;
        return this;
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
        // Published only once initialised: an application attaching the moment system.tables appears must never
        // map a file shorter than its header says (issue 10, F1).
        final AtomicBuffer file = ns.create(RingFiles.TABLES, length, b -> SystemTables.initialise(b,
            options.maxClients(), options.maxMachines(), options.maxPaths(), options.inboxCapacity(),
            options.controlRingCapacity(), options.heartbeatTimeoutMs(), pid, now));
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
        return recover(ns, options, log, RecoveryHints.NONE, EffectListener.NONE);
    }

    /**
     * Take over an existing system after a Supervisor died, with what a journal knows: the initiator of every
     * CONNECT in flight gets an answer (refusal if the path was not established), a path established without both
     * COMPLETE interrupts recorded gets them.
     *
     * @param ns       namespace holding a system.
     * @param options  timeouts (sizes come from the tables).
     * @param log      where to report.
     * @param hints    what the journal knows.
     * @param listener sees the interrupts and answers recovery sends.
     * @return the conductor, not yet running.
     * @throws NamespaceException if the tables or control ring are foreign or corrupt.
     */
    public static SupervisorConductor recover(final Namespace ns, final SystemOptions options, final SystemLog log,
        final RecoveryHints hints, final EffectListener listener)
    {
        final AtomicBuffer file = openTables(ns);
        final ManyToOneRingBuffer control = RingFiles.open(ns, RingFiles.CONTROL);
        final SupervisorConductor c = new SupervisorConductor(ns, options, log, file, control);
        c.rebuild(hints);
        c.notify(c.inlineEffects, listener);
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

    private void rebuild(final RecoveryHints hints)
    {
        fx = inlineEffects;
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
                final int owner = machines.clientSlot(m);
                if (owner < 0 || owner >= clients.capacity() || clients.state(owner) != ClientTable.ACTIVE)
                {
                    // its process was dropped above (or reaped before the crash): nobody hosts it any more, and that
                    // process, should it live, finds its slot free and ends as reaped
                    log.log("CP recovery: machine " + name + " belonged to a process that is gone, logged off");
                    finishLogoff(m);
                    continue;
                }
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
        final List<UnansweredConnect> unanswered = new ArrayList<>(hints.unansweredConnects());
        int established = 0;
        int refused = 0;
        for (int p = 0; p < paths.capacity(); p++)
        {
            final int state = paths.state(p);
            if (state == PathTable.FREE)
            {
                continue;
            }
            final long path = PathId.pack(p, paths.generation(p));
            final UnansweredConnect asked = takeInitiator(unanswered, p, path);
            if (state == PathTable.PENDING)
            {
                log.log("CP recovery: path " + PathId.fromPacked(path) + " was pending, severed" +
                    (null == asked ? "" : "; initiator answered with a refusal"));
                final String names = describeName(machines.name(paths.endA(p))) + " " +
                    describeName(machines.name(paths.endB(p)));
                severPath(p, -1, UserData.EMPTY);
                if (null != asked)
                {
                    respond(asked.client(), asked.corr(), ReturnCode.CONNECTION_REFUSED, 0, 0, 0,
                        "the Supervisor restarted while CONNECT " + names + " was pending; path " +
                        PathId.fromPacked(path) + " was severed on both ends");
                    refused++;
                }
            }
            else if (state == PathTable.ESTABLISHED)
            {
                established++;
                finishComplete(p, path, hints);
                if (null != asked)
                {
                    respond(asked.client(), asked.corr(), ReturnCode.OK, path, 0, 0, "");
                }
            }
        }
        for (final UnansweredConnect asked : unanswered)
        {
            respond(asked.client(), asked.corr(), ReturnCode.CONNECTION_REFUSED, 0, 0, 0,
                "the Supervisor restarted before CONNECT " + describeName(asked.from()) + " " +
                describeName(asked.to()) + " completed; nothing was connected");
            refused++;
        }
        control.unblock();
        if (refused > 0)
        {
            log.log("CP recovery: " + refused + " CONNECT requests in flight refused");
        }
        log.log("CP recovery: " + machineCount + " machines, " + established + " established paths kept");
    }

    private UnansweredConnect takeInitiator(final List<UnansweredConnect> unanswered, final int slot, final long path)
    {
        final long from = machines.name(paths.endA(slot));
        final long to = machines.name(paths.endB(slot));
        UnansweredConnect byNames = null;
        for (final UnansweredConnect u : unanswered)
        {
            if (u.path() == path)
            {
                unanswered.remove(u);
                return u;
            }
            if (null == byNames && 0 == u.path() && u.from() == from && u.to() == to &&
                paths.state(slot) == PathTable.PENDING)
            {
                byNames = u;
            }
        }
        if (null != byNames)
        {
            unanswered.remove(byNames);
        }
        return byNames;
    }

    private void finishComplete(final int slot, final long path, final RecoveryHints hints)
    {
        final int a = paths.endA(slot);
        final int b = paths.endB(slot);
        final int msglim = paths.msglim(slot);
        if (!hints.completeRecorded(path, 1))
        {
            deliver(b, FrameType.COMPLETE, a, path, 0);
            out.userData(paths.userDataA(slot)).name(machines.name(a)).msglim(msglim);
            commitDelivery(b);
            log.log("CP recovery: COMPLETE of path " + PathId.fromPacked(path) + " re-sent to the target");
        }
        if (a != b && !hints.completeRecorded(path, 0))
        {
            deliver(a, FrameType.COMPLETE, b, path, 0);
            out.userData(paths.userDataB(slot)).name(machines.name(b)).msglim(msglim);
            commitDelivery(a);
            log.log("CP recovery: COMPLETE of path " + PathId.fromPacked(path) + " re-sent to the initiator");
        }
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
        if (unblockRequested)
        {
            unblockRequested = false;
            control.unblock();
        }
        // one frame per read: the ring's head moves past a frame only once the pipeline took it (a journalling
        // pipeline returns from publish once the frame is recorded), so a crash loses no frame it read
        int work = 0;
        for (int i = 0; i < 64; i++)
        {
            final int n = control.read(this, 1);
            if (0 == n)
            {
                break;
            }
            work += n;
        }
        final long now = clock.time();
        if (now >= nextHeartbeatMs)
        {
            nextHeartbeatMs = now + options.heartbeatIntervalMs();
            tables.supervisorHeartbeatMs(now);
            checkClients(now);
            work++;
        }
        work += pipeline.doWork(now);
        return work;
    }

    /** {@inheritDoc} */
    public void onMessage(final int msgTypeId, final MutableDirectBuffer buffer, final int index, final int length)
    {
        // not through the flyweight {@link #in}: it belongs to the apply step, which may run on another thread
        if (length < FrameDescriptor.HEADER_LENGTH + ControlDescriptor.LENGTH)
        {
            log.log("CP dropped a short control frame of type " + FrameType.name(msgTypeId) + ", " + length + " bytes");
            return;
        }
        pipeline.publish(msgTypeId, buffer, index, length);
    }

    /**
     * Apply one event: update the tables and collect the interrupts and answers in {@code effects}. Must run on one
     * thread, in event order.
     *
     * @param type    frame type, {@link #CLIENT_DIED} or {@link #TICK}.
     * @param buffer  frame.
     * @param index   start of the frame.
     * @param length  frame length.
     * @param effects where the effects go; pass it to {@link #notify} next.
     * @param refusal null if the event was recorded; else why not, and requests are refused with RC 44.
     */
    public void apply(final int type, final DirectBuffer buffer, final int index, final int length,
        final Effects effects, final String refusal)
    {
        fx = effects;
        in.wrap(buffer, index, length);
        try
        {
            if (type == TICK)
            {
                onTick();
            }
            else if (isStale(type))
            {
                dropStale(type);
            }
            else if (null != refusal && type != FrameType.SHUTDOWN_REQ)
            {
                // a SHUTDOWN is applied even unrecorded: it must never need free space, and it removes the system
                refuse(type, refusal);
            }
            else
            {
                final String damage = damageTouchedBy(type);
                if (null == damage)
                {
                    dispatch(type);
                }
                else
                {
                    refuseDamaged(type, damage);
                }
            }
        }
        catch (final RuntimeException ex)
        {
            onError(type, ex);
        }
    }

    /**
     * Check the entries a request would change before it changes any, so garbage met half way cannot leave a request
     * half applied (a LOGOFF that severed the machine's paths and then tripped on its client slot). Not for the data
     * path: only LOGOFF and an answered SEVER are checked, and they scan the path table anyway.
     *
     * @return null if the entries are sound, else the first problem, naming slot and offset.
     */
    private String damageTouchedBy(final int type)
    {
        if (type == FrameType.LOGOFF_REQ)
        {
            final Integer slot = slotByName.get(in.name());
            if (null == slot)
            {
                return null;
            }
            final String problem = machineDamage(slot);
            if (null != problem)
            {
                return problem;
            }
            for (int p = 0; p < paths.capacity(); p++)
            {
                if (paths.state(p) != PathTable.FREE && (paths.endA(p) == slot || paths.endB(p) == slot))
                {
                    final String pathProblem = pathDamage(p);
                    if (null != pathProblem)
                    {
                        return pathProblem;
                    }
                }
            }
        }
        else if (type == FrameType.SEVER_REQ && in.header().messageId() != 0)
        {
            final int slot = pathSlotIfLive(in.header().path());
            return slot < 0 ? null : pathDamage(slot);
        }
        return null;
    }

    private String machineDamage(final int slot)
    {
        final String problem = machines.entryProblem(slot);
        return null != problem || machines.state(slot) == MachineDirectory.FREE ? problem :
            machines.clientSlotProblem(slot, clients.capacity());
    }

    private String pathDamage(final int slot)
    {
        final String problem = paths.entryProblem(slot, machines);
        if (null != problem || paths.state(slot) == PathTable.FREE)
        {
            return problem;
        }
        final String a = machineDamage(paths.endA(slot));
        return null != a ? a : machineDamage(paths.endB(slot));
    }

    /** A request whose entries are garbage: nothing of it was applied; say so (once) and answer RC 24. */
    private void refuseDamaged(final int type, final String damage)
    {
        final String corrupt = RingFiles.TABLES + " in " + ns.describe() + " is corrupt: " + damage;
        final String what = "CP could not apply " + FrameType.name(type) + ": " + corrupt + "; nothing of it was " +
            "applied; " + TablesQuery.AFTER_CORRUPTION;
        if (!what.equals(lastError))
        {
            lastError = what;
            log.log(what);
        }
        respond(in.clientSlot(), in.header().messageId(), ReturnCode.INVALID_PARAMETER, 0, 0, 0,
            FrameType.name(type) + " could not be applied, and nothing of it was: " + corrupt + "; " +
            TablesQuery.AFTER_CORRUPTION);
    }

    /**
     * An event that failed, most likely on garbage written into the tables from outside: say where the garbage is
     * (once per distinct failure, so damage met on every tick does not flood the log) and answer a request with
     * RC 24 instead of leaving its client to time out.
     */
    private void onError(final int type, final RuntimeException ex)
    {
        final String corrupt = TablesQuery.firstProblem(tables, RingFiles.TABLES + " in " + ns.describe());
        final String what = null == corrupt ? "CP error on " + FrameType.name(type) + ": " + ex :
            "CP could not apply " + FrameType.name(type) + ": " + corrupt + "; " + TablesQuery.AFTER_CORRUPTION;
        if (!what.equals(lastError))
        {
            lastError = what;
            log.log(what);
        }
        if (null != corrupt && (type == FrameType.IPL_REQ || type == FrameType.LOGOFF_REQ ||
            type == FrameType.CONNECT_REQ || type == FrameType.SEVER_REQ || type == FrameType.SHUTDOWN_REQ))
        {
            respond(in.clientSlot(), in.header().messageId(), ReturnCode.INVALID_PARAMETER, 0, 0, 0,
                FrameType.name(type) + " could not be applied: " + corrupt + "; " + TablesQuery.AFTER_CORRUPTION);
        }
    }

    /**
     * A request carries the client slot and the generation its process was given at REGISTER. A process reaped
     * (no heartbeat, or dead) and come back, a ghost, still writes with its old slot, which may serve another process
     * now: its request must touch nothing. REGISTER names no slot yet; a death is a fenced event of the CP itself.
     */
    private boolean isStale(final int type)
    {
        if (type == FrameType.REGISTER_REQ || type == CLIENT_DIED || type == FrameType.DATA_TRACE)
        {
            return false;
        }
        final int client = in.clientSlot();
        if (client == -1 && type == FrameType.SHUTDOWN_REQ)
        {
            return false; // iucv shutdown writes without attaching: it must work with every client slot taken
        }
        return client < 0 || client >= clients.capacity() || clients.state(client) != ClientTable.ACTIVE ||
            clients.generation(client) != in.clientGeneration();
    }

    /**
     * Drop a ghost's request, counted, logged once per ghost. No answer: its response ring was deleted when it was
     * reaped, and the slot's ring, if any, belongs to another process. The ghost finds out on its own, from its slot
     * in the client table ({@link MachineHost}).
     */
    private void dropStale(final int type)
    {
        staleDropped++;
        final int client = in.clientSlot();
        if (client >= 0 && client < clients.capacity() && null != leftGeneration &&
            leftGeneration[client] == in.clientGeneration() && clients.state(client) != ClientTable.ACTIVE)
        {
            // a frame the process wrote before its UNREGISTER reached us (a LOGOFF_DONE racing its close): it left,
            // it was not reaped, and its UNREGISTER already logged its machines off
            return;
        }
        final long mark = ((long)client << 32) | (in.clientGeneration() & 0xFFFF_FFFFL);
        if (mark != lastStaleLogged)
        {
            lastStaleLogged = mark;
            log.log("CP dropped " + FrameType.name(type) + " from a reaped process (client " + client + " generation " +
                in.clientGeneration() + ", the slot is " + (client >= 0 && client < clients.capacity() &&
                clients.state(client) == ClientTable.ACTIVE ? "now generation " + clients.generation(client) +
                " pid=" + clients.pid(client) : "free") + "); further requests of it are dropped silently");
        }
    }

    /**
     * @return requests dropped because their client generation was stale (from a process reaped meanwhile).
     */
    public long staleRequestsDropped()
    {
        return staleDropped;
    }

    private long staleDropped;
    /** Per client slot, the generation of the process that last gave it back by UNREGISTER (0: none). */
    private int[] leftGeneration;

    private void markLeft(final int client)
    {
        if (client < 0 || client >= clients.capacity() || clients.state(client) != ClientTable.ACTIVE ||
            clients.generation(client) != in.clientGeneration())
        {
            return;
        }
        if (null == leftGeneration)
        {
            leftGeneration = new int[clients.capacity()];
        }
        leftGeneration[client] = clients.generation(client);
    }
    private long lastStaleLogged = Long.MIN_VALUE;

    private void onTick()
    {
        if (null != shutdownRequester && (slotByName.isEmpty() || clock.time() > shutdownDeadlineMs))
        {
            respond((int)shutdownRequester[0], shutdownRequester[1], ReturnCode.OK, 0, 0, 0, "");
            shutdownRequester = null;
            shutdownPending = false;
        }
    }

    /**
     * Fail closed: the event could not be recorded. Requests are refused; reports of what already happened
     * (a sever, quiesce or resume by a machine, a logoff done, a panic, a death) are applied, since refusing them
     * would leave the tables disagreeing with the machines; an accept is turned into a refusal of the connection.
     */
    private void refuse(final int type, final String why)
    {
        final long corr = in.header().messageId();
        final int client = in.clientSlot();
        switch (type)
        {
            case FrameType.REGISTER_REQ:
            {
                final String ringName = RingFiles.clientRing(in.name());
                try
                {
                    final ManyToOneRingBuffer ring = RingFiles.open(ns, ringName);
                    writeResponse(ring, corr, ReturnCode.RESOURCES_EXHAUSTED, 0, 0, 0, why);
                    release(ring, ringName, false);
                }
                catch (final NamespaceException ex)
                {
                    log.log("CP refused process pid=" + in.auxLong() + ": " + ex.getMessage());
                }
                break;
            }
            case FrameType.ACCEPT:
            {
                final int slot = pathSlotIfLive(in.header().path());
                if (slot >= 0 && paths.state(slot) == PathTable.PENDING && paths.endB(slot) == in.header().sourceSlot())
                {
                    final long[] requester = pendingConnects.remove(slot);
                    severPath(slot, -1, UserData.EMPTY);
                    if (null != requester)
                    {
                        respond((int)requester[0], requester[1], ReturnCode.RESOURCES_EXHAUSTED, 0, 0, 0, why);
                    }
                }
                break;
            }
            case FrameType.IPL_REQ:
            case FrameType.LOGOFF_REQ:
            case FrameType.CONNECT_REQ:
            case FrameType.SHUTDOWN_REQ:
                respond(client, corr, ReturnCode.RESOURCES_EXHAUSTED, 0, 0, 0, why);
                break;
            case FrameType.SEVER_REQ:
                if (corr != 0)
                {
                    respond(client, corr, ReturnCode.RESOURCES_EXHAUSTED, 0, 0, 0, why);
                    break;
                }
                dispatch(type);
                break;
            default:
                dispatch(type);
        }
    }

    private void dispatch(final int type)
    {
        final long corr = in.header().messageId();
        final int client = in.clientSlot();
        if (type == FrameType.DATA_TRACE)
        {
            return;
        }
        if (tables.isShutdown() && type != FrameType.LOGOFF_DONE && type != FrameType.UNREGISTER_REQ &&
            type != FrameType.REGISTER_REQ && type != FrameType.PANIC && type != CLIENT_DIED)
        {
            respond(client, corr, ReturnCode.SUPERVISOR_DOWN, 0, 0, 0, "the system is shut down");
            return;
        }
        switch (type)
        {
            case FrameType.REGISTER_REQ: onRegister(corr); break;
            case FrameType.UNREGISTER_REQ: markLeft(client); reapClient(client, "left"); break;
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
            case CLIENT_DIED: onClientDied(client, in.auxLong(), in.auxInt(), in.text()); break;
            case FrameType.DATA_TRACE: break; // recorded by the journal step; nothing to apply
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
                // the generation comes back with the slot: every later request carries both
                respond(c, corr, ReturnCode.OK, 0, c, clients.generation(c), "");
                log.log("CP attached process pid=" + clientPid + " as client " + c + " generation " +
                    clients.generation(c));
                return;
            }
        }
        writeResponse(ring, corr, ReturnCode.RESOURCES_EXHAUSTED, 0, 0, 0,
            "all " + clients.capacity() + " process slots are taken; start the system with more " +
                "(iucv supervisor --max-clients N, or SystemOptions.maxClients)");
        release(ring, ringName, false);
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
                "all " + machines.capacity() + " machine slots are taken; start the system with more " +
                "(iucv supervisor --max-machines N, or SystemOptions.maxMachines)");
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
        final int hosted = in.header().sourceSlot();
        if (hosted >= 0 && (hosted != slot || machines.generation(slot) != in.auxInt()))
        {
            // the requester hosted a machine of that name, which was logged off meanwhile: this one is another's
            respond(client, corr, ReturnCode.MACHINE_NOT_FOUND, 0, 0, 0,
                "machine " + describeName(in.name()) + " of this process was already logged off; the " +
                describeName(in.name()) + " logged on now (pid " + machines.pid(slot) + ") is another machine");
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
        slotByName.remove(packed);
        final List<long[]> waiting = freeMachineSlot(slot);
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
                "all " + paths.capacity() + " path slots are in use; start the system with more " +
                "(iucv supervisor --max-paths N, or SystemOptions.maxPaths)");
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
        commitDelivery(to).requestCorr = corr;
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
        if (0 == in.header().path() && 0 != in.auxLong())
        {
            withdrawConnect(client, in.auxLong());
            return;
        }
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

    /**
     * The requester of a CONNECT reported it failed (the target did not answer in time) and withdraws it: the path
     * still pending for that request is severed as if refused, so a late accept establishes nothing (a SEVER with
     * no path, naming the CONNECT's correlation id).
     */
    private void withdrawConnect(final int client, final long connectCorr)
    {
        for (final Map.Entry<Integer, long[]> e : pendingConnects.entrySet())
        {
            if (e.getValue()[0] == client && e.getValue()[1] == connectCorr)
            {
                final int slot = e.getKey();
                log.log("CP CONNECT " + describeName(machines.name(paths.endA(slot))) + " -> " +
                    describeName(machines.name(paths.endB(slot))) + " withdrawn by its requester (no answer in time)");
                severPath(slot, -1, UserData.EMPTY);
                return;
            }
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
        shutdownPending = true;
        shutdownDeadlineMs = clock.time() + options.controlTimeoutMs() / 2;
        int skipped = 0;
        for (final Integer slot : new ArrayList<>(slotByName.values()))
        {
            String damage = machineDamage(slot);
            if (null == damage)
            {
                try
                {
                    beginLogoff(slot);
                    continue;
                }
                catch (final RuntimeException ex)
                {
                    // a path entry of it is garbage: the rest of the machines must still log off
                    damage = TablesQuery.firstProblem(tables, RingFiles.TABLES + " in " + ns.describe());
                    damage = null == damage ? ex.toString() : damage;
                }
            }
            dropDamaged(slot, damage);
            skipped++;
        }
        log.log("CP SHUTDOWN: " + slotByName.size() + " machines logging off" +
            (0 == skipped ? "" : ", " + skipped + " with garbage entries told but not waited for"));
    }

    /**
     * A shutdown meets a machine whose entry is garbage: nothing in the entry can be trusted (its client slot, its
     * state), so the machine is not waited for. It is still told LOGOFF through the inbox the CP mapped at its IPL
     * (the CP's own, not read from the entry), and its LOGOFF_DONE finds the slot FREE and is ignored. The slot is
     * freed, so the system counts as stopped once the sound machines are gone, instead of waiting out the timeouts.
     */
    private void dropDamaged(final int slot, final String damage)
    {
        log.log("CP SHUTDOWN: machine slot " + slot + " is logged off without waiting for it: " + damage);
        long packed = 0;
        for (final Map.Entry<Long, Integer> entry : slotByName.entrySet())
        {
            if (entry.getValue() == slot)
            {
                packed = entry.getKey();
            }
        }
        slotByName.values().remove(slot);
        if (null != inboxes[slot])
        {
            out.wrapForEncode(scratch, 0).header().put(-1, 0, 0, tables.cpToken());
            pendingType = FrameType.LOGOFF;
            pendingSource = -1;
            commitDelivery(slot).targetName = packed; // the journal names the machine the CP knows, not the garbage
        }
        final List<long[]> waiting = freeMachineSlot(slot);
        if (null != waiting)
        {
            for (final long[] w : waiting)
            {
                respond((int)w[0], w[1], ReturnCode.INVALID_PARAMETER, 0, 0, 0, "the system shut down; the " +
                    "machine's entry in " + RingFiles.TABLES + " is corrupt: " + damage);
            }
        }
    }

    /**
     * Free a machine's slot and everything the CP holds for it (its inbox mapping, its panic mark).
     *
     * @return the LOGOFF requests that were waiting for it, for the caller to answer; null if none.
     */
    private List<long[]> freeMachineSlot(final int slot)
    {
        machines.free(slot);
        if (null != inboxNames[slot])
        {
            release(inboxes[slot], inboxNames[slot], true);
        }
        inboxes[slot] = null;
        inboxNames[slot] = null;
        panicked[slot] = false;
        return pendingLogoffs.remove(slot);
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
        // During a shutdown every machine is logging off and gets onLogoff, never onConnectionSevered (as in the seed).
        if (machines.state(to) == MachineDirectory.FREE || tables.isShutdown())
        {
            return;
        }
        deliver(to, FrameType.SEVERED, by, path, 0);
        out.userData(userData);
        commitDelivery(to);
    }

    private int pendingType;
    private int pendingSource;

    /**
     * Start encoding an interrupt for a machine into the scratch buffer; finish with {@link #commitDelivery}.
     * LOGOFF needs no payload fields and is committed at once.
     */
    private void deliver(final int to, final int type, final int source, final long path, final long unused)
    {
        out.wrapForEncode(scratch, 0).header().put(source, 0, path, tables.cpToken());
        pendingType = type;
        pendingSource = source;
        if (type == FrameType.LOGOFF)
        {
            commitDelivery(to);
        }
    }

    private Effect commitDelivery(final int to)
    {
        final Effect e = fx.add();
        e.kind = Effect.INTERRUPT;
        e.type = pendingType;
        e.target = to;
        e.targetName = machines.name(to);
        e.peerName = pendingSource >= 0 && machines.isValidSlot(pendingSource) ? machines.name(pendingSource) : 0;
        e.ring = inboxes[to];
        copyFrame(e);
        return e;
    }

    private void copyFrame(final Effect e)
    {
        final int n = out.length();
        if (null == e.frame || e.frame.length < n)
        {
            e.frame = new byte[Math.max(n, 256)];
        }
        scratch.getBytes(0, e.frame, 0, n);
        e.length = n;
    }

    private void release(final ManyToOneRingBuffer ring, final String name, final boolean delete)
    {
        final Effect e = fx.add();
        e.kind = Effect.RELEASE;
        e.ring = ring;
        e.fileName = name;
        e.delete = delete;
    }

    /**
     * Write the effects of one applied event: interrupts into inboxes (kept in a backlog while an inbox is full),
     * answers on response rings, then release the files the event let go. Must run on one thread, in event order.
     *
     * @param effects  what {@link #apply} collected; cleared on return.
     * @param listener sees every interrupt and answer before it is written.
     */
    public void notify(final Effects effects, final EffectListener listener)
    {
        for (int i = 0; i < effects.size(); i++)
        {
            final Effect e = effects.get(i);
            switch (e.kind)
            {
                case Effect.INTERRUPT:
                    if (null != e.ring)
                    {
                        listener.onEffect(e);
                        writer.interrupt(e.ring, e.type, e.frame, e.length);
                    }
                    break;
                case Effect.RESPONSE:
                    listener.onEffect(e);
                    writer.response(e.ring, e.frame, e.length);
                    break;
                case Effect.RELEASE:
                    writer.forget(e.ring);
                    ns.release(e.fileName);
                    if (e.delete)
                    {
                        ns.delete(e.fileName);
                    }
                    break;
                default:
                    break;
            }
            e.ring = null;
        }
        effects.clear();
    }

    /**
     * A pipeline that runs apply and notify on threads of their own need not wake them when time passes and nothing
     * waits on time: only a shutdown in progress and interrupts held back for a full inbox do.
     *
     * @return true while a {@link #TICK} has something to do.
     */
    public boolean wantsTick()
    {
        return shutdownPending || backlogPending;
    }

    /**
     * Retry interrupts held back because an inbox was full. Call on the notify thread.
     *
     * @return interrupts written.
     */
    public int drainBacklog()
    {
        return writer.drain();
    }

    /** Writes effects into rings; keeps, per inbox, the interrupts that did not fit, in order. */
    private final class EffectsWriter
    {
        private final Map<ManyToOneRingBuffer, ArrayDeque<byte[]>> backlog = new java.util.IdentityHashMap<>();
        private final UnsafeBuffer view = new UnsafeBuffer(0, 0);

        void interrupt(final ManyToOneRingBuffer inbox, final int type, final byte[] frame, final int length)
        {
            final ArrayDeque<byte[]> queue = backlog.get(inbox);
            view.wrap(frame, 0, length);
            if (null == queue && inbox.write(type, view, 0, length))
            {
                return;
            }
            final byte[] copy = new byte[4 + length];
            System.arraycopy(frame, 0, copy, 4, length);
            new UnsafeBuffer(copy).putInt(0, type);
            backlog.computeIfAbsent(inbox, k -> new ArrayDeque<>()).add(copy);
            backlogPending = true;
        }

        void response(final ManyToOneRingBuffer ring, final byte[] frame, final int length)
        {
            view.wrap(frame, 0, length);
            for (int i = 0; i < 10_000; i++)
            {
                if (ring.write(FrameType.RESPONSE, view, 0, length))
                {
                    return;
                }
                Thread.onSpinWait();
            }
            log.log("CP could not answer a request: client ring full");
        }

        void forget(final ManyToOneRingBuffer ring)
        {
            if (null != ring)
            {
                backlog.remove(ring);
            }
        }

        int drain()
        {
            if (backlog.isEmpty())
            {
                return 0;
            }
            int work = 0;
            final var it = backlog.entrySet().iterator();
            while (it.hasNext())
            {
                final var e = it.next();
                final ManyToOneRingBuffer inbox = e.getKey();
                final ArrayDeque<byte[]> queue = e.getValue();
                while (!queue.isEmpty())
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
                if (queue.isEmpty())
                {
                    it.remove();
                }
            }
            backlogPending = !backlog.isEmpty();
            return work;
        }
    }

    private void respond(final int client, final long corr, final ReturnCode rc, final long path, final int auxInt,
        final long auxLong, final String text)
    {
        if (client < 0 || client >= clientRings.length || null == clientRings[client] || 0 == corr)
        {
            return;
        }
        writeResponse(clientRings[client], corr, rc, path, auxInt, auxLong, text).target = client;
    }

    private Effect writeResponse(final ManyToOneRingBuffer ring, final long corr, final ReturnCode rc, final long path,
        final int auxInt, final long auxLong, final String text)
    {
        out.wrapForEncode(scratch, 0).header().put(-1, 0, path, corr);
        out.rc(rc.code()).auxInt(auxInt).auxLong(auxLong).text(text);
        final Effect e = fx.add();
        e.kind = Effect.RESPONSE;
        e.type = FrameType.RESPONSE;
        e.ring = ring;
        copyFrame(e);
        return e;
    }

    private final long[] reportedDead = new long[256];

    /**
     * Detect dead or silent processes; their death enters the pipeline as a {@link #CLIENT_DIED} event, once.
     */
    /**
     * The liveness check runs every heartbeat interval for every process: keep each process's handle, so the check
     * allocates nothing (ProcessHandle.of allocates a handle and two Optionals per call).
     */
    private boolean isAlive(final int clientSlot, final long pid)
    {
        ProcessHandle handle = processHandles[clientSlot];
        if (null == handle || handle.pid() != pid)
        {
            handle = ProcessHandle.of(pid).orElse(null);
            processHandles[clientSlot] = handle;
        }
        return null != handle && handle.isAlive();
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
            final boolean alive = isAlive(c, clientPid);
            final String why = !alive ? "died" : now - clients.heartbeatMs(c) > timeout ?
                "stopped its heartbeat for over " + timeout + " ms" : null;
            if (null == why)
            {
                continue;
            }
            final long mark = clientPid ^ ((long)clients.generation(c) << 40);
            if (c < reportedDead.length && reportedDead[c] == mark)
            {
                continue;
            }
            if (c < reportedDead.length)
            {
                reportedDead[c] = mark;
            }
            deathEncoder.wrapForEncode(deathBuffer, 0).header().put(-1, 0, 0, 0);
            deathEncoder.clientSlot(c).auxLong(clientPid).auxInt(clients.generation(c)).text(why);
            pipeline.publish(CLIENT_DIED, deathBuffer, 0, deathEncoder.length());
        }
    }

    private final UnsafeBuffer deathBuffer = new UnsafeBuffer(ByteBuffer.allocateDirect(2048));
    /** Used on the conductor thread only; {@link #out} belongs to the apply step. */
    private final ControlFlyweight deathEncoder = new ControlFlyweight();
    private volatile boolean unblockRequested;

    private void onClientDied(final int c, final long clientPid, final int generation, final String why)
    {
        if (c < 0 || c >= clients.capacity() || clients.state(c) != ClientTable.ACTIVE || clients.pid(c) != clientPid ||
            clients.generation(c) != generation)
        {
            return;
        }
        reapClient(c, why);
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
            release(clientRings[c], clientRingNames[c], true);
        }
        clientRings[c] = null;
        clientRingNames[c] = null;
        if (!"left".equals(why))
        {
            tables.incrementDeathEpoch();
            unblockRequested = true;
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
