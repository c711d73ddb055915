package org.vmiucv.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.vmiucv.engine.system.PrivateDirectory;

/**
 * One Supervisor per system, private directories on every transport, and a shutdown that removes only what the
 * system made (issue 10, bugs 4, 6, 9 and 10), each through the {@code iucv} command as a user runs it: every
 * command is a child JVM, in a private {@code IUCV_DIR}.
 */
class SupervisorLockTest
{
    private static final long COMMAND_TIMEOUT_MS = 60_000;
    private static final long READY_TIMEOUT_MS = 60_000;
    private static final int NOBODY = 65534;

    @RegisterExtension
    final PrivateIucvDir iucvDir = new PrivateIucvDir("h3lock");
    private final Path base = iucvDir.base();

    @Test
    void concurrentStartsLeaveExactlyOneSupervisorAndTheLosersExitWithRc8NamingIt() throws Exception
    {
        final int rounds = 6;
        final int starters = 3;
        for (int round = 0; round < rounds; round++)
        {
            final String system = "RACE" + round;
            final List<CliProcess> all = new ArrayList<>();
            for (int i = 0; i < starters; i++)
            {
                all.add(iucvDir.start("supervisor", "--system", system));
            }
            // every loser ends on its own; the winner runs on
            final long deadline = System.currentTimeMillis() + READY_TIMEOUT_MS;
            while (all.stream().filter(p -> p.process().isAlive()).count() > 1 &&
                System.currentTimeMillis() < deadline)
            {
                Thread.sleep(50);
            }
            final List<CliProcess> running = all.stream().filter(p -> p.process().isAlive()).toList();
            assertEquals(1, running.size(), () -> "round " + system + ": " + describe(all));
            final CliProcess winner = running.get(0);
            awaitReady(winner);
            final String dir = base.resolve(system).toString();
            for (final CliProcess loser : all)
            {
                if (loser == winner)
                {
                    continue;
                }
                final CliProcess.Result r = loser.await(COMMAND_TIMEOUT_MS);
                assertEquals(8, r.status(), () -> "round " + system + ": " + r);
                assertTrue(r.err().contains("DMSIUC008E") &&
                    r.err().contains("a Supervisor (pid " + winner.pid() + ", transport shm) already runs system " +
                    system), () -> "the loser names the winner: " + r);
                assertFalse(r.out().contains("XFL") || r.out().contains("CP ready"), r::toString);
            }
            try (Stream<Path> files = Files.list(base.resolve(system)))
            {
                final List<String> xfl = files.map(f -> f.getFileName().toString())
                    .filter(n -> n.startsWith("xfl-") || n.startsWith("probe")).toList();
                assertEquals(List.of(), xfl, "no XFL or probe file in " + dir + " when shm won");
            }
            final CliProcess.Result stat = CliProcess.run(base, COMMAND_TIMEOUT_MS, "stat", "--once", "--system", system);
            assertEquals(0, stat.status(), stat::toString);
            assertTrue(stat.out().contains("Supervisor pid=" + winner.pid()), stat::toString);
            if (round == 0)
            {
                // an explicit transport is no way around the lock either
                final CliProcess.Result xfl = CliProcess.run(base, COMMAND_TIMEOUT_MS,
                    "supervisor", "--transport", "xfl", "--system", system);
                assertEquals(8, xfl.status(), xfl::toString);
                assertTrue(xfl.err().contains("pid " + winner.pid() + ", transport shm"), xfl::toString);
            }
            final CliProcess.Result down = CliProcess.run(base, COMMAND_TIMEOUT_MS, "shutdown", "--system", system);
            assertEquals(0, down.status(), down::toString);
            assertTrue(winner.process().waitFor(30, TimeUnit.SECONDS), "one shutdown stops the system");
            assertEquals(0, winner.process().exitValue(), winner::outSoFar);
        }
    }

    @Test
    void aStaleProbeFileDoesNotSendTheNextStartToXfl() throws Exception
    {
        final String system = "PROBE";
        final Path dir = PrivateDirectory.prepare(base, system);
        // what a start killed in the middle of its probe leaves, old name and new
        Files.createFile(dir.resolve("probe.shm"), PrivateDirectory.fileAttribute());
        Files.createFile(dir.resolve("probe-99999-abc.shm"), PrivateDirectory.fileAttribute());

        final CliProcess cp = iucvDir.start("supervisor", "--system", system);
        awaitReady(cp);
        assertFalse(cp.outSoFar().contains("XFL"), cp::outSoFar);
        assertTrue(Files.exists(dir.resolve("system.tables")), "the system runs on shm");
        assertFalse(Files.exists(dir.resolve("probe.shm")) || Files.exists(dir.resolve("probe-99999-abc.shm")),
            "stale probes are removed under the lock");
        assertEquals(0, CliProcess.run(base, COMMAND_TIMEOUT_MS, "shutdown", "--system", system).status());
        assertTrue(cp.process().waitFor(30, TimeUnit.SECONDS));
    }

