package org.vmiucv.cli;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

import org.agrona.concurrent.UnsafeBuffer;
import org.vmiucv.engine.IucvMessage;
import org.vmiucv.engine.MachineContext;
import org.vmiucv.engine.MachineHandler;
import org.vmiucv.engine.MachineId;
import org.vmiucv.engine.PathId;
import org.vmiucv.engine.PendingConnection;
import org.vmiucv.engine.SendResult;
import org.vmiucv.engine.SmsgText;
import org.vmiucv.engine.UserData;
import org.vmiucv.engine.system.SystemLog;

/**
 * {@code --handler echo}: answers an SMSG with {@code ECHO: text}, a two-way message with a REPLY of the same
 * bytes, and a one-way message by sending it back on the same path; accepts every connection.
 * <p>
 * A one-way echo refused because the peer quiesced the path is held and sent when the peer resumes it. Only the
 * first {@value #SHOWN_PER_PATH} messages of a path get a line each, so a ping-pong does not flood the transcript.
 */
final class EchoHandler implements MachineHandler
{
    /** Prefix of an echoed SMSG; an SMSG that already carries it is not echoed (two echoes would loop). */
    static final String PREFIX = "ECHO: ";
    static final int SHOWN_PER_PATH = 4;

    private final SystemLog log;
    private final Map<PathId, long[]> counts = new HashMap<>();
    private final Map<PathId, ArrayDeque<byte[]>> held = new HashMap<>();

    EchoHandler(final SystemLog log)
    {
        this.log = log;
    }

    /** {@inheritDoc} */
    public void onIpl(final MachineContext ctx)
    {
        log.log(ctx.machineId() + " IPL: logged on, handler echo");
    }

    /** {@inheritDoc} */
    public void onSmsg(final MachineContext ctx, final MachineId from, final CharSequence text)
    {
        final String s = text.toString();
        if (s.startsWith(PREFIX))
        {
            log.log(ctx.machineId() + " SMSG from " + from + ": " + s + " (an echo: not echoed again)");
            return;
        }
        final String answer = PREFIX + s;
        final String echo = answer.length() > SmsgText.MAX_LENGTH ? answer.substring(0, SmsgText.MAX_LENGTH) : answer;
        final int rc = ctx.trySendSmsg(from, echo);
        log.log(ctx.machineId() + " SMSG from " + from + ": " + s + " -> SMSG back: " + SendResult.describe(rc));
    }

    /** {@inheritDoc} */
    public boolean onConnectionPending(final MachineContext ctx, final PendingConnection pending)
    {
        log.log(ctx.machineId() + " CONNECT pending on path " + pending.path() + " from " + pending.from() +
            " (user data " + Show.userData(pending.userData()) + "): accepted");
        return true;
    }

    /** {@inheritDoc} */
    public void onConnectionComplete(
        final MachineContext ctx, final PathId path, final MachineId peer, final UserData userData)
    {
        counts.put(path, new long[1]);
        log.log(ctx.machineId() + " path " + path + " complete with " + peer);
    }

    /** {@inheritDoc} */
    public void onIucvData(final MachineContext ctx, final IucvMessage message)
    {
        final long[] count = counts.computeIfAbsent(message.path(), p -> new long[1]);
        final boolean show = ++count[0] <= SHOWN_PER_PATH;
        final long rc;
        if (message.isTwoWay())
        {
            rc = ctx.reply(message, message.buffer(), message.offset(), message.length());
        }
        else
        {
            rc = ctx.iucvSend(message.path(), message.buffer(), message.offset(), message.length());
            if (rc == SendResult.PATH_QUIESCED)
            {
                held.computeIfAbsent(message.path(), p -> new ArrayDeque<>()).add(message.toByteArray());
            }
        }
        if (show || rc < 0)
        {
            log.log(ctx.machineId() + " IUCV " + (message.isTwoWay() ? "two-way" : "one-way") + " message " +
                message.messageId() + " on path " + message.path() + ": " + Show.payload(message) + " -> " +
                (message.isTwoWay() ? "REPLY " : "sent back ") + (rc >= 0 ? "OK" : "failed: " + SendResult.describe(rc)) +
                (rc == SendResult.PATH_QUIESCED ? "; held until the path resumes" : ""));
        }
        if (count[0] == SHOWN_PER_PATH)
        {
            log.log(ctx.machineId() + " further messages on path " + message.path() + " are echoed without a line each");
        }
    }

    /** {@inheritDoc} */
    public void onPathQuiesced(final MachineContext ctx, final PathId path, final UserData userData)
    {
        log.log(ctx.machineId() + " path " + path + " quiesced by the peer (user data " + Show.userData(userData) +
            "): sends on it fail until RESUME");
    }

    /** {@inheritDoc} */
    public void onPathResumed(final MachineContext ctx, final PathId path, final UserData userData)
    {
        log.log(ctx.machineId() + " path " + path + " resumed by the peer (user data " + Show.userData(userData) + ")");
        final ArrayDeque<byte[]> queue = held.get(path);
        while (null != queue && !queue.isEmpty())
        {
            final byte[] bytes = queue.peek();
            final long rc = ctx.iucvSend(path, new UnsafeBuffer(bytes), 0, bytes.length);
            log.log(ctx.machineId() + " held message sent back on path " + path + ": " +
                Show.bytes(new UnsafeBuffer(bytes), 0, bytes.length) + " -> " +
                (rc >= 0 ? "OK" : "failed: " + SendResult.describe(rc)));
            if (rc < 0 && rc != SendResult.PATH_NOT_ESTABLISHED)
            {
                return; // quiesced again or backpressure: keep it for the next RESUME
            }
            queue.poll();
        }
    }

    /** {@inheritDoc} */
    public void onConnectionSevered(final MachineContext ctx, final PathId path, final UserData userData)
    {
        final long[] count = counts.remove(path);
        held.remove(path);
        log.log(ctx.machineId() + " path " + path + " severed (user data " + Show.userData(userData) + ") after " +
            (null == count ? 0 : count[0]) + " messages echoed");
    }

    /** {@inheritDoc} */
    public void onLogoff(final MachineContext ctx)
    {
        log.log(ctx.machineId() + " LOGOFF: logged off");
    }
}
