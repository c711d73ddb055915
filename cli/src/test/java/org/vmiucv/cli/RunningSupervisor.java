package org.vmiucv.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;

/**
 * An {@code iucv supervisor} child process shared by the tests of one class: a fresh base directory under
 * {@code /dev/shm}, a random system name, started once and waited for; {@link #close()} shuts it down with
 * {@code iucv shutdown}, kills it by handle whatever happens and removes the base directory.
 */
final class RunningSupervisor implements AutoCloseable
{
    /** Deadline of one {@code iucv} command, and of the wait for the Supervisor to come up. */
    static final long COMMAND_TIMEOUT_MS = 30_000;

    /** When a just started Supervisor counts as up. */
    @FunctionalInterface
    interface Readiness
    {
        /**
         * @param supervisor the Supervisor started.
         * @return true once it is up.
         * @throws Exception if the check cannot be made.
         */
        boolean isUp(RunningSupervisor supervisor) throws Exception;
    }

    private final Path base;
    private final String system;
    private final CliProcess process;

    private RunningSupervisor(final Path base, final String system, final CliProcess process)
    {
        this.base = base;
        this.system = system;
        this.process = process;
    }

    /**
     * Start a Supervisor and wait until it is up; on failure kill it and remove its base directory.
     *
     * @param basePrefix   the prefix of the base directory made under {@code /dev/shm}.
     * @param systemPrefix the first letter(s) of the system's name; a random hex suffix follows.
     * @param ready        when it is up.
     * @return the running Supervisor.
     * @throws Exception if it cannot be started or does not come up within {@link #COMMAND_TIMEOUT_MS}.
     */
    static RunningSupervisor start(final String basePrefix, final String systemPrefix, final Readiness ready)
        throws Exception
    {
        final Path base = Files.createTempDirectory(Path.of("/dev/shm"), basePrefix);
        final String system = systemPrefix + Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xFFFFFFFL);
        final CliProcess supervisor = CliProcess.start(base, "supervisor", "--system", system);
        final RunningSupervisor running = new RunningSupervisor(base, system, supervisor);
        try
        {
            final long deadline = System.currentTimeMillis() + COMMAND_TIMEOUT_MS;
            while (!ready.isUp(running))
            {
                if (System.currentTimeMillis() > deadline || !supervisor.process().isAlive())
                {
                    throw new AssertionError("the Supervisor did not come up:\n" + supervisor.outSoFar());
                }
                Thread.sleep(50);
            }
        }
        catch (final Exception | AssertionError ex)
        {
            supervisor.kill();
            CliProcess.deleteTree(base);
            throw ex;
        }
        return running;
    }

    /** @return the base directory ({@code IUCV_DIR}) of the system. */
    Path base()
    {
        return base;
    }

    /** @return the system's name. */
    String system()
    {
        return system;
    }

    /** @return the {@code iucv supervisor} process. */
    CliProcess process()
    {
        return process;
    }

    /** {@code iucv shutdown} if it still runs, then kill it by handle and remove the base directory. */
    @Override
    public void close()
    {
        try
        {
            if (process.process().isAlive())
            {
                CliProcess.run(base, COMMAND_TIMEOUT_MS, "shutdown", "--system", system);
            }
        }
        catch (final Exception | AssertionError ex)
        {
            // killed below
        }
        finally
        {
            process.kill();
            CliProcess.deleteTree(base);
        }
    }
}
