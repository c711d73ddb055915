package org.vmiucv.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What a user sees when every process of a system was killed, and when a second Supervisor loses the race (issue
 * 10, F-stale and F-msg), through the {@code iucv} command in child JVMs with a private {@code IUCV_DIR}.
 */
class StaleSystemTest
{
    private static final long TIMEOUT_MS = 60_000;

    @RegisterExtension
    final PrivateIucvDir iucvDir = new PrivateIucvDir("h10stale");
    private final Path base = iucvDir.base();

    @Test
    void shutdownAfterKill9OfEverythingRemovesTheSystemsFilesAndQueryHintsAtIt() throws Exception
    {
        final String system = "STALE";
        final CliProcess cp = iucvDir.start("supervisor", "--system", system);
        awaitOutput(cp, "CP ready");
        final CliProcess machine = iucvDir.start("ipl", "m1", "--handler", "log", "--system", system);
        awaitOutput(machine, "hosting M1");
        final Path dir = base.resolve(system);
        Files.writeString(dir.resolve("notes.txt"), "mine");

        machine.process().destroyForcibly(); // SIGKILL: nobody cleans up
        cp.process().destroyForcibly();
        assertTrue(machine.process().waitFor(30, TimeUnit.SECONDS) && cp.process().waitFor(30, TimeUnit.SECONDS));
        assertTrue(Files.exists(dir.resolve("system.tables")) && Files.exists(dir.resolve("inbox-M1-1.ring")));

        final CliProcess.Result query = CliProcess.run(base, TIMEOUT_MS, "query", "names", "--system", system);
        assertEquals(32, query.status(), query::toString);
        assertTrue(query.err().contains("is dead") &&
            query.err().contains("restart it with: iucv supervisor --system " + system) &&
            query.err().contains("remove its files with: iucv shutdown --system " + system), query::toString);

        final CliProcess.Result down = CliProcess.run(base, TIMEOUT_MS, "shutdown", "--system", system);
        assertEquals(0, down.status(), down::toString);
        assertTrue(down.out().contains("had no live Supervisor") && down.out().contains("system.tables") &&
            down.out().contains("control.ring") && down.out().contains("inbox-M1-1.ring") &&
            down.out().contains("notes.txt"), down::toString);
        try (Stream<Path> files = Files.list(dir))
        {
            assertEquals(List.of("journal", "notes.txt"),
                files.map(p -> p.getFileName().toString()).sorted().toList(), "the journal and foreign files stay");
        }

        // and the system starts afresh
        final CliProcess again = iucvDir.start("supervisor", "--system", system);
        awaitOutput(again, "CP ready");
        assertEquals(0, CliProcess.run(base, TIMEOUT_MS, "shutdown", "--system", system).status());
        assertTrue(again.process().waitFor(30, TimeUnit.SECONDS), again::outSoFar);
    }

    @Test
    void aLosingSupervisorSaysTheSystemIsAlreadyRunningNotAMachine() throws Exception
    {
        final String system = "TWICE";
        final CliProcess cp = iucvDir.start("supervisor", "--system", system);
        awaitOutput(cp, "CP ready");
        final CliProcess.Result loser = CliProcess.run(base, TIMEOUT_MS, "supervisor", "--system", system);
        assertEquals(8, loser.status(), loser::toString);
        assertTrue(loser.err().contains("DMSIUC008E System already running: a Supervisor (pid " + cp.pid()),
            loser::toString);
        assertFalse(loser.err().contains("Machine already logged on"), loser::toString);
        assertEquals(0, CliProcess.run(base, TIMEOUT_MS, "shutdown", "--system", system).status());
        assertTrue(cp.process().waitFor(30, TimeUnit.SECONDS), cp::outSoFar);
    }

    private static void awaitOutput(final CliProcess p, final String text) throws InterruptedException
    {
        final long deadline = System.currentTimeMillis() + TIMEOUT_MS;
        while (!p.outSoFar().contains(text))
        {
            if (!p.process().isAlive() || System.currentTimeMillis() > deadline)
            {
                throw new AssertionError("no '" + text + "' from pid " + p.pid() + ":\n" + p.outSoFar());
            }
            Thread.sleep(50);
        }
    }
}
