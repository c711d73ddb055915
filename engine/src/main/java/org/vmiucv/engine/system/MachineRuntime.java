package org.vmiucv.engine.system;

import static org.vmiucv.engine.layout.FrameDescriptor.FLAG_B_TO_A;
import static org.vmiucv.engine.layout.FrameDescriptor.FLAG_TWO_WAY;
import static org.vmiucv.engine.layout.FrameDescriptor.HEADER_LENGTH;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.collections.Long2LongHashMap;
import org.agrona.collections.Long2ObjectHashMap;
import org.agrona.concurrent.AtomicBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.MessageHandler;
import org.agrona.concurrent.ringbuffer.ManyToOneRingBuffer;
import org.vmiucv.engine.IucvBuffer;
import org.vmiucv.engine.IucvMessage;
import org.vmiucv.engine.MachineContext;
import org.vmiucv.engine.MachineHandler;
import org.vmiucv.engine.MachineId;
import org.vmiucv.engine.PathId;
import org.vmiucv.engine.ReturnCode;
import org.vmiucv.engine.SendResult;
import org.vmiucv.engine.SmsgText;
import org.vmiucv.engine.UserData;
import org.vmiucv.engine.layout.ControlFlyweight;
import org.vmiucv.engine.layout.FrameFlyweight;
import org.vmiucv.engine.layout.FrameType;
import org.vmiucv.engine.layout.MachineDirectory;
import org.vmiucv.engine.layout.PathTable;

/**
 * One logged-on machine in this process: drains its inbox, validates every frame, calls its handler, and
 * implements the {@link MachineContext} it hands to that handler. Runs only on its host's agent thread.
 * <p>
 * The send, receive and dispatch paths allocate nothing: flyweights are fields, path and machine ids are interned.
 */
final class MachineRuntime implements MachineContext, MessageHandler
{
    /** Messages up to this length are framed in the host's scratch buffer and copied into the ring in one write. */
    static final int SMALL_MESSAGE = 256;

    private final MachineHost host;
    private final MachineId id;
    private final int slot;
    private final MachineHandler handler;
    private final ManyToOneRingBuffer inbox;
    private final String inboxName;
    private final PathTable paths;
    private final MachineDirectory directory;
    private final long cpToken;

    private final Long2ObjectHashMap<LocalPath> knownPaths = new Long2ObjectHashMap<>();
    private long lastPacked = -1;
    private LocalPath lastPath;
    private final Long2LongHashMap replyDeadlines = new Long2LongHashMap(Long.MIN_VALUE);
    private final Long2LongHashMap replyPaths = new Long2LongHashMap(0);
    private final long[] expired = new long[256];
    private int expiredCount;
    private long scanNowNs;
    private long scanPath;
    private final org.agrona.collections.LongLongConsumer deadlineScan = this::scanDeadline;
    private final org.agrona.collections.LongLongConsumer pathScan = this::scanPath;

    private final FrameFlyweight frame = new FrameFlyweight();
    private final FrameFlyweight outFrame = new FrameFlyweight();
    private final ControlFlyweight control = new ControlFlyweight();
    private final AsciiView text = new AsciiView();
    private final MessageView message = new MessageView();
    private final PendingView pending = new PendingView();

    private long nextMessageId = 1;
    private long sentCount;
    private long receivedCount;
    private boolean panicked;
    private boolean loggedOff;

    MachineRuntime(final MachineHost host, final MachineId id, final int slot, final MachineHandler handler,
        final ManyToOneRingBuffer inbox, final String inboxName)
    {
        this.host = host;
        this.id = id;
        this.slot = slot;
        this.handler = handler;
        this.inbox = inbox;
        this.inboxName = inboxName;
        this.paths = host.tables().paths();
        this.directory = host.tables().machines();
        this.cpToken = host.tables().cpToken();
    }

    MachineId id()
    {
        return id;
    }

    int slot()
    {
        return slot;
    }

    String inboxName()
    {
        return inboxName;
    }

    ManyToOneRingBuffer inbox()
    {
        return inbox;
    }

