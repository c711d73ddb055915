package org.vmiucv.shm.testkit;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;

import org.vmiucv.engine.system.SystemLog;
import org.vmiucv.engine.system.SystemOptions;
import org.vmiucv.shm.SupervisorProcess;

/**
 * Child JVM of {@code SupervisorCloseRaceTest}: starts a Supervisor in this process, has one thread poll
 * {@link SupervisorProcess#awaitShutdown(long)} without pause (as the main thread of {@code iucv supervisor} does)
 * while another thread closes it (as the SIGTERM hook does), round after round. A read of unmapped tables would crash
 * this JVM; a clean run prints {@code SUPERVISOR CLOSE RACE OK}.
 */
public final class SupervisorCloseRaceMain
{
    private SupervisorCloseRaceMain()
    {
    }

    /**
     * @param args base directory, system name prefix, rounds.
     * @throws Exception on failure.
     */
    public static void main(final String[] args) throws Exception
    {
        final Path base = Path.of(args[0]);
        final int rounds = Integer.parseInt(args[2]);
        long polls = 0;
        for (int round = 0; round < rounds; round++)
        {
            final SupervisorProcess cp = SupervisorProcess.start(base, args[1] + round, new SystemOptions(),
                SystemLog.NONE);
            final AtomicBoolean go = new AtomicBoolean();
            final long[] count = new long[1];
            final Thread poller = new Thread(() ->
            {
                while (!go.get())
                {
                    Thread.onSpinWait();
                }
                try
                {
                    while (!cp.awaitShutdown(0))
                    {
                        count[0]++;
                    }
                }
                catch (final InterruptedException ex)
                {
                    Thread.currentThread().interrupt();
                }
            }, "poller");
            poller.start();
            go.set(true);
            Thread.sleep(1 + round % 5);
            cp.close();
            poller.join(30_000);
            if (poller.isAlive())
            {
                throw new AssertionError("awaitShutdown did not return after close in round " + round);
            }
            polls += count[0];
        }
        System.out.println("SUPERVISOR CLOSE RACE OK: " + rounds + " rounds, " + polls + " polls");
    }
}
