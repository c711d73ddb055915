package org.vmiucv.bench.jmhx;

import java.nio.file.Path;

import org.agrona.concurrent.BusySpinIdleStrategy;
import org.vmiucv.engine.IucvException;
import org.vmiucv.engine.MachineId;
import org.vmiucv.engine.MachineInfo;
import org.vmiucv.engine.system.SystemClient;
import org.vmiucv.engine.system.SystemLog;
import org.vmiucv.engine.system.SystemOptions;
import org.vmiucv.shm.ShmSystem;

/**
 * Setup and teardown steps of the benchmarks whose machines run on the JMH benchmark thread: a client attached
 * with {@code hostInvoker(true)} (no host thread; every callback happens inside {@link SystemClient#invokeHost()})
 * and a busy-spin idle strategy for its blocking calls. Attach on the thread that will invoke the host; the host
 * follows whichever thread invokes it.
 */
final class InvokedHost
{
    private InvokedHost()
    {
    }

    /**
     * Attach to a system whose Supervisor may still be starting.
     *
     * @param base   the base directory of the system.
     * @param system its name.
     * @return the client, bound to the calling thread.
     * @throws Exception if no Supervisor answers within 30 s.
     */
    static SystemClient attach(final Path base, final String system) throws Exception
    {
        final long deadline = System.currentTimeMillis() + 30_000;
        while (true)
        {
            try
            {
                return ShmSystem.attach(base, system,
                    new SystemOptions().hostInvoker(true).idleStrategy(BusySpinIdleStrategy::new), SystemLog.NONE);
            }
            catch (final IucvException ex)
            {
                if (System.currentTimeMillis() > deadline)
                {
                    throw ex;
                }
                Thread.sleep(20);
            }
        }
    }

    /**
     * Wait for a machine of another process to log on, invoking the host meanwhile (its heartbeat must go on).
     *
     * @param client  the invoker client.
     * @param machine the machine.
     * @throws Exception if it is not logged on within 30 s.
     */
    static void awaitMachine(final SystemClient client, final MachineId machine) throws Exception
    {
        final long deadline = System.currentTimeMillis() + 30_000;
        long nextQuery = 0;
        while (true)
        {
            client.invokeHost();
            final long now = System.currentTimeMillis();
            if (now >= nextQuery)
            {
                for (final MachineInfo m : client.queryNames())
                {
                    if (m.name().equals(machine))
                    {
                        return;
                    }
                }
                if (now > deadline)
                {
                    throw new IllegalStateException("the peer machine " + machine + " did not log on within 30 s");
                }
                nextQuery = now + 20;
            }
            Thread.sleep(1);
        }
    }

    /**
     * Shut the system down from the calling thread (which becomes the host's), then close the client.
     *
     * @param client the client, may be null.
     * @param what   the benchmark, for the message if the shutdown fails.
     */
    static void shutdown(final SystemClient client, final String what)
    {
        if (null == client)
        {
            return;
        }
        try
        {
            client.invokeHost(); // bind the host to this thread, so that the blocking SHUTDOWN drives it
            client.shutdown();
        }
        catch (final IucvException | RuntimeException ex)
        {
            System.err.println(what + ": shutdown of the bench system: " + ex.getMessage());
        }
        finally
        {
            client.close();
        }
    }
}