    boolean isLoggedOff()
    {
        return loggedOff;
    }

    boolean isPanicked()
    {
        return panicked;
    }

    int poll(final int limit)
    {
        return inbox.read(this, limit);
    }

    void ipl()
    {
        try
        {
            handler.onIpl(this);
        }
        catch (final Throwable t)
        {
            panic(t, "onIpl");
        }
    }

    // ---------------------------------------------------------------- receive and dispatch

    /** {@inheritDoc} */
    public void onMessage(final int type, final MutableDirectBuffer buffer, final int index, final int length)
    {
        if (loggedOff)
        {
            return;
        }
        if (length < HEADER_LENGTH || (panicked && type != FrameType.LOGOFF))
        {
            dropped();
            return;
        }
        frame.wrap(buffer, index);
        try
        {
            switch (type)
            {
                case FrameType.SMSG: onSmsg(buffer, index, length); break;
                case FrameType.DATA: onData(buffer, index, length, false); break;
                case FrameType.REPLY: onData(buffer, index, length, true); break;
                case FrameType.LOGOFF:
                    if (frame.messageId() != cpToken)
                    {
                        dropped();
                        break;
                    }
                    onLogoff();
                    break;
                default: onInterrupt(type, buffer, index, length);
            }
        }
        catch (final Throwable t)
        {
            panic(t, FrameType.name(type));
        }
    }

    private void onSmsg(final MutableDirectBuffer buffer, final int index, final int length)
    {
        final int textLength = length - HEADER_LENGTH - 8;
        final MachineId from = textLength < 0 ? null : host.intern(buffer.getLong(index + HEADER_LENGTH));
        if (null == from || textLength > SmsgText.MAX_LENGTH)
        {
            dropped();
            return;
        }
        received();
        handler.onSmsg(this, from, text.wrap(buffer, index + HEADER_LENGTH + 8, textLength));
    }

    private void onData(final MutableDirectBuffer buffer, final int index, final int length, final boolean isReply)
    {
        final long packed = frame.path();
        final int flags = frame.flags();
        final int ps = (int)(packed >>> 32);
        final boolean bToA = (flags & FLAG_B_TO_A) != 0;
        final LocalPath local = local(packed);
        if (null == local || !paths.isValidSlot(ps) || paths.generation(ps) != (int)packed ||
            paths.state(ps) != PathTable.ESTABLISHED ||
            frame.sourceSlot() != (bToA ? paths.endB(ps) : paths.endA(ps)) ||
            slot != (bToA ? paths.endA(ps) : paths.endB(ps)))
        {
            dropped();
            return;
        }
        message.wrap(local.id, frame.messageId(), (flags & FLAG_TWO_WAY) != 0, buffer, index + HEADER_LENGTH,
            length - HEADER_LENGTH);
        received();
        if (isReply)
        {
            if (replyDeadlines.remove(frame.messageId()) == Long.MIN_VALUE)
            {
                dropped();
                return;
            }
            replyPaths.remove(frame.messageId());
            handler.onReply(this, message);
        }
        else
        {
            paths.received(ps, bToA, paths.received(ps, bToA) + 1);
            handler.onIucvData(this, message);
        }
    }

    private void onInterrupt(final int type, final MutableDirectBuffer buffer, final int index, final int length)
    {
        control.wrap(buffer, index, length);
        if (!control.isComplete() || frame.messageId() != cpToken ||
            frame.sourceSlot() >= 0 && !directory.isValidSlot(frame.sourceSlot()))
        {
            dropped();
            return;
        }
        final long packed = frame.path();
        switch (type)
        {
            case FrameType.PENDING:
                onPending(packed);
                break;
            case FrameType.COMPLETE:
            {
                LocalPath local = knownPaths.get(packed);
                if (null == local)
                {
                    local = new LocalPath(PathId.fromPacked(packed));
                    knownPaths.put(packed, local);
                }
                final PathId path = local.id;
                try
                {
                    handler.onConnectionComplete(this, path, host.intern(control.name()), control.userData());
                }
                finally
                {
                    host.pathCompleted(packed);
                }
                break;
            }
            case FrameType.SEVERED:
            {
                final LocalPath local = forget(packed);
                if (null != local)
                {
                    expireRepliesOn(packed);
                    handler.onConnectionSevered(this, local.id, control.userData());
                }
                break;
            }
            case FrameType.QUIESCED:
            case FrameType.RESUMED:
            {
                final LocalPath local = knownPaths.get(packed);
                if (null != local)
                {
                    final PathId path = local.id;
                    if (type == FrameType.QUIESCED)
                    {
                        handler.onPathQuiesced(this, path, control.userData());
                    }
                    else
                    {
                        handler.onPathResumed(this, path, control.userData());
                    }
                }
                break;
            }
            default:
                dropped();
        }
    }

