package org.vmiucv.engine.testkit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

import org.vmiucv.engine.MachineId;
import org.vmiucv.engine.PathId;
import org.vmiucv.engine.UserData;

/**
 * What a {@link CollectorHandler} recorded: SMSGs and path events in arrival order, thread safe, with waits
 * that have deadlines.
 */
public class CollectorHandle
{
    /** Kinds of recorded events. */
    public enum Kind
    {
        /** onIpl. */
        IPL,
        /** onSmsg. */
        SMSG,
        /** onConnectionPending. */
        PENDING,
        /** onConnectionComplete. */
        COMPLETE,
        /** onConnectionSevered. */
        SEVERED,
        /** onIucvData. */
        DATA,
        /** onReply. */
        REPLY,
        /** onReplyTimeout. */
        REPLY_TIMEOUT,
        /** onPathQuiesced. */
        QUIESCED,
        /** onPathResumed. */
        RESUMED,
        /** onLogoff. */
        LOGOFF,
        /** The outcome of an action a handler took in a callback (its text says which and how it went). */
        RESULT
    }

    /**
     * One recorded event; fields a kind does not use are null or zero.
     *
     * @param kind      what happened.
     * @param peer      the other machine (SMSG sender, connecting or connected peer).
     * @param path      the path.
     * @param text      SMSG text.
     * @param data      message or reply payload.
     * @param userData  user data.
     * @param messageId message id.
     * @param twoWay    whether a reply was asked for.
     */
    public record Event(Kind kind, MachineId peer, PathId path, String text, byte[] data, UserData userData,
        long messageId, boolean twoWay)
    {
    }

    private final List<Event> events = new ArrayList<>();

    /**
     * @param event an event to record.
     */
    public synchronized void add(final Event event)
    {
        events.add(event);
        notifyAll();
    }

    /**
     * @return a copy of every event so far.
     */
    public synchronized List<Event> all()
    {
        return new ArrayList<>(events);
    }

    /**
     * @param kind a kind.
     * @return the events of that kind so far.
     */
    public synchronized List<Event> of(final Kind kind)
    {
        final List<Event> list = new ArrayList<>();
        for (final Event e : events)
        {
            if (e.kind() == kind)
            {
                list.add(e);
            }
        }
        return list;
    }

    /**
     * @param kind a kind.
     * @return how many events of that kind so far.
     */
    public int count(final Kind kind)
    {
        return of(kind).size();
    }

    /**
     * Wait until at least {@code n} events of a kind arrived.
     *
     * @param kind    the kind.
     * @param n       how many.
     * @param timeout deadline.
     * @return the events of that kind.
     * @throws AssertionError if the deadline passes first, listing what did arrive.
     */
    public List<Event> await(final Kind kind, final int n, final Duration timeout)
    {
        return awaitMatching(e -> e.kind() == kind, n, timeout, n + " x " + kind);
    }

    /**
     * Wait for the first event of a kind.
     *
     * @param kind    the kind.
     * @param timeout deadline.
     * @return the first event of that kind.
     */
    public Event await(final Kind kind, final Duration timeout)
    {
        return await(kind, 1, timeout).get(0);
    }

    /**
     * Wait until at least {@code n} events match.
     *
     * @param match   which events count.
     * @param n       how many.
     * @param timeout deadline.
     * @param what    description for the failure message.
     * @return the matching events.
     */
    public synchronized List<Event> awaitMatching(
        final Predicate<Event> match, final int n, final Duration timeout, final String what)
    {
        final long deadline = System.nanoTime() + timeout.toNanos();
        while (true)
        {
            final List<Event> found = new ArrayList<>();
            for (final Event e : events)
            {
                if (match.test(e))
                {
                    found.add(e);
                }
            }
            if (found.size() >= n)
            {
                return found;
            }
            final long leftMs = (deadline - System.nanoTime()) / 1_000_000L;
            if (leftMs <= 0)
            {
                throw new AssertionError("timed out after " + timeout.toMillis() + " ms waiting for " + what +
                    "; got " + found.size() + "; all events: " + summary());
            }
            try
            {
                wait(Math.min(leftMs, 50));
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + what);
            }
        }
    }

    /**
     * @return a compact list of the event kinds so far.
     */
    public synchronized String summary()
    {
        final StringBuilder sb = new StringBuilder("[");
        for (final Event e : events)
        {
            sb.append(e.kind()).append(e.path() != null ? "(" + e.path() + ")" : "").append(' ');
        }
        return sb.append(']').toString();
    }
}
