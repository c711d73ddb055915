package org.vmiucv.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import org.vmiucv.engine.IucvMessage;
import org.vmiucv.engine.MachineContext;
import org.vmiucv.engine.MachineHandler;
import org.vmiucv.engine.MachineId;
import org.vmiucv.engine.PathId;
import org.vmiucv.engine.UserData;
import org.vmiucv.engine.system.SystemLog;

/**
 * The handler of the demo's own machines (CLIENT and MALLORY): prints what arrives and records it so the demo can
 * wait for it; during the ping-pong, replies on that path go to the {@link PingPong} instead.
 */
final class DemoMachine implements MachineHandler
{
    /** Something a demo machine received. */
    record Event(MachineId machine, String kind, PathId path, String text)
    {
    }

    private final SystemLog log;
    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private final List<Event> backlog = new ArrayList<>();
    private volatile PingPong pingPong;

    DemoMachine(final SystemLog log)
    {
        this.log = log;
    }

    void pingPong(final PingPong p)
    {
        pingPong = p;
    }

    /**
     * Wait for an event, looking at earlier unclaimed ones first.
     *
     * @param what      description for the failure message.
     * @param match     which event.
     * @param timeoutMs deadline.
     * @return the event.
     * @throws DemoFailure if none came in time.
     * @throws InterruptedException if interrupted.
     */
    Event await(final String what, final Predicate<Event> match, final long timeoutMs)
        throws DemoFailure, InterruptedException
    {
        for (int i = 0; i < backlog.size(); i++)
        {
            if (match.test(backlog.get(i)))
            {
                return backlog.remove(i);
            }
        }
        final long deadline = System.currentTimeMillis() + timeoutMs;
        while (true)
        {
            final Event e = events.poll(Math.max(1, deadline - System.currentTimeMillis()), TimeUnit.MILLISECONDS);
            if (null == e)
            {
                throw new DemoFailure("no " + what + " within " + timeoutMs + " ms");
            }
            if (match.test(e))
            {
                return e;
            }
            backlog.add(e);
        }
    }

    /**
     * @param match which event.
     * @return true if such an event arrived and was not claimed yet (it stays unclaimed).
     */
    boolean seen(final Predicate<Event> match)
    {
        events.drainTo(backlog);
        return backlog.stream().anyMatch(match);
    }

    private void record(final MachineContext ctx, final String kind, final PathId path, final String text,
        final String line)
    {
        log.log(ctx.machineId() + " " + line);
        events.add(new Event(ctx.machineId(), kind, path, text));
    }

    /** {@inheritDoc} */
    public void onIpl(final MachineContext ctx)
    {
        log.log(ctx.machineId() + " IPL: logged on in the demo process");
    }

    /** {@inheritDoc} */
    public void onSmsg(final MachineContext ctx, final MachineId from, final CharSequence text)
    {
        record(ctx, "SMSG", null, text.toString(), "received SMSG from " + from + ": " + Show.text(text));
    }

    /** {@inheritDoc} */
    public void onConnectionComplete(
        final MachineContext ctx, final PathId path, final MachineId peer, final UserData userData)
    {
        record(ctx, "COMPLETE", path, peer.name(), "path " + path + " complete with " + peer + " (ACCEPT user data " +
            Show.userData(userData) + ")");
    }

    /** {@inheritDoc} */
    public void onIucvData(final MachineContext ctx, final IucvMessage message)
    {
        record(ctx, "DATA", message.path(), message.asText(), "received IUCV " +
            (message.isTwoWay() ? "two-way" : "one-way") + " message " + message.messageId() + " on path " +
            message.path() + ": " + Show.payload(message));
    }

    /** {@inheritDoc} */
    public void onReply(final MachineContext ctx, final IucvMessage reply)
    {
        final PingPong p = pingPong;
        if (null != p && p.path().equals(reply.path()))
        {
            p.onReply(ctx);
            return;
        }
        record(ctx, "REPLY", reply.path(), reply.asText(), "received REPLY to message " + reply.messageId() +
            " on path " + reply.path() + ": " + Show.payload(reply));
    }

    /** {@inheritDoc} */
    public void onReplyTimeout(final MachineContext ctx, final PathId path, final long messageId)
    {
        final PingPong p = pingPong;
        if (null != p && p.path().equals(path))
        {
            p.fail("no reply to message " + messageId + " in time");
            return;
        }
        record(ctx, "TIMEOUT", path, "", "no REPLY to message " + messageId + " on path " + path + " in time");
    }

    /** {@inheritDoc} */
    public void onConnectionSevered(final MachineContext ctx, final PathId path, final UserData userData)
    {
        record(ctx, "SEVERED", path, userData.asText(), "path " + path + " severed (user data " +
            Show.userData(userData) + ")");
    }

    /** {@inheritDoc} */
    public void onPathQuiesced(final MachineContext ctx, final PathId path, final UserData userData)
    {
        record(ctx, "QUIESCED", path, userData.asText(), "path " + path + " quiesced by the peer (user data " +
            Show.userData(userData) + ")");
    }

    /** {@inheritDoc} */
    public void onPathResumed(final MachineContext ctx, final PathId path, final UserData userData)
    {
        record(ctx, "RESUMED", path, userData.asText(), "path " + path + " resumed by the peer (user data " +
            Show.userData(userData) + ")");
    }

    /** {@inheritDoc} */
    public void onLogoff(final MachineContext ctx)
    {
        record(ctx, "LOGOFF", null, "", "LOGOFF: logged off");
    }
}
