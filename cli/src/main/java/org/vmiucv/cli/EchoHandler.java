package org.vmiucv.cli;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;

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
 * Back pressure never becomes loss: an echo the path refuses (message limit reached, the peer's inbox full, the
 * peer quiesced) is copied into the path's {@link EchoBacklog} and sent, in order, before anything newer, on the
 * next message, when the peer resumes, and on every {@link #onDutyCycle} (about once a millisecond). While a
 * path's backlog is above {@value #HIGH_WATER} echoes the echo QUIESCEs the path, so the sender sees
 * {@code path quiesced} (back pressure) instead of the echo growing without bound, and it RESUMEs the path once
 * the backlog is down to {@value #LOW_WATER}. Only what a severed path can no longer carry is discarded, and
 * said so. SMSG echoes stay best effort, as SMSG is.
 * <p>
 * Only the first {@value #SHOWN_PER_PATH} messages of a path get a line each, so a stream does not flood the
 * transcript. Back pressure is normal, not news: the first refused send back, the first QUIESCE and the first
 * RESUME of a path get a line; after that they are counted, and the counts are said at most every
 * {@value #SUMMARY_INTERVAL_MS} ms and when the path is severed or the machine logs off (a stream at msglim 10
 * once wrote a line per refusal: 129,356 lines for 6 M messages).
 */
final class EchoHandler implements MachineHandler
{
    /** Prefix of an echoed SMSG; an SMSG that already carries it is not echoed (two echoes would loop). */
    static final String PREFIX = "ECHO: ";
    static final int SHOWN_PER_PATH = 4;
    /** Backlog length at which the echo quiesces the path. */
    static final int HIGH_WATER = 256;
    /** Backlog length at which the echo resumes a path it quiesced. */
    static final int LOW_WATER = 64;
    /** Least time between two back-pressure summaries of one path. */
    static final long SUMMARY_INTERVAL_MS = 10_000;

    /** What the echo keeps per path. */
    private static final class EchoPath
    {
        final PathId path;
        final EchoBacklog backlog = new EchoBacklog(HIGH_WATER);
        long count;
        boolean quiescedByUs;
        /** Echoes are held now (the path refused the last send back). */
        boolean holding;
        /** Times the path began refusing, QUIESCEs and RESUMEs by the echo: counted, not logged each. */
        long refusedEpisodes;
        long quiesces;
        long resumes;
        /** The sum of those counts at the last line that told them, and when that line was. */
        long toldEvents;
        long toldAtNs;

        EchoPath(final PathId path)
        {
            this.path = path;
        }
    }

    private final SystemLog log;
    private final Map<PathId, EchoPath> paths = new HashMap<>();
    /** The same states, for the duty cycle to walk without an iterator. */
    private final ArrayList<EchoPath> pathList = new ArrayList<>();

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
            log.log(ctx.machineId() + " SMSG from " + from + ": " + Show.text(s) + " (an echo: not echoed again)");
            return;
        }
        final String answer = PREFIX + s;
        final String echo = answer.length() > SmsgText.MAX_LENGTH ? answer.substring(0, SmsgText.MAX_LENGTH) : answer;
        final int rc = ctx.trySendSmsg(from, echo);
        log.log(ctx.machineId() + " SMSG from " + from + ": " + Show.text(s) + " -> SMSG back: " +
            SendResult.describe(rc));
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
        state(path);
        log.log(ctx.machineId() + " path " + path + " complete with " + peer);
    }

    /** {@inheritDoc} */
    public void onIucvData(final MachineContext ctx, final IucvMessage message)
    {
        final EchoPath p = state(message.path());
        final boolean show = ++p.count <= SHOWN_PER_PATH;
        final long replyTo = message.isTwoWay() ? message.messageId() : 0;
        final long rc;
        if (p.backlog.isEmpty())
        {
            rc = message.isTwoWay() ?
                ctx.reply(message, message.buffer(), message.offset(), message.length()) :
                ctx.iucvSend(message.path(), message.buffer(), message.offset(), message.length());
            if (EchoBacklog.isRetryable(rc))
            {
                p.backlog.add(message.buffer(), message.offset(), message.length(), replyTo);
            }
        }
        else
        {
            // older echoes are waiting: this one goes behind them, so the peer gets them in order
            p.backlog.add(message.buffer(), message.offset(), message.length(), replyTo);
            rc = p.backlog.drain(ctx, p.path);
        }
        if (show || (rc < 0 && !EchoBacklog.isRetryable(rc)))
        {
            log.log(ctx.machineId() + " IUCV " + (message.isTwoWay() ? "two-way" : "one-way") + " message " +
                message.messageId() + " on path " + message.path() + ": " + Show.payload(message) + " -> " +
                (message.isTwoWay() ? "REPLY " : "sent back ") + (rc >= 0 ? "OK" : "failed: " + SendResult.describe(rc)) +
                (EchoBacklog.isRetryable(rc) ? "; held until the path allows" : ""));
        }
        if (p.count == SHOWN_PER_PATH)
        {
            log.log(ctx.machineId() + " further messages on path " + message.path() + " are echoed without a line each");
        }
        afterDrain(ctx, p, rc);
    }

    /** Retries held echoes: the peer gives no callback when the path frees up. */
    public void onDutyCycle(final MachineContext ctx)
    {
        for (int i = 0; i < pathList.size(); i++)
        {
            final EchoPath p = pathList.get(i);
            if (!p.backlog.isEmpty())
            {
                afterDrain(ctx, p, p.backlog.drain(ctx, p.path));
            }
        }
    }

    /** {@inheritDoc} */
    public void onPathQuiesced(final MachineContext ctx, final PathId path, final UserData userData)
    {
        log.log(ctx.machineId() + " path " + path + " quiesced by the peer (user data " + Show.userData(userData) +
            "): echoes on it are held until RESUME");
    }

    /** {@inheritDoc} */
    public void onPathResumed(final MachineContext ctx, final PathId path, final UserData userData)
    {
        log.log(ctx.machineId() + " path " + path + " resumed by the peer (user data " + Show.userData(userData) + ")");
        final EchoPath p = paths.get(path);
        if (null != p && !p.backlog.isEmpty())
        {
            afterDrain(ctx, p, p.backlog.drain(ctx, path));
        }
    }

    /** {@inheritDoc} */
    public void onConnectionSevered(final MachineContext ctx, final PathId path, final UserData userData)
    {
        final EchoPath p = paths.remove(path);
        pathList.remove(p);
        log.log(ctx.machineId() + " path " + path + " severed (user data " + Show.userData(userData) + ") after " +
            (null == p ? 0 : p.count) + " messages echoed" + (null == p ? "" : backPressure(p)) + discarded(p));
    }

    /** {@inheritDoc} */
    public void onLogoff(final MachineContext ctx)
    {
        for (final EchoPath p : pathList)
        {
            if (!p.backlog.isEmpty() || p.refusedEpisodes > 0)
            {
                log.log(ctx.machineId() + " path " + p.path + " after " + p.count + " messages echoed" +
                    backPressure(p) + discarded(p));
            }
        }
        paths.clear();
        pathList.clear();
        log.log(ctx.machineId() + " LOGOFF: logged off");
    }

    private EchoPath state(final PathId path)
    {
        EchoPath p = paths.get(path);
        if (null == p)
        {
            p = new EchoPath(path);
            paths.put(path, p);
            pathList.add(p);
        }
        return p;
    }

    /**
     * Applies back pressure upstream by the backlog's water marks. Says the first refusal, QUIESCE and RESUME of a
     * path; later ones only in a summary, at most every {@value #SUMMARY_INTERVAL_MS} ms. Called for every message:
     * allocates only when it logs.
     */
    private void afterDrain(final MachineContext ctx, final EchoPath p, final long rc)
    {
        final int held = p.backlog.size();
        if (rc == SendResult.PATH_NOT_ESTABLISHED || rc == SendResult.CLOSED)
        {
            return; // the path is gone; its SEVER callback says so
        }
        if (held > 0 && !p.holding)
        {
            p.holding = true;
            if (1 == ++p.refusedEpisodes)
            {
                log.log(ctx.machineId() + " path " + p.path + ": sending back refused (" + SendResult.describe(rc) +
                    "); echoes are held and retried in order; further back pressure on this path is counted, not " +
                    "logged each time");
            }
        }
        else if (0 == held)
        {
            p.holding = false;
        }
        if (!p.quiescedByUs && held >= HIGH_WATER)
        {
            if (ctx.quiesce(p.path, UserData.EMPTY) == 0)
            {
                p.quiescedByUs = true;
                if (1 == ++p.quiesces)
                {
                    log.log(ctx.machineId() + " path " + p.path + " QUIESCEd: " + held + " echoes wait for the " +
                        "peer to take them (resumed at " + LOW_WATER + ")");
                }
            }
        }
        else if (p.quiescedByUs && held <= LOW_WATER)
        {
            if (ctx.resume(p.path, UserData.EMPTY) == 0)
            {
                p.quiescedByUs = false;
                if (1 == ++p.resumes)
                {
                    log.log(ctx.machineId() + " path " + p.path + " RESUMEd: " + held + " echoes wait");
                }
            }
        }
        final long events = p.refusedEpisodes + p.quiesces + p.resumes;
        if (events > 2 && events != p.toldEvents)
        {
            final long now = System.nanoTime();
            if (0 == p.toldAtNs || now - p.toldAtNs >= SUMMARY_INTERVAL_MS * 1_000_000L)
            {
                p.toldAtNs = now;
                p.toldEvents = events;
                log.log(ctx.machineId() + " path " + p.path + ": " + backPressure(p).substring(2) + " so far, " + held +
                    " echoes held now");
            }
        }
    }

    /** The back-pressure counts of a path, for a summary line; empty if it never met any. */
    private static String backPressure(final EchoPath p)
    {
        return 0 == p.refusedEpisodes ? "" : "; back pressure: sending back refused " + p.refusedEpisodes +
            " times (echoes held, none lost), " + p.quiesces + " QUIESCEs and " + p.resumes + " RESUMEs by the echo";
    }

    private static String discarded(final EchoPath p)
    {
        return null == p || p.backlog.isEmpty() ? "" :
            "; " + p.backlog.size() + " held echoes discarded: the path is gone";
    }
}
