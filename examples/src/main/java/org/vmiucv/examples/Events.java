package org.vmiucv.examples;

import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * What one machine has seen, in order: its handler posts from the agent thread, the example's {@code run} takes
 * the events one by one with a deadline and checks each is the one expected.
 */
final class Events
{
    private final String owner;
    private final LinkedBlockingQueue<String> queue = new LinkedBlockingQueue<>();

    /**
     * @param owner whose events these are, for error messages.
     */
    Events(final String owner)
    {
        this.owner = owner;
    }

    /**
     * Record an event; safe from any thread.
     *
     * @param event a short description, e.g. {@code "DATA hi"}.
     */
    void post(final String event)
    {
        queue.add(event);
    }

    /**
     * Take the next event and check it.
     *
     * @param expected the event that must come next.
     * @throws TimeoutException     if nothing arrives within {@link Awaits#TIMEOUT_MS}.
     * @throws InterruptedException if interrupted.
     * @throws IllegalStateException if another event comes first.
     */
    void expect(final String expected) throws TimeoutException, InterruptedException
    {
        final String event = queue.poll(Awaits.TIMEOUT_MS, TimeUnit.MILLISECONDS);
        if (null == event)
        {
            throw new TimeoutException(owner + " saw no '" + expected + "' within " + Awaits.TIMEOUT_MS + " ms");
        }
        if (!event.equals(expected))
        {
            throw new IllegalStateException(owner + " expected '" + expected + "' but saw '" + event + "'");
        }
    }
}
