package org.vmiucv.cli;

import java.util.Set;

import org.vmiucv.engine.IucvMessage;
import org.vmiucv.engine.MachineContext;
import org.vmiucv.engine.MachineHandler;
import org.vmiucv.engine.MachineId;
import org.vmiucv.engine.PathId;
import org.vmiucv.engine.PendingConnection;
import org.vmiucv.engine.UserData;
import org.vmiucv.engine.system.SystemLog;

/**
 * {@code --allow A,B}: refuses a CONNECT from any machine not listed, and hands everything else to the wrapped
 * handler.
 */
final class AllowListHandler implements MachineHandler
{
    private final Set<MachineId> allowed;
    private final MachineHandler delegate;
    private final SystemLog log;

    AllowListHandler(final Set<MachineId> allowed, final MachineHandler delegate, final SystemLog log)
    {
        this.allowed = Set.copyOf(allowed);
        this.delegate = delegate;
        this.log = log;
    }

    /** {@inheritDoc} */
    public boolean onConnectionPending(final MachineContext ctx, final PendingConnection pending)
    {
        if (!allowed.contains(pending.from()))
        {
            log.log(ctx.machineId() + " CONNECT pending on path " + pending.path() + " from " + pending.from() +
                ": refused (allowed: " + String.join(",", allowed.stream().map(MachineId::name).sorted().toList()) + ")");
            return false;
        }
        return delegate.onConnectionPending(ctx, pending);
    }

    /** {@inheritDoc} */
    public void onIpl(final MachineContext ctx)
    {
        delegate.onIpl(ctx);
    }

    /** {@inheritDoc} */
    public void onSmsg(final MachineContext ctx, final MachineId from, final CharSequence text)
    {
        delegate.onSmsg(ctx, from, text);
    }

    /** {@inheritDoc} */
    public void onConnectionComplete(
        final MachineContext ctx, final PathId path, final MachineId peer, final UserData userData)
    {
        delegate.onConnectionComplete(ctx, path, peer, userData);
    }

    /** {@inheritDoc} */
    public void onIucvData(final MachineContext ctx, final IucvMessage message)
    {
        delegate.onIucvData(ctx, message);
    }

    /** {@inheritDoc} */
    public void onReply(final MachineContext ctx, final IucvMessage reply)
    {
        delegate.onReply(ctx, reply);
    }

    /** {@inheritDoc} */
    public void onReplyTimeout(final MachineContext ctx, final PathId path, final long messageId)
    {
        delegate.onReplyTimeout(ctx, path, messageId);
    }

    /** {@inheritDoc} */
    public void onDutyCycle(final MachineContext ctx)
    {
        delegate.onDutyCycle(ctx); // the echo retries held messages here: a wrapper must not swallow it
    }

    /** {@inheritDoc} */
    public void onConnectionSevered(final MachineContext ctx, final PathId path, final UserData userData)
    {
        delegate.onConnectionSevered(ctx, path, userData);
    }

    /** {@inheritDoc} */
    public void onPathQuiesced(final MachineContext ctx, final PathId path, final UserData userData)
    {
        delegate.onPathQuiesced(ctx, path, userData);
    }

    /** {@inheritDoc} */
    public void onPathResumed(final MachineContext ctx, final PathId path, final UserData userData)
    {
        delegate.onPathResumed(ctx, path, userData);
    }

    /** {@inheritDoc} */
    public void onLogoff(final MachineContext ctx)
    {
        delegate.onLogoff(ctx);
    }
}
