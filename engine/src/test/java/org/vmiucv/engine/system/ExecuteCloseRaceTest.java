package org.vmiucv.engine.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.vmiucv.engine.IucvException;
import org.vmiucv.engine.MachineContext;
import org.vmiucv.engine.MachineHandler;
import org.vmiucv.engine.MachineId;
import org.vmiucv.engine.ReturnCode;

/**
 * {@link SystemClient#execute} racing {@link SystemClient#close()}: every future completes, with the action's
 * result or with RC 32 "this client is closed", never left pending because the host stopped before it ran the
 * queued action.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ExecuteCloseRaceTest
{
    private static final MachineId M = MachineId.of("RACER");
    private static final int ROUNDS = 150;
    private static final int THREADS = 3;
    private static final int MAX_CALLS_PER_THREAD = 20_000;
    private static final long SETTLE_S = 5;

    private static final MachineHandler QUIET = new MachineHandler()
    {
        public void onSmsg(final MachineContext ctx, final MachineId from, final CharSequence text)
        {
        }
    };

    @Test
    void anActionQueuedBeforeCloseOnAHostNobodyInvokesFailsWithRc32() throws Exception
    {
        try (EmbeddedSystem system = EmbeddedSystem.start(new SystemOptions()))
        {
            final SystemClient client = system.attachHost(new SystemOptions().hostInvoker(true));
            client.ipl(M, QUIET); // drives the host while it waits
            final CompletableFuture<Integer> queued = client.execute(M, ctx -> 1);
            assertFalse(queued.isDone(), "execute runs only inside invokeHost");
            client.close();
            assertClosed(queued);
            assertClosed(client.execute(M, ctx -> 2));
        }
    }

    @Test
    void everyExecuteRacingCloseCompletesWithItsResultOrRc32() throws Exception
    {
        int ran = 0;
        int refused = 0;
        try (EmbeddedSystem system = EmbeddedSystem.start(new SystemOptions()))
        {
            for (int round = 0; round < ROUNDS; round++)
            {
                final SystemClient client = system.attachHost();
                client.ipl(M, QUIET);
                final List<List<CompletableFuture<Integer>>> futures = new ArrayList<>();
                final List<Thread> threads = new ArrayList<>();
                final CountDownLatch started = new CountDownLatch(THREADS);
                for (int t = 0; t < THREADS; t++)
                {
                    final List<CompletableFuture<Integer>> mine = new ArrayList<>();
                    futures.add(mine);
                    final Thread thread = new Thread(() ->
                    {
                        started.countDown();
                        for (int i = 0; i < MAX_CALLS_PER_THREAD; i++)
                        {
                            final CompletableFuture<Integer> f = client.execute(M, ctx -> 1);
                            mine.add(f);
                            if (f.isCompletedExceptionally())
                            {
                                return; // refused at once: the client is closed
                            }
                            if (0 == (i & 7))
                            {
                                LockSupport.parkNanos(20_000); // keep the queue short: the race is at its tail
                            }
                        }
                    }, "execute-" + t);
                    thread.setDaemon(true);
                    threads.add(thread);
                    thread.start();
                }
                assertTrue(started.await(10, TimeUnit.SECONDS), "the execute threads did not start");
                LockSupport.parkNanos(ThreadLocalRandom.current().nextLong(0, 2_000_000L));
                client.close();
                for (final Thread thread : threads)
                {
                    thread.join(TimeUnit.SECONDS.toMillis(30));
                    assertFalse(thread.isAlive(), "an execute thread did not finish");
                }
                for (final List<CompletableFuture<Integer>> mine : futures)
                {
                    for (final CompletableFuture<Integer> f : mine)
                    {
                        if (outcome(f, round))
                        {
                            ran++;
                        }
                        else
                        {
                            refused++;
                        }
                    }
                }
            }
        }
        System.out.println("execute racing close: " + ROUNDS + " rounds, " + ran + " actions ran, " + refused +
            " refused with RC 32");
        assertTrue(refused >= ROUNDS, "every round ends with a refused call");
    }

    /**
     * @return true if the action ran, false if it was refused with RC 32; fails the test on anything else.
     */
    private static boolean outcome(final CompletableFuture<Integer> f, final int round) throws InterruptedException
    {
        try
        {
            assertEquals(1, f.get(SETTLE_S, TimeUnit.SECONDS));
            return true;
        }
        catch (final TimeoutException ex)
        {
            fail("round " + round + ": an execute future was still pending " + SETTLE_S + " s after close");
            return false;
        }
        catch (final ExecutionException ex)
        {
            final IucvException iucv = assertInstanceOf(IucvException.class, ex.getCause());
            assertEquals(ReturnCode.SUPERVISOR_DOWN, iucv.returnCode(), iucv.getMessage());
            assertTrue(iucv.getMessage().endsWith(": this client is closed"), iucv.getMessage());
            return false;
        }
    }

    private static void assertClosed(final CompletableFuture<Integer> f) throws InterruptedException
    {
        assertFalse(outcome(f, 0), "the action must not run after close");
    }
}