    private void onPending(final long packed)
    {
        final PathId path = PathId.fromPacked(packed);
        knownPaths.put(packed, new LocalPath(path));
        pending.reset(path, host.intern(control.name()), control.userData(), control.msglim());
        boolean accept = false;
        try
        {
            accept = handler.onConnectionPending(this, pending);
        }
        finally
        {
            final ControlFlyweight out = host.beginControl(accept ? FrameType.ACCEPT : FrameType.REFUSE, slot, packed, 0);
            if (accept)
            {
                out.userData(pending.acceptUserData).msglim(pending.acceptMsglim);
            }
            else
            {
                forget(packed);
            }
            host.sendControl();
        }
    }

    private void onLogoff()
    {
        if (!panicked)
        {
            try
            {
                handler.onLogoff(this);
            }
            catch (final Throwable t)
            {
                if (t instanceof VirtualMachineError)
                {
                    throw (VirtualMachineError)t;
                }
                // as in the seed crate: a handler that throws in onLogoff has panicked, and its logoff says so (28)
                panicked = true;
                host.log().log("DMSIUC028E machine " + id + " panicked in onLogoff: " + t);
            }
        }
        loggedOff = true;
        host.beginControl(FrameType.LOGOFF_DONE, slot, 0, 0).rc(panicked ? ReturnCode.MACHINE_PANICKED.code() : 0);
        host.sendControl();
    }

    /**
     * The Supervisor reaped this machine's process and logged the machine off without telling it (the process was
     * stopped or silent): the handler still gets onLogoff, on this host thread, and nothing is reported back, since
     * the machine's slot may already belong to a successor.
     */
    void onReaped()
    {
        if (loggedOff)
        {
            return;
        }
        if (!panicked)
        {
            try
            {
                handler.onLogoff(this);
            }
            catch (final Throwable t)
            {
                host.log().log("machine " + id + " threw in onLogoff: " + t);
            }
        }
        loggedOff = true;
    }

    private void panic(final Throwable t, final String where)
    {
        if (t instanceof VirtualMachineError)
        {
            throw (VirtualMachineError)t;
        }
        if (panicked)
        {
            return;
        }
        panicked = true;
        host.log().log("DMSIUC028E machine " + id + " panicked in " + where + ": " + t);
        host.beginControl(FrameType.PANIC, slot, 0, 0);
        host.sendControl();
    }

    private void received()
    {
        directory.received(slot, ++receivedCount);
    }

    private void dropped()
    {
        directory.incrementDropped(slot);
    }

    // ---------------------------------------------------------------- duty cycle

    /** Gives the handler its periodic call ({@link MachineHandler#onDutyCycle}), from the host's housekeeping. */
    void dutyCycle()
    {
        if (loggedOff || panicked)
        {
            return;
        }
        try
        {
            handler.onDutyCycle(this);
        }
        catch (final Throwable t)
        {
            panic(t, "onDutyCycle");
        }
    }

    // ---------------------------------------------------------------- reply deadlines

    int checkReplyDeadlines(final long nowNs)
    {
        if (replyDeadlines.isEmpty())
        {
            return 0;
        }
        expiredCount = 0;
        scanNowNs = nowNs;
        replyDeadlines.longForEach(deadlineScan);
        fireExpired();
        return expiredCount;
    }

