package org.vmiucv.shm.testkit;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.vmiucv.engine.IucvException;
import org.vmiucv.engine.MachineId;
import org.vmiucv.engine.ReturnCode;
import org.vmiucv.engine.SmsgText;
import org.vmiucv.engine.system.SystemClient;
import org.vmiucv.engine.system.SystemLog;
import org.vmiucv.engine.system.SystemOptions;
import org.vmiucv.shm.ShmSystem;

/**
 * Child JVM of {@code SystemClientCloseRaceTest}: attaches to a running system over and over, hammers each client
 * from several threads (supervisorProblem, supervisorPid, isShutdown, queryNames, queryPaths, smsg, logoff) while
 * the main thread closes it. A call may succeed or fail with an {@link IucvException}; once close has returned,
 * every call must fail with RC 32 or {@link IllegalStateException}. Anything else, or a JVM crash, is a failure.
 * Prints {@code CLOSE RACE OK} and exits 0 on success.
 */
public final class CloseRaceMain
{
    private static final int THREADS = 4;

    private CloseRaceMain()
    {
    }

    /**
     * @param args base directory, system name, rounds.
     * @throws Exception on a failure (exit status 1).
     */
    public static void main(final String[] args) throws Exception
    {
        final Path base = Path.of(args[0]);
        final String system = args[1];
        final int rounds = Integer.parseInt(args[2]);
        final AtomicReference<Throwable> failure = new AtomicReference<>();
        final AtomicLong calls = new AtomicLong();
        final AtomicLong refused = new AtomicLong();
        for (int round = 0; round < rounds && null == failure.get(); round++)
        {
            final SystemClient client = ShmSystem.attach(base, system, new SystemOptions(), SystemLog.NONE);
            final MachineId machine = MachineId.parse("R" + round);
            client.ipl(machine, (ctx, from, text) -> { });
            final CountDownLatch started = new CountDownLatch(THREADS);
            final boolean[] closeReturned = new boolean[1];
            final Object closeLock = new Object();
            final List<Thread> threads = new ArrayList<>();
            for (int t = 0; t < THREADS; t++)
            {
                final int kind = t;
                final Thread th = new Thread(() ->
                {
                    started.countDown();
                    int afterClose = 0;
                    long i = 0;
                    while (afterClose < 20 && null == failure.get())
                    {
                        final boolean closedBefore;
                        synchronized (closeLock)
                        {
                            closedBefore = closeReturned[0];
                        }
                        try
                        {
                            final boolean succeeded = call(client, machine, kind, i++);
                            calls.incrementAndGet();
                            if (closedBefore && succeeded)
                            {
                                failure.compareAndSet(null, new AssertionError("call " + kind +
                                    " succeeded after close returned"));
                            }
                        }
                        catch (final IucvException ex)
                        {
                            if (closedBefore && ex.returnCode() != ReturnCode.SUPERVISOR_DOWN)
                            {
                                failure.compareAndSet(null, new AssertionError("after close: " + ex.getMessage()));
                            }
                            refused.incrementAndGet();
                        }
                        catch (final IllegalStateException ex)
                        {
                            if (!ex.getMessage().contains("closed"))
                            {
                                failure.compareAndSet(null, ex);
                            }
                            refused.incrementAndGet();
                        }
                        catch (final Throwable ex)
                        {
                            failure.compareAndSet(null, ex);
                        }
                        if (closedBefore)
                        {
                            afterClose++;
                        }
                    }
                }, "hammer-" + t);
                th.setDaemon(true);
                threads.add(th);
                th.start();
            }
            started.await(10, TimeUnit.SECONDS);
            final long pauseUs = ThreadLocalRandom.current().nextLong(0, 3_000);
            TimeUnit.MICROSECONDS.sleep(pauseUs);
            client.close();
            synchronized (closeLock)
            {
                closeReturned[0] = true;
            }
            for (final Thread th : threads)
            {
                th.join(30_000);
                if (th.isAlive())
                {
                    failure.compareAndSet(null, new AssertionError(th.getName() + " hangs after close"));
                }
            }
        }
        if (null != failure.get())
        {
            System.out.println("CLOSE RACE FAILED: " + failure.get());
            failure.get().printStackTrace(System.out);
            System.exit(1);
        }
        System.out.println("CLOSE RACE OK rounds=" + rounds + " calls=" + calls.get() + " refused=" + refused.get());
        System.exit(0);
    }

    /**
     * @return true if the call reported success (supervisorProblem returning a reason counts as a refusal only
     *         when that reason is the closed client).
     */
    private static boolean call(final SystemClient client, final MachineId machine, final int kind, final long i)
        throws IucvException
    {
        switch (kind)
        {
            case 0:
            {
                final String problem = client.supervisorProblem();
                if (null != problem && problem.contains("closed"))
                {
                    throw new IucvException(ReturnCode.SUPERVISOR_DOWN, problem);
                }
                client.supervisorPid();
                return !client.isShutdown();
            }
            case 1:
                client.queryNames();
                return true;
            case 2:
                if (0 == (i & 1))
                {
                    client.queryPaths();
                }
                else
                {
                    client.smsg(MachineId.parse("HAMMER"), machine, SmsgText.of("n" + i));
                }
                return true;
            default:
                if (0 == i)
                {
                    client.logoff(machine);
                    return true;
                }
                client.queryNames();
                return true;
        }
    }
}
