package org.vmiucv.cli;

import org.vmiucv.engine.IucvMessage;
import org.vmiucv.engine.MachineContext;
import org.vmiucv.engine.MachineHandler;
import org.vmiucv.engine.MachineId;
import org.vmiucv.engine.PathId;
import org.vmiucv.engine.PendingConnection;
import org.vmiucv.engine.UserData;

/**
 * The handler of the short-lived machine {@code iucv send} and {@code iucv ping} log on: it hands replies to the
 * current {@link RoundTrips}, refuses every CONNECT (nobody should build a path to a machine that is about to go)
 * and ignores SMSGs.
 */
final class CallerHandler implements MachineHandler
{
    private volatile RoundTrips current;

    void current(final RoundTrips trips)
    {
        current = trips;
    }

    /** {@inheritDoc} */
    public void onSmsg(final MachineContext ctx, final MachineId from, final CharSequence text)
    {
        // a caller of the command line: not a place to read SMSGs
    }

    /** {@inheritDoc} */
    public boolean onConnectionPending(final MachineContext ctx, final PendingConnection pending)
    {
        return false;
    }

    /** {@inheritDoc} */
    public void onReply(final MachineContext ctx, final IucvMessage reply)
    {
        final RoundTrips t = current;
        if (null != t)
        {
            t.onReply(ctx, reply);
        }
    }

    /** {@inheritDoc} */
    public void onReplyTimeout(final MachineContext ctx, final PathId path, final long messageId)
    {
        final RoundTrips t = current;
        if (null != t)
        {
            t.onReplyTimeout(path, messageId);
        }
    }

    /** {@inheritDoc} */
    public void onConnectionSevered(final MachineContext ctx, final PathId path, final UserData userData)
    {
        final RoundTrips t = current;
        if (null != t)
        {
            t.onSevered(path, "the target (user data " + Show.userData(userData) + ")");
        }
    }
}