    @Test
    void aStartAfterKill9OfTheHolderTakesTheSystemOver() throws Exception
    {
        final String system = "KILLED";
        final CliProcess first = iucvDir.start("supervisor", "--system", system);
        awaitReady(first);
        first.process().destroyForcibly(); // SIGKILL: no cleanup, the kernel drops the lock
        assertTrue(first.process().waitFor(30, TimeUnit.SECONDS));
        final CliProcess second = iucvDir.start("supervisor", "--system", system);
        awaitReady(second);
        assertFalse(second.outSoFar().contains("XFL"), second::outSoFar);
        final CliProcess.Result stat = CliProcess.run(base, COMMAND_TIMEOUT_MS, "stat", "--once", "--system", system);
        assertTrue(stat.out().contains("Supervisor pid=" + second.pid()), stat::toString);
        assertEquals(0, CliProcess.run(base, COMMAND_TIMEOUT_MS, "shutdown", "--system", system).status());
        assertTrue(second.process().waitFor(30, TimeUnit.SECONDS));
    }

    @Test
    void aSystemDirectoryOthersMayWriteIsRefusedOnEveryTransportAndLeftAlone() throws Exception
    {
        final Path dir = Files.createDirectory(base.resolve("WIDE"));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
        Files.writeString(dir.resolve("planted.txt"), "x");
        Files.writeString(dir.resolve("xfl-supervisor.pid"), "1");
        refusedEverywhere(dir, "WIDE", "writable by others");
    }

    @Test
    void aSystemDirectoryOfAnotherUserIsRefusedOnEveryTransportAndLeftAlone() throws Exception
    {
        assumeTrue(0 == PrivateDirectory.currentUid(), "only root can give a directory away to test this");
        final Path dir = Files.createDirectory(base.resolve("FOREIGN"));
        Files.writeString(dir.resolve("xfl-supervisor.pid"), "1");
        Files.writeString(dir.resolve("control.ring"), "theirs");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        Files.setAttribute(dir, "unix:uid", NOBODY, LinkOption.NOFOLLOW_LINKS);
        refusedEverywhere(dir, "FOREIGN", "belongs to uid " + NOBODY);
    }

    private void refusedEverywhere(final Path dir, final String system, final String why) throws Exception
    {
        final TreeMap<String, String> before = snapshot(dir);
        for (final String transport : List.of("shm", "xfl", "auto"))
        {
            final CliProcess.Result r = CliProcess.run(base, COMMAND_TIMEOUT_MS,
                "supervisor", "--transport", transport, "--system", system);
            assertEquals(24, r.status(), () -> transport + ": " + r);
            assertTrue(r.err().contains("DMSIUC024E") && r.err().contains(why) &&
                r.err().contains("refusing to use it"), () -> transport + ": " + r);
            assertFalse(r.out().contains("XFL"), () -> transport + " does not fall back: " + r);
            assertEquals(before, snapshot(dir), transport + " touched nothing in " + dir);
        }
    }

    @Test
    void shutdownKeepsForeignFilesAndTheCorruptJournalCopies() throws Exception
    {
        final String system = "KEEP";
        final CliProcess cp = iucvDir.start("supervisor", "--system", system);
        awaitReady(cp);
        final Path dir = base.resolve(system);
        Files.writeString(dir.resolve("notes.txt"), "mine");
        final Path corrupt = Files.createDirectory(dir.resolve("journal.corrupt-1765000000000"));
        Files.writeString(corrupt.resolve("20261207F.cq4"), "damaged");

        final CliProcess.Result down = CliProcess.run(base, COMMAND_TIMEOUT_MS, "shutdown", "--system", system);
        assertEquals(0, down.status(), down::toString);
        assertTrue(cp.process().waitFor(30, TimeUnit.SECONDS));
        assertEquals("mine", Files.readString(dir.resolve("notes.txt")), "a foreign file survives");
        assertEquals("damaged", Files.readString(corrupt.resolve("20261207F.cq4")), "the corrupt copy survives");
        assertTrue(Files.isDirectory(dir.resolve("journal")), "the journal survives");
        assertFalse(Files.exists(dir.resolve("system.tables")) || Files.exists(dir.resolve("control.ring")),
            "the system's own files are gone");
        assertTrue(cp.outSoFar().contains("did not create") && cp.outSoFar().contains("notes.txt"), cp::outSoFar);

        // over XFL too: the pid file goes, the foreign file stays
        final CliProcess xfl = iucvDir.start("supervisor", "--transport", "xfl", "--system", "KEEPX");
        awaitReady(xfl);
        final Path xdir = base.resolve("KEEPX");
        Files.writeString(xdir.resolve("notes.txt"), "mine");
        assertEquals(0, CliProcess.run(base, COMMAND_TIMEOUT_MS, "shutdown", "--system", "KEEPX").status());
        assertTrue(xfl.process().waitFor(30, TimeUnit.SECONDS));
        assertEquals("mine", Files.readString(xdir.resolve("notes.txt")));
        assertFalse(Files.exists(xdir.resolve("xfl-supervisor.pid")));
    }

