package org.vmiucv.cli;

import org.vmiucv.engine.IucvMessage;
import org.vmiucv.engine.MachineContext;
import org.vmiucv.engine.MachineHandler;
import org.vmiucv.engine.MachineId;
import org.vmiucv.engine.PathId;
import org.vmiucv.engine.PendingConnection;
import org.vmiucv.engine.UserData;
import org.vmiucv.engine.system.SystemLog;

/**
 * {@code --handler log}: accepts every connection and prints one line for everything it receives.
 */
final class LogHandler implements MachineHandler
{
    private final SystemLog log;

    LogHandler(final SystemLog log)
    {
        this.log = log;
    }

    /** {@inheritDoc} */
    public void onIpl(final MachineContext ctx)
    {
        log.log(ctx.machineId() + " IPL: logged on, handler log");
    }

    /** {@inheritDoc} */
    public void onSmsg(final MachineContext ctx, final MachineId from, final CharSequence text)
    {
        log.log(ctx.machineId() + " SMSG from " + from + ": " + Show.text(text));
    }

    /** {@inheritDoc} */
    public boolean onConnectionPending(final MachineContext ctx, final PendingConnection pending)
    {
        log.log(ctx.machineId() + " CONNECT pending on path " + pending.path() + " from " + pending.from() +
            " (msglim " + pending.msglim() + ", user data " + Show.userData(pending.userData()) + "): accepted");
        return true;
    }

    /** {@inheritDoc} */
    public void onConnectionComplete(
        final MachineContext ctx, final PathId path, final MachineId peer, final UserData userData)
    {
        log.log(ctx.machineId() + " path " + path + " complete with " + peer + " (user data " +
            Show.userData(userData) + ")");
    }

    /** {@inheritDoc} */
    public void onIucvData(final MachineContext ctx, final IucvMessage message)
    {
        log.log(ctx.machineId() + " IUCV " + (message.isTwoWay() ? "two-way" : "one-way") + " message " +
            message.messageId() + " on path " + message.path() + ", " + message.length() + " bytes: " +
            Show.payload(message));
    }

    /** {@inheritDoc} */
    public void onReply(final MachineContext ctx, final IucvMessage reply)
    {
        log.log(ctx.machineId() + " REPLY to message " + reply.messageId() + " on path " + reply.path() + ": " +
            Show.payload(reply));
    }

    /** {@inheritDoc} */
    public void onReplyTimeout(final MachineContext ctx, final PathId path, final long messageId)
    {
        log.log(ctx.machineId() + " no reply to message " + messageId + " on path " + path + " in time");
    }

    /** {@inheritDoc} */
    public void onConnectionSevered(final MachineContext ctx, final PathId path, final UserData userData)
    {
        log.log(ctx.machineId() + " path " + path + " severed (user data " + Show.userData(userData) + ")");
    }

    /** {@inheritDoc} */
    public void onPathQuiesced(final MachineContext ctx, final PathId path, final UserData userData)
    {
        log.log(ctx.machineId() + " path " + path + " quiesced by the peer (user data " +
            Show.userData(userData) + ")");
    }

    /** {@inheritDoc} */
    public void onPathResumed(final MachineContext ctx, final PathId path, final UserData userData)
    {
        log.log(ctx.machineId() + " path " + path + " resumed by the peer (user data " +
            Show.userData(userData) + ")");
    }

    /** {@inheritDoc} */
    public void onLogoff(final MachineContext ctx)
    {
        log.log(ctx.machineId() + " LOGOFF: logged off");
    }
}
