package org.vmiucv.bench.xproc;

import java.util.List;
import java.util.concurrent.TimeUnit;

import org.vmiucv.engine.IucvException;
import org.vmiucv.engine.MachineId;
import org.vmiucv.engine.Supervisor;

/**
 * What the subjects that run a system of ours share ({@link ShmIucv}, {@link XflIucv}): a Supervisor child and a
 * peer child, a client attached in this process, and an orderly end.
 */
final class SystemSubjects
{
    private static final long START_TIMEOUT_MS = 30_000;

    /** An attach that fails while the Supervisor is still starting. */
    @FunctionalInterface
    interface Attach<T extends Supervisor>
    {
        T attach() throws IucvException;
    }

    private SystemSubjects()
    {
    }

    /**
     * @param attach attaches to the system.
     * @param <T>    the client type.
     * @return a client, attached as soon as the Supervisor takes connections.
     * @throws Exception if it does not within 30 s.
     */
    static <T extends Supervisor> T attach(final Attach<T> attach) throws Exception
    {
        final long deadline = System.currentTimeMillis() + START_TIMEOUT_MS;
        while (true)
        {
            try
            {
                return attach.attach();
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
     * @param client   an attached client.
     * @param machines the peer's machines to wait for.
     * @throws Exception if they are not all logged on within 30 s.
     */
    static void awaitMachines(final Supervisor client, final MachineId... machines) throws Exception
    {
        final long deadline = System.currentTimeMillis() + START_TIMEOUT_MS;
        while (!client.queryNames().stream().map(m -> m.name()).toList().containsAll(List.of(machines)))
        {
            if (System.currentTimeMillis() > deadline)
            {
                throw new IllegalStateException("the peer machines " + List.of(machines) + " did not log on within " +
                    START_TIMEOUT_MS / 1000 + " s");
            }
            Thread.sleep(20);
        }
    }

    /**
     * Shut the system down, close the client, give the children 5 s to end by themselves (so a JFR recording gets
     * written), then kill what is left by its handle.
     *
     * @param client   the attached client.
     * @param children the Supervisor and peer processes.
     * @param what     the system, for the message if the shutdown fails.
     */
    static void shutDown(final Supervisor client, final List<Process> children, final String what)
    {
        try
        {
            client.shutdown();
        }
        catch (final IucvException ex)
        {
            System.err.println("shutdown of " + what + ": " + ex.getMessage());
        }
        finally
        {
            client.close();
            final long deadline = System.currentTimeMillis() + 5_000;
            for (final Process p : children)
            {
                try
                {
                    p.waitFor(Math.max(1, deadline - System.currentTimeMillis()), TimeUnit.MILLISECONDS);
                }
                catch (final InterruptedException ex)
                {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            children.forEach(Spin::kill);
        }
    }
}
