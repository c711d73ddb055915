package org.vmiucv.xfl.transport;

import org.vmiucv.engine.IucvMessage;
import org.vmiucv.engine.MachineContext;
import org.vmiucv.engine.MachineHandler;
import org.vmiucv.engine.MachineId;
import org.vmiucv.engine.PathId;
import org.vmiucv.engine.PendingConnection;
import org.vmiucv.engine.UserData;
import org.vmiucv.engine.layout.FrameDescriptor;

/**
 * Stands in the Supervisor for a machine whose handler lives in another process: each callback is a synchronous
 * session with that process ({@link ProcessLink#session}), run on the host thread of that process.
 */
final class ProxyHandler implements MachineHandler
{
    private final ProcessLink link;
    private final MachineId name;
    private final long token;

    ProxyHandler(final ProcessLink link, final MachineId name, final long token)
    {
        this.link = link;
        this.name = name;
        this.token = token;
    }

    private RelayRecord begin(final int type)
    {
        return link.begin(type).machine(name.packed()).token(token);
    }

    /** A handler that threw in its process throws here too, so the engine panics the machine. */
    private RelayRecord done(final RelayRecord done)
    {
        if (null != done && (done.flags() & RelayRecordType.DONE_THREW) != 0)
        {
            throw new IllegalStateException("the handler of " + name + " in process pid " + link.pid() + " threw: " +
                done.payloadText(0));
        }
        return done;
    }

    /** {@inheritDoc} */
    public void onIpl(final MachineContext ctx)
    {
        link.hosted(name, true);
        begin(RelayRecordType.IPL);
        done(link.session(ctx));
    }

    /** {@inheritDoc} */
    public void onSmsg(final MachineContext ctx, final MachineId from, final CharSequence text)
    {
        begin(RelayRecordType.SMSG).appendLong(from.packed()).appendText(text);
        done(link.session(ctx));
    }

    /** {@inheritDoc} */
    public boolean onConnectionPending(final MachineContext ctx, final PendingConnection pending)
    {
        begin(RelayRecordType.PENDING).path(pending.path().packed()).aux(pending.msglim())
            .appendLong(pending.from().packed()).appendUserData(pending.userData());
        final RelayRecord done = done(link.session(ctx));
        if (null == done || done.aux() != 1)
        {
            return false;
        }
        pending.acceptUserData(done.payloadUserData(0));
        final int msglim = done.payloadInt(UserData.LENGTH);
        if (msglim > 0)
        {
            pending.acceptMsglim(msglim);
        }
        return true;
    }

    /** {@inheritDoc} */
    public void onConnectionComplete(final MachineContext ctx, final PathId path, final MachineId peer,
        final UserData userData)
    {
        begin(RelayRecordType.COMPLETE).path(path.packed()).appendLong(peer.packed()).appendUserData(userData);
        done(link.session(ctx));
    }

    /** {@inheritDoc} */
    public void onIucvData(final MachineContext ctx, final IucvMessage message)
    {
        begin(RelayRecordType.DATA).path(message.path().packed()).messageId(message.messageId())
            .flags(message.isTwoWay() ? FrameDescriptor.FLAG_TWO_WAY : 0)
            .appendBuffer(message.buffer(), message.offset(), message.length());
        done(link.session(ctx));
    }

    /** {@inheritDoc} */
    public void onReply(final MachineContext ctx, final IucvMessage reply)
    {
        begin(RelayRecordType.REPLY).path(reply.path().packed()).messageId(reply.messageId())
            .appendBuffer(reply.buffer(), reply.offset(), reply.length());
        done(link.session(ctx));
    }

    /** {@inheritDoc} */
    public void onReplyTimeout(final MachineContext ctx, final PathId path, final long messageId)
    {
        begin(RelayRecordType.REPLY_TIMEOUT).path(path.packed()).messageId(messageId);
        done(link.session(ctx));
    }

    /** {@inheritDoc} */
    public void onConnectionSevered(final MachineContext ctx, final PathId path, final UserData userData)
    {
        begin(RelayRecordType.SEVERED).path(path.packed()).appendUserData(userData);
        done(link.session(ctx));
    }

    /** {@inheritDoc} */
    public void onPathQuiesced(final MachineContext ctx, final PathId path, final UserData userData)
    {
        begin(RelayRecordType.QUIESCED).path(path.packed()).appendUserData(userData);
        done(link.session(ctx));
    }

    /** {@inheritDoc} */
    public void onPathResumed(final MachineContext ctx, final PathId path, final UserData userData)
    {
        begin(RelayRecordType.RESUMED).path(path.packed()).appendUserData(userData);
        done(link.session(ctx));
    }

    /** {@inheritDoc} */
    public void onLogoff(final MachineContext ctx)
    {
        try
        {
            begin(RelayRecordType.LOGOFF);
            done(link.session(ctx));
        }
        finally
        {
            link.hosted(name, false);
        }
    }
}
