package org.vmiucv.examples;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Waits with a deadline: every example waits for the event it needs, never sleeps and hopes.
 */
final class Awaits
{
    /** How long an example waits for any single event; everything here takes milliseconds. */
    static final long TIMEOUT_MS = 5_000;

    private Awaits()
    {
    }

    /**
     * Wait for a future, such as the result of {@code Supervisor.execute}.
     *
     * @param future the future.
     * @param what   what is awaited, for the error message.
     * @param <T>    the result type.
     * @return the result.
     * @throws Exception what the future failed with, or a {@link TimeoutException} naming what was awaited.
     */
    static <T> T get(final CompletableFuture<T> future, final String what) throws Exception
    {
        try
        {
            return future.get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
        }
        catch (final TimeoutException ex)
        {
            throw new TimeoutException("no " + what + " within " + TIMEOUT_MS + " ms");
        }
        catch (final ExecutionException ex)
        {
            throw ex.getCause() instanceof Exception ? (Exception)ex.getCause() : ex;
        }
    }

    /**
     * Wait for a latch to reach zero.
     *
     * @param latch the latch.
     * @param what  what is awaited, for the error message.
     * @throws TimeoutException     naming what was awaited, if the deadline passes first.
     * @throws InterruptedException if interrupted.
     */
    static void await(final CountDownLatch latch, final String what) throws TimeoutException, InterruptedException
    {
        if (!latch.await(TIMEOUT_MS, TimeUnit.MILLISECONDS))
        {
            throw new TimeoutException("no " + what + " within " + TIMEOUT_MS + " ms (" + latch.getCount() +
                " still missing)");
        }
    }

    /**
     * Fail unless a data-plane send was accepted.
     *
     * @param status the status a send returned: a message id (positive) or {@code SendResult.OK}.
     * @param what   what was sent, for the error message.
     * @return the status.
     */
    static long sent(final long status, final String what)
    {
        if (status < 0)
        {
            throw new IllegalStateException(what + " was not sent: " + org.vmiucv.engine.SendResult.describe(status));
        }
        return status;
    }
}
