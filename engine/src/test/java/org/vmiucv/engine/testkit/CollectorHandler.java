package org.vmiucv.engine.testkit;

import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.agrona.concurrent.UnsafeBuffer;
import org.vmiucv.engine.ConnectOptions;
import org.vmiucv.engine.IucvException;
import org.vmiucv.engine.IucvMessage;
import org.vmiucv.engine.MachineContext;
import org.vmiucv.engine.MachineHandler;
import org.vmiucv.engine.MachineId;
import org.vmiucv.engine.PathId;
import org.vmiucv.engine.PendingConnection;
import org.vmiucv.engine.Supervisor;
import org.vmiucv.engine.UserData;

/**
 * A handler that records everything into a {@link CollectorHandle}, with a few behaviours tests need: refuse some
 * callers, answer two-way messages, hold incoming data (to build up msglim), or throw.
 * <p>
 * The behaviour can be given as a spec string, so a child process can build the same handler:
 * {@code refuse=ALL|NAME+NAME;echo;acceptUd=TEXT;acceptMsglim=N;panic=ipl|smsg|logoff;smsgOnIpl=NAME;
 * connectOnSmsg;replyInCallback}. With {@code replyInCallback} every message, one-way or not, is answered in
 * onIucvData with {@code reply(message, ...)} and the status recorded as a RESULT event. With {@code connectOnSmsg}, an SMSG {@code "connect NAME"} makes the handler call the blocking
 * {@code connect} and then {@code connectAsync} from its callback, recording each outcome as a RESULT event.
 */
public final class CollectorHandler implements MachineHandler
{
    private final CollectorHandle handle;
    private Set<String> refuse = Set.of();
    private boolean refuseAll;
    private boolean echo;
    private UserData acceptUserData = UserData.EMPTY;
    private int acceptMsglim;
    private String panicIn = "";
    private volatile boolean hold;
    private String smsgOnIpl = "";
    private boolean connectOnSmsg;
    private boolean replyInCallback;
    private volatile Supervisor supervisor;

    /**
     * @param handle where to record.
     */
    public CollectorHandler(final CollectorHandle handle)
    {
        this.handle = handle;
    }

    /**
     * @param handle where to record.
     * @param spec   behaviour spec, see the class comment; empty for plain recording.
     * @return the handler.
     */
    public static CollectorHandler fromSpec(final CollectorHandle handle, final String spec)
    {
        final CollectorHandler h = new CollectorHandler(handle);
        if (null == spec || spec.isBlank())
        {
            return h;
        }
        for (final String item : spec.split(";"))
        {
            final String[] kv = item.split("=", 2);
            final String v = kv.length > 1 ? kv[1] : "";
            switch (kv[0].trim())
            {
                case "refuse":
                    if ("ALL".equals(v))
                    {
                        h.refuseAll = true;
                    }
                    else
                    {
                        h.refuse = Set.of(v.split("\\+"));
                    }
                    break;
                case "echo": h.echo = true; break;
                case "acceptUd": h.acceptUserData = UserData.of(v); break;
                case "acceptMsglim": h.acceptMsglim = Integer.parseInt(v); break;
                case "panic": h.panicIn = v; break;
                case "hold": h.hold = true; break;
                case "smsgOnIpl": h.smsgOnIpl = v; break;
                case "connectOnSmsg": h.connectOnSmsg = true; break;
                case "replyInCallback": h.replyInCallback = true; break;
                default: throw new IllegalArgumentException("unknown collector behaviour '" + item + "'");
            }
        }
        return h;
    }

    /**
     * @param supervisor the control plane of the process hosting this machine, for actions taken in callbacks.
     * @return this.
     */
    public CollectorHandler supervisor(final Supervisor supervisor)
    {
        this.supervisor = supervisor;
        return this;
    }

    /**
     * @return the handle this handler records into.
     */
    public CollectorHandle handle()
    {
        return handle;
    }

    /**
     * While holding, onIucvData blocks (up to 20 s) so that messages pile up as sent-not-received.
     *
     * @param hold true to hold, false to release.
     */
    public void hold(final boolean hold)
    {
        synchronized (this)
        {
            this.hold = hold;
            notifyAll();
        }
    }

    private void record(final CollectorHandle.Kind kind, final MachineId peer, final PathId path, final String text,
        final byte[] data, final UserData ud, final long id, final boolean twoWay)
    {
        handle.add(new CollectorHandle.Event(kind, peer, path, text, data, ud, id, twoWay));
    }