    private void scanDeadline(final long msgId, final long deadline)
    {
        if (deadline <= scanNowNs && expiredCount < expired.length)
        {
            expired[expiredCount++] = msgId;
        }
    }

    private void scanPath(final long msgId, final long path)
    {
        if (path == scanPath && expiredCount < expired.length)
        {
            expired[expiredCount++] = msgId;
        }
    }

    private void expireRepliesOn(final long packedPath)
    {
        expiredCount = 0;
        scanPath = packedPath;
        replyPaths.longForEach(pathScan);
        fireExpired();
    }

    private void fireExpired()
    {
        for (int i = 0; i < expiredCount; i++)
        {
            final long msgId = expired[i];
            replyDeadlines.remove(msgId);
            final PathId path = PathId.fromPacked(replyPaths.remove(msgId));
            try
            {
                handler.onReplyTimeout(this, path, msgId);
            }
            catch (final Throwable t)
            {
                panic(t, "onReplyTimeout");
            }
        }
    }

    // ---------------------------------------------------------------- MachineContext: the data plane

    /** {@inheritDoc} */
    public MachineId machineId()
    {
        return id;
    }

    /** {@inheritDoc} */
    public int trySendSmsg(final MachineId to, final CharSequence text)
    {
        if (loggedOff || panicked)
        {
            return SendResult.CLOSED;
        }
        final int length = text.length();
        if (length > SmsgText.MAX_LENGTH)
        {
            return SendResult.INVALID_LENGTH;
        }
        final int target = host.inboxes().slotOf(to.packed());
        final ManyToOneRingBuffer ring = target < 0 ? null : host.inboxes().inbox(target);
        if (null == ring)
        {
            return SendResult.MACHINE_NOT_FOUND;
        }
        final int index = ring.tryClaim(FrameType.SMSG, HEADER_LENGTH + 8 + length);
        if (index < 0)
        {
            dropped();
            return SendResult.DROPPED;
        }
        // one pass: copy into the claimed record and check for ASCII on the way; a bad text gives the claim back
        final AtomicBuffer buffer = ring.buffer();
        final int textOffset = index + HEADER_LENGTH + 8;
        int bad = 0;
        for (int i = 0; i < length; i++)
        {
            final char c = text.charAt(i);
            bad |= c;
            buffer.putByte(textOffset + i, (byte)c);
        }
        if (bad > 127)
        {
            ring.abort(index);
            return SendResult.INVALID_LENGTH;
        }
        outFrame.wrap(buffer, index).put(slot, 0, 0, 0);
        buffer.putLong(index + HEADER_LENGTH, id.packed());
        ring.commit(index);
        directory.sent(slot, ++sentCount);
        if (host.traceData())
        {
            host.trace(FrameType.SMSG, slot, to.packed(), 0, 0, buffer, textOffset, length);
        }
        return SendResult.OK;
    }

    /** {@inheritDoc} */
    public long iucvSend(final PathId path, final DirectBuffer buffer, final int offset, final int length)
    {
        final long messageId = nextMessageId;
        final long result = send(FrameType.DATA, path, 0, messageId, buffer, offset, length);
        if (result == SendResult.OK)
        {
            nextMessageId++;
            return messageId;
        }
        return result;
    }

    /** {@inheritDoc} */
    public long iucvSendTwoWay(
        final PathId path, final DirectBuffer buffer, final int offset, final int length, final long timeoutNs)
    {
        final long messageId = nextMessageId;
        final long result = send(FrameType.DATA, path, FLAG_TWO_WAY, messageId, buffer, offset, length);
        if (result == SendResult.OK)
        {
            nextMessageId++;
            replyDeadlines.put(messageId, host.nanoTime() + Math.max(0, timeoutNs));
            replyPaths.put(messageId, path.packed());
            return messageId;
        }
        return result;
    }

