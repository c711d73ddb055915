package org.vmiucv.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import org.junit.jupiter.api.Test;
import org.vmiucv.engine.IucvException;
import org.vmiucv.engine.ReturnCode;
import org.vmiucv.engine.system.RingFiles;
import org.vmiucv.engine.system.SystemClient;
import org.vmiucv.engine.system.SystemLog;
import org.vmiucv.engine.system.SystemOptions;
import org.vmiucv.shm.ShmSystem;

/**
 * An application that attaches the moment {@code system.tables} appears, while the Supervisor (a child JVM) is
 * still creating its files, must never see a short or half-written file (issue 10, F1: {@code iucv demo} failed
 * about one run in three with RC 24 "system.tables is 8687616 bytes but its header needs 11538688"). It may be
 * told that the Supervisor is not up yet (RC 32) and try again; it must never get RC 24.
 */
class EarlyAttachTest
{
    private static final int ROUNDS = 20;
    private static final long ROUND_TIMEOUT_MS = 60_000;
    private static final long POLL_NS = TimeUnit.MICROSECONDS.toNanos(100);

    @Test
    void attachingAsSoonAsTheTablesAppearNeverSeesAPartialFile() throws Exception
    {
        final Path base = Files.createTempDirectory(Path.of("/dev/shm"), "h10early");
        final List<String> rounds = new ArrayList<>();
        try
        {
            for (int round = 0; round < ROUNDS; round++)
            {
                final String system = "EARLY" + round;
                final CliProcess supervisor = CliProcess.start(base, "supervisor", "--system", system);
                try
                {
                    rounds.add(attachEarly(base, system, supervisor));
                    supervisor.process().destroy(); // SIGTERM: the Supervisor stops in order
                    assertTrue(supervisor.process().waitFor(30, TimeUnit.SECONDS), supervisor::outSoFar);
                    assertEquals(143, supervisor.process().exitValue(), () -> "a clean stop on SIGTERM, no crash:\n" +
                        supervisor.outSoFar());
                }
                finally
                {
                    supervisor.kill();
                }
            }
        }
        finally
        {
            CliProcess.deleteTree(base);
        }
        assertEquals(ROUNDS, rounds.size(), rounds::toString);
    }

    /**
     * @return how many RC 32 answers came before the attach succeeded, for the failure message.
     */
    private static String attachEarly(final Path base, final String system, final CliProcess supervisor)
        throws Exception
    {
        final Path tables = base.resolve(system).resolve(RingFiles.TABLES);
        final long deadline = System.currentTimeMillis() + ROUND_TIMEOUT_MS;
        while (!Files.exists(tables))
        {
            if (!supervisor.process().isAlive() || System.currentTimeMillis() > deadline)
            {
                throw new AssertionError("no " + tables + " from pid " + supervisor.pid() + ":\n" +
                    supervisor.outSoFar());
            }
            LockSupport.parkNanos(POLL_NS);
        }
        int notYet = 0;
        final SystemOptions options = new SystemOptions().controlTimeoutMs(10_000);
        while (true)
        {
            try (SystemClient client = ShmSystem.attach(base, system, options, SystemLog.NONE))
            {
                assertTrue(client.queryNames().isEmpty(), "a usable client of a new system");
                return system + ": attached after " + notYet + " RC 32";
            }
            catch (final IucvException ex)
            {
                // 32 (not up yet) is fair while it starts; 24 means a file was seen half made
                final int before = notYet;
                assertEquals(ReturnCode.SUPERVISOR_DOWN, ex.returnCode(), () -> system + " after " + before +
                    " RC 32: " + ex.getMessage() + "\nSupervisor:\n" + supervisor.outSoFar());
                if (System.currentTimeMillis() > deadline)
                {
                    throw new AssertionError(system + ": still RC 32 at the deadline: " + ex.getMessage());
                }
                notYet++;
                Thread.sleep(5);
            }
        }
    }
}
