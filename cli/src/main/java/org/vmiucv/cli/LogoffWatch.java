package org.vmiucv.cli;

import org.vmiucv.engine.IucvMessage;
import org.vmiucv.engine.MachineContext;
import org.vmiucv.engine.MachineHandler;
import org.vmiucv.engine.MachineId;
import org.vmiucv.engine.PathId;
import org.vmiucv.engine.PendingConnection;
import org.vmiucv.engine.UserData;

/**
 * Wraps a handler to notice its onLogoff, so a machine process knows when to end whatever the transport.
 */
final class LogoffWatch implements MachineHandler
{
    private final MachineHandler delegate;
    private volatile boolean loggedOff;

    LogoffWatch(final MachineHandler delegate)
    {
        this.delegate = delegate;
    }

    boolean loggedOff()
    {
        return loggedOff;
    }

    public void onIpl(final MachineContext ctx)
    {
        delegate.onIpl(ctx);
    }

    public void onSmsg(final MachineContext ctx, final MachineId from, final CharSequence text)
    {
        delegate.onSmsg(ctx, from, text);
    }

    public boolean onConnectionPending(final MachineContext ctx, final PendingConnection pending)
    {
        return delegate.onConnectionPending(ctx, pending);
    }

    public void onConnectionComplete(final MachineContext ctx, final PathId path, final MachineId peer,
        final UserData userData)
    {
        delegate.onConnectionComplete(ctx, path, peer, userData);
    }

    public void onIucvData(final MachineContext ctx, final IucvMessage message)
    {
        delegate.onIucvData(ctx, message);
    }

    public void onReply(final MachineContext ctx, final IucvMessage reply)
    {
        delegate.onReply(ctx, reply);
    }

    public void onReplyTimeout(final MachineContext ctx, final PathId path, final long messageId)
    {
        delegate.onReplyTimeout(ctx, path, messageId);
    }

    public void onDutyCycle(final MachineContext ctx)
    {
        delegate.onDutyCycle(ctx); // the echo retries held messages here: a wrapper must not swallow it
    }

    public void onConnectionSevered(final MachineContext ctx, final PathId path, final UserData userData)
    {
        delegate.onConnectionSevered(ctx, path, userData);
    }

    public void onPathQuiesced(final MachineContext ctx, final PathId path, final UserData userData)
    {
        delegate.onPathQuiesced(ctx, path, userData);
    }

    public void onPathResumed(final MachineContext ctx, final PathId path, final UserData userData)
    {
        delegate.onPathResumed(ctx, path, userData);
    }

    public void onLogoff(final MachineContext ctx)
    {
        try
        {
            delegate.onLogoff(ctx);
        }
        finally
        {
            loggedOff = true;
        }
    }
}