    @Test
    void theJournalAndTheXflFilesArePrivate() throws Exception
    {
        final String system = "MODES";
        final CliProcess cp = iucvDir.start("supervisor", "--system", system);
        awaitReady(cp);
        final CliProcess machine = iucvDir.start("ipl", "m1", "--handler", "log", "--system", system);
        awaitOutput(machine, "hosting M1");
        assertEquals(0, CliProcess.run(base, COMMAND_TIMEOUT_MS, "smsg", "op", "m1", "hello", "--system", system).status());
        assertPrivate(base.resolve(system));
        assertEquals(0, CliProcess.run(base, COMMAND_TIMEOUT_MS, "shutdown", "--system", system).status());
        assertTrue(cp.process().waitFor(30, TimeUnit.SECONDS));
        assertTrue(Files.isDirectory(base.resolve(system).resolve("journal")));
        assertPrivate(base.resolve(system));

        final CliProcess xfl = iucvDir.start("supervisor", "--transport", "xfl", "--system", "MODESX");
        awaitReady(xfl);
        final CliProcess xmachine = iucvDir.start("ipl", "m2", "--handler", "log", "--system", "MODESX");
        awaitOutput(xmachine, "hosting M2");
        assertTrue(Files.exists(base.resolve("MODESX").resolve("xfl-supervisor.pid")));
        assertPrivate(base.resolve("MODESX"));
        assertEquals(0, CliProcess.run(base, COMMAND_TIMEOUT_MS, "shutdown", "--system", "MODESX").status());
        assertTrue(xfl.process().waitFor(30, TimeUnit.SECONDS));
        assertEquals("rw-------", PosixFilePermissions.toString(
            Files.getPosixFilePermissions(base.resolve("MODES" + ".lock"))), "the lock file");
    }

    private static void assertPrivate(final Path root) throws IOException
    {
        final List<String> wrong = new ArrayList<>();
        int checked = 0;
        try (Stream<Path> all = Files.walk(root))
        {
            for (final Path p : (Iterable<Path>)all::iterator)
            {
                final String mode = PosixFilePermissions.toString(
                    Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS));
                final boolean dir = Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS);
                if (!mode.equals(dir ? "rwx------" : "rw-------"))
                {
                    wrong.add(root.relativize(p) + " " + mode);
                }
                checked++;
            }
        }
        assertTrue(checked > 1, "files to check in " + root); // FIFOs are unlinked once open: the pid file stays
        assertEquals(List.of(), wrong, "directories 0700, files 0600 under " + root);
    }

    private static TreeMap<String, String> snapshot(final Path dir) throws IOException
    {
        final TreeMap<String, String> m = new TreeMap<>();
        try (Stream<Path> all = Files.walk(dir))
        {
            for (final Path p : (Iterable<Path>)all::iterator)
            {
                m.put(dir.relativize(p).toString(), PosixFilePermissions.toString(Files.getPosixFilePermissions(p,
                    LinkOption.NOFOLLOW_LINKS)) + " " + Files.getAttribute(p, "unix:uid", LinkOption.NOFOLLOW_LINKS) +
                    " " + (Files.isRegularFile(p) ? Files.readString(p) : ""));
            }
        }
        return m;
    }

    private static void awaitReady(final CliProcess cp) throws InterruptedException
    {
        awaitOutput(cp, "CP ready");
    }

    private static void awaitOutput(final CliProcess p, final String text) throws InterruptedException
    {
        final long deadline = System.currentTimeMillis() + READY_TIMEOUT_MS;
        while (!p.outSoFar().contains(text))
        {
            if (!p.process().isAlive() || System.currentTimeMillis() > deadline)
            {
                throw new AssertionError("no '" + text + "' from pid " + p.pid() + " (alive " +
                    p.process().isAlive() + "):\n" + p.outSoFar());
            }
            Thread.sleep(50);
        }
    }

    private static String describe(final List<CliProcess> all)
    {
        final StringBuilder b = new StringBuilder();
        for (final CliProcess p : all)
        {
            b.append("\npid ").append(p.pid()).append(p.process().isAlive() ? " running" : " exited " +
                p.process().exitValue()).append(":\n").append(p.outSoFar());
        }
        return b.toString();
    }
}
