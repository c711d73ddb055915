package org.vmiucv.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.vmiucv.engine.layout.FrameType;
import org.vmiucv.engine.system.PrivateDirectory;
import org.vmiucv.engine.system.SystemLock;
import org.vmiucv.engine.system.SystemLog;
import org.vmiucv.shm.journal.ChronicleJournalStore;
import org.vmiucv.shm.journal.JournalConfig;
import org.vmiucv.shm.journal.JournalRecordDescriptor;
import org.vmiucv.shm.journal.JournalRecordFlyweight;
import org.vmiucv.shm.journal.JournalStore;

/**
 * {@code iucv shutdown} sent while a just started Supervisor holds the system lock but has not made its tables yet
 * (it opens and replays its journal first) stops it, every time (issue 10 follow-up): before, shutdown said RC 32
 * "no system" and the Supervisor ran on. Every command is a child JVM in a private {@code IUCV_DIR}.
 */
class ShutdownWhileStartingTest
{
    private static final long COMMAND_TIMEOUT_MS = 60_000;
    private static final long LOCK_TIMEOUT_MS = 60_000;
    private static final int ROUNDS = 5;
    private static final int SEEDED_RECORDS = 200_000;

    @RegisterExtension
    final PrivateIucvDir iucvDir = new PrivateIucvDir("h8start");
    private final Path base = iucvDir.base();

    @Test
    void shutdownRightAfterTheSupervisorTookItsLockStopsIt() throws Exception
    {
        for (int round = 0; round < ROUNDS; round++)
        {
            final String system = "STARTING" + round;
            if (round % 2 == 1)
            {
                seedJournal(system); // a longer replay: a wider window between the lock and the tables
            }
            final CliProcess cp = iucvDir.start("supervisor", "--system", system);
            awaitLockHolder(cp, system);
            // no wait for "CP ready": the Supervisor is still opening its journal
            final boolean readyBefore = cp.outSoFar().contains("CP ready");
            final int r = round;
            final CliProcess.Result down = CliProcess.run(base, COMMAND_TIMEOUT_MS, "shutdown", "--system", system);
            assertEquals(0, down.status(), () -> "round " + r + " (ready before: " + readyBefore + "): " +
                down + "\nSupervisor: " + cp.outSoFar());
            assertTrue(cp.process().waitFor(COMMAND_TIMEOUT_MS, TimeUnit.MILLISECONDS),
                () -> "round " + r + ": the Supervisor still runs after shutdown: " + cp.outSoFar());
            assertTrue(down.out().contains("is down (Supervisor pid=" + cp.pid() + " ended)"), down::toString);
        }
    }

    @Test
    void shutdownThatCannotWaitForTheTablesSigtermsTheStartingSupervisor() throws Exception
    {
        for (int round = 0; round < 2; round++)
        {
            final String system = "IMPATIENT" + round;
            seedJournal(system);
            final CliProcess cp = iucvDir.start("supervisor", "--system", system);
            awaitLockHolder(cp, system);
            final CliProcess.Result down = CliProcess.run(base, COMMAND_TIMEOUT_MS, "shutdown", "--system", system,
                "--wait-ms", "1");
            assertEquals(0, down.status(), () -> down + "\nSupervisor: " + cp.outSoFar());
            assertTrue(cp.process().waitFor(COMMAND_TIMEOUT_MS, TimeUnit.MILLISECONDS),
                () -> "the Supervisor still runs after shutdown: " + down + "\nSupervisor: " + cp.outSoFar());
            if (!cp.outSoFar().contains("CP ready"))
            {
                assertTrue(down.out().contains("holds the lock of system " + system + " but did not make it " +
                    "ready within 1 ms; sent SIGTERM to the Supervisor (pid " + cp.pid() + ")"), down::toString);
            }
        }
    }

    /** Leave a journal of many records from a "previous run", which the next start replays before its tables. */
    private void seedJournal(final String system) throws Exception
    {
        final Path journal = PrivateDirectory.prepare(base, system).resolve(JournalConfig.DIRECTORY);
        try (ChronicleJournalStore store = new ChronicleJournalStore(journal, new JournalConfig(), false,
            SystemLog.NONE); JournalStore.Writer writer = store.newWriter())
        {
            final JournalRecordFlyweight r = new JournalRecordFlyweight();
            for (int i = 0; i < SEEDED_RECORDS; i++)
            {
                r.reset(JournalRecordDescriptor.KIND_DATA, FrameType.DATA, i).corr(i).seal();
                writer.append(r.bytes(), r.length());
            }
        }
    }

    /** Wait until the child holds the system lock (it wrote its pid into the lock file). */
    private void awaitLockHolder(final CliProcess cp, final String system) throws Exception
    {
        final Path lock = base.resolve(system + SystemLock.SUFFIX);
        final long deadline = System.currentTimeMillis() + LOCK_TIMEOUT_MS;
        long backoffMs = 1;
        while (true)
        {
            if (Files.isRegularFile(lock) && Files.readString(lock).startsWith("pid=" + cp.pid() + " "))
            {
                return;
            }
            assertTrue(cp.process().isAlive(), cp::outSoFar);
            assertTrue(System.currentTimeMillis() < deadline, () -> "no lock taken: " + cp.outSoFar());
            Thread.sleep(backoffMs);
            backoffMs = Math.min(20, backoffMs * 2);
        }
    }
}