    /** {@inheritDoc} */
    public int reply(final IucvMessage request, final DirectBuffer buffer, final int offset, final int length)
    {
        if (!request.isTwoWay())
        {
            return SendResult.NO_SUCH_MESSAGE;
        }
        return (int)send(FrameType.REPLY, request.path(), 0, request.messageId(), buffer, offset, length);
    }

    /** {@inheritDoc} */
    public int reply(final PathId path, final long messageId, final DirectBuffer buffer, final int offset,
        final int length)
    {
        if (messageId <= 0)
        {
            return SendResult.NO_SUCH_MESSAGE;
        }
        return (int)send(FrameType.REPLY, path, 0, messageId, buffer, offset, length);
    }

    private long send(final int type, final PathId path, final int flags, final long messageId,
        final DirectBuffer src, final int offset, final int length)
    {
        if (loggedOff || panicked)
        {
            return SendResult.CLOSED;
        }
        if (length < 0 || length > IucvBuffer.MAX_LENGTH || length + HEADER_LENGTH > inbox.maxMsgLength())
        {
            return SendResult.INVALID_LENGTH;
        }
        final int ps = path.slot();
        final LocalPath local = local(path.packed());
        if (null == local || paths.generation(ps) != path.generation() || paths.state(ps) != PathTable.ESTABLISHED)
        {
            return SendResult.PATH_NOT_ESTABLISHED;
        }
        if (local.peer < 0 && !local.resolve(paths, ps, slot))
        {
            return SendResult.PATH_NOT_ESTABLISHED;
        }
        final boolean bToA = local.bToA;
        final int peer = local.peer;
        if (type == FrameType.DATA)
        {
            if ((paths.quiesce(ps) & local.peerQuiesceBits) != 0)
            {
                return SendResult.PATH_QUIESCED;
            }
            // the receiver's counter lives on a line the receiver writes: read it only when the cached value
            // says the limit is reached, so a send normally touches no line the peer owns
            if (local.sent - local.receivedSeen >= local.msglim)
            {
                local.receivedSeen = paths.received(ps, bToA);
                if (local.sent - local.receivedSeen >= local.msglim)
                {
                    return SendResult.MESSAGE_LIMIT_EXCEEDED;
                }
            }
        }
        final ManyToOneRingBuffer ring = host.inboxes().inbox(peer);
        if (null == ring)
        {
            return SendResult.PATH_NOT_ESTABLISHED;
        }
        final int frameFlags = flags | (bToA ? FLAG_B_TO_A : 0);
        if (length <= SMALL_MESSAGE)
        {
            // a small message is framed off the ring and written in one go, so the record's line is claimed,
            // filled and committed in the shortest time the receiver's spinning read can see it half-written
            final UnsafeBuffer frameScratch = host.frameScratch();
            outFrame.wrap(frameScratch, 0).put(slot, frameFlags, path.packed(), messageId);
            frameScratch.putBytes(HEADER_LENGTH, src, offset, length);
            if (!ring.write(type, frameScratch, 0, HEADER_LENGTH + length))
            {
                return SendResult.BACK_PRESSURED;
            }
        }
        else
        {
            final int index = ring.tryClaim(type, HEADER_LENGTH + length);
            if (index < 0)
            {
                return SendResult.BACK_PRESSURED;
            }
            final AtomicBuffer buffer = ring.buffer();
            outFrame.wrap(buffer, index).put(slot, frameFlags, path.packed(), messageId);
            buffer.putBytes(index + HEADER_LENGTH, src, offset, length);
            ring.commit(index);
        }
        if (type == FrameType.DATA)
        {
            paths.sent(ps, bToA, ++local.sent);
        }
        directory.sent(slot, ++sentCount);
        if (host.traceData())
        {
            host.trace(type, slot, directory.name(peer), path.packed(), messageId, src, offset, length);
        }
        return SendResult.OK;
    }

    // ---------------------------------------------------------------- MachineContext: path control

    /** {@inheritDoc} */
    public int severPath(final PathId path, final UserData userData)
    {
        return pathControl(FrameType.SEVER_REQ, path, userData);
    }