    /** {@inheritDoc} */
    public void onIpl(final MachineContext ctx)
    {
        record(CollectorHandle.Kind.IPL, null, null, null, null, null, 0, false);
        if (!smsgOnIpl.isEmpty())
        {
            final int status = ctx.trySendSmsg(MachineId.of(smsgOnIpl), "hello from onIpl");
            record(CollectorHandle.Kind.RESULT, null, null, "smsgOnIpl " + status, null, null, status, false);
        }
        if ("ipl".equals(panicIn))
        {
            throw new IllegalStateException("collector told to panic in onIpl");
        }
    }

    /** {@inheritDoc} */
    public void onSmsg(final MachineContext ctx, final MachineId from, final CharSequence text)
    {
        record(CollectorHandle.Kind.SMSG, from, null, text.toString(), null, null, 0, false);
        if (connectOnSmsg && text.toString().startsWith("connect "))
        {
            connectFromCallback(ctx, MachineId.of(text.toString().substring("connect ".length())));
        }
        if ("smsg".equals(panicIn))
        {
            throw new IllegalStateException("collector told to panic in onSmsg");
        }
    }

    private void connectFromCallback(final MachineContext ctx, final MachineId to)
    {
        final Supervisor cp = supervisor;
        String blocking;
        try
        {
            blocking = "connect OK " + cp.connect(ctx.machineId(), to);
        }
        catch (final IucvException ex)
        {
            blocking = "connect " + ex.getMessage();
        }
        record(CollectorHandle.Kind.RESULT, null, null, blocking, null, null, 0, false);
        cp.connectAsync(ctx.machineId(), to, ConnectOptions.DEFAULT).whenComplete((path, error) ->
            record(CollectorHandle.Kind.RESULT, null, path, null == error ? "connectAsync OK" :
                "connectAsync " + error.getMessage(), null, null, 0, false));
    }

    /** {@inheritDoc} */
    public boolean onConnectionPending(final MachineContext ctx, final PendingConnection pending)
    {
        record(CollectorHandle.Kind.PENDING, pending.from(), pending.path(), null, null, pending.userData(),
            pending.msglim(), false);
        if (refuseAll || refuse.contains(pending.from().name()))
        {
            return false;
        }
        pending.acceptUserData(acceptUserData);
        if (acceptMsglim > 0)
        {
            pending.acceptMsglim(acceptMsglim);
        }
        return true;
    }

    /** {@inheritDoc} */
    public void onConnectionComplete(final MachineContext ctx, final PathId path, final MachineId peer,
        final UserData userData)
    {
        record(CollectorHandle.Kind.COMPLETE, peer, path, null, null, userData, 0, false);
    }

    /** {@inheritDoc} */
    public void onIucvData(final MachineContext ctx, final IucvMessage message)
    {
        final byte[] data = message.toByteArray();
        record(CollectorHandle.Kind.DATA, null, message.path(), null, data, null, message.messageId(),
            message.isTwoWay());
        if (echo && message.isTwoWay())
        {
            ctx.reply(message, new UnsafeBuffer(data), 0, data.length);
        }
        if (replyInCallback)
        {
            final int status = ctx.reply(message, new UnsafeBuffer(data), 0, data.length);
            record(CollectorHandle.Kind.RESULT, null, message.path(), "reply " + status, null, null, status, false);
        }
        synchronized (this)
        {
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (hold && System.nanoTime() < deadline)
            {
                try
                {
                    wait(10);
                }
                catch (final InterruptedException ex)
                {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /** {@inheritDoc} */
    public void onReply(final MachineContext ctx, final IucvMessage reply)
    {
        record(CollectorHandle.Kind.REPLY, null, reply.path(), null, reply.toByteArray(), null, reply.messageId(),
            false);
    }

    /** {@inheritDoc} */
    public void onReplyTimeout(final MachineContext ctx, final PathId path, final long messageId)
    {
        record(CollectorHandle.Kind.REPLY_TIMEOUT, null, path, null, null, null, messageId, false);
    }

    /** {@inheritDoc} */
    public void onConnectionSevered(final MachineContext ctx, final PathId path, final UserData userData)
    {
        record(CollectorHandle.Kind.SEVERED, null, path, null, null, userData, 0, false);
    }

    /** {@inheritDoc} */
    public void onPathQuiesced(final MachineContext ctx, final PathId path, final UserData userData)
    {
        record(CollectorHandle.Kind.QUIESCED, null, path, null, null, userData, 0, false);
    }

    /** {@inheritDoc} */
    public void onPathResumed(final MachineContext ctx, final PathId path, final UserData userData)
    {
        record(CollectorHandle.Kind.RESUMED, null, path, null, null, userData, 0, false);
    }

    /** {@inheritDoc} */
    public void onLogoff(final MachineContext ctx)
    {
        record(CollectorHandle.Kind.LOGOFF, null, null, null, null, null, 0, false);
        if ("logoff".equals(panicIn))
        {
            throw new IllegalStateException("collector told to panic in onLogoff");
        }
    }
}