    /** {@inheritDoc} */
    public int quiesce(final PathId path, final UserData userData)
    {
        return pathControl(FrameType.QUIESCE_REQ, path, userData);
    }

    /** {@inheritDoc} */
    public int resume(final PathId path, final UserData userData)
    {
        return pathControl(FrameType.RESUME_REQ, path, userData);
    }

    private int pathControl(final int type, final PathId path, final UserData userData)
    {
        final int ps = path.slot();
        if (loggedOff || null == knownPaths.get(path.packed()) || !paths.isValidSlot(ps) ||
            paths.generation(ps) != path.generation() || paths.state(ps) == PathTable.FREE)
        {
            return ReturnCode.PATH_NOT_FOUND.code();
        }
        if (type == FrameType.SEVER_REQ)
        {
            forget(path.packed());
            expireRepliesOn(path.packed());
        }
        host.beginControl(type, slot, path.packed(), 0).userData(null == userData ? UserData.EMPTY : userData);
        host.sendControl();
        return ReturnCode.OK.code();
    }

    /**
     * Most traffic stays on one path for a while: remember the last one looked up and skip the hash map for it.
     * The entry is cleared whenever a path leaves the map.
     */
    private LocalPath local(final long packed)
    {
        if (packed == lastPacked)
        {
            return lastPath;
        }
        final LocalPath local = knownPaths.get(packed);
        if (null != local)
        {
            lastPacked = packed;
            lastPath = local;
        }
        return local;
    }

    private LocalPath forget(final long packed)
    {
        if (packed == lastPacked)
        {
            lastPacked = -1;
            lastPath = null;
        }
        return knownPaths.remove(packed);
    }

    // ---------------------------------------------------------------- per-path state of this end

    /**
     * This end's view of a path: the interned id, the direction it sends in, and its own message counters. The
     * sender is the single writer of "sent", so it keeps the count here and only publishes it.
     */
    private static final class LocalPath
    {
        final PathId id;
        int peer = -1;
        boolean bToA;
        int peerQuiesceBits;
        int msglim;
        long sent;
        long receivedSeen;

        LocalPath(final PathId id)
        {
            this.id = id;
        }

        boolean resolve(final PathTable paths, final int ps, final int self)
        {
            final int a = paths.endA(ps);
            final int b = paths.endB(ps);
            if (a == self)
            {
                bToA = false;
                peer = b;
            }
            else if (b == self)
            {
                bToA = true;
                peer = a;
            }
            else
            {
                return false;
            }
            peerQuiesceBits = a == b ? PathTable.QUIESCED_A | PathTable.QUIESCED_B :
                (bToA ? PathTable.QUIESCED_A : PathTable.QUIESCED_B);
            msglim = paths.msglim(ps);
            sent = paths.sent(ps, bToA);
            receivedSeen = paths.received(ps, bToA);
            return true;
        }
    }

    // ---------------------------------------------------------------- flyweights handed to handlers

    private static final class PendingView implements org.vmiucv.engine.PendingConnection
    {
        private PathId path;
        private MachineId from;
        private UserData userData;
        private int msglim;
        private UserData acceptUserData;
        private int acceptMsglim;

        void reset(final PathId path, final MachineId from, final UserData userData, final int msglim)
        {
            this.path = path;
            this.from = from;
            this.userData = userData;
            this.msglim = msglim;
            acceptUserData = UserData.EMPTY;
            acceptMsglim = msglim;
        }

        public PathId path()
        {
            return path;
        }

        public MachineId from()
        {
            return from;
        }

        public UserData userData()
        {
            return userData;
        }

        public int msglim()
        {
            return msglim;
        }

        public void acceptUserData(final UserData userData)
        {
            acceptUserData = null == userData ? UserData.EMPTY : userData;
        }

        public void acceptMsglim(final int msglim)
        {
            if (msglim < 1 || msglim > 65_535)
            {
                throw new IllegalArgumentException("msglim " + msglim + " is out of range; 1 to 65535 is allowed");
            }
            acceptMsglim = msglim;
        }
    }
}
