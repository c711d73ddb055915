package org.vmiucv.engine.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vmiucv.engine.IucvException;
import org.vmiucv.engine.ReturnCode;

/**
 * {@link SystemLock} (one holder, a loser told who holds it, private files) and {@link SystemFiles} (a stop removes
 * only what the system made).
 */
class SystemLockTest
{
    private static final int NOBODY = 65534;

    @TempDir
    Path tmp;

    @Test
    void oneHolderAtATimeAndTheLoserLearnsItsPidAndTransport() throws Exception
    {
        final Path base = tmp.resolve("base");
        try (SystemLock lock = SystemLock.acquire(base, "S1", "shm"))
        {
            assertTrue(lock.isHeld());
            assertEquals("rw-------", mode(lock.file()));
            assertEquals("rwx------", mode(base));
            final IucvException ex = assertThrows(IucvException.class, () -> SystemLock.acquire(base, "S1", "xfl"));
            assertEquals(ReturnCode.ALREADY_RUNNING, ex.returnCode());
            assertTrue(ex.getMessage().contains("a Supervisor (pid " + ProcessHandle.current().pid() +
                ", transport shm) already runs system S1"), ex.getMessage());
            SystemLock.acquire(base, "S2", "shm").close(); // another system is another lock
        }
        try (SystemLock again = SystemLock.acquire(base, "S1", "xfl"))
        {
            assertTrue(again.isHeld(), "released on close; the file stays for the next holder");
        }
        assertTrue(Files.exists(base.resolve("S1" + SystemLock.SUFFIX)));
    }

    @Test
    void aLockFileThatIsALinkOrNotOursIsRefused() throws Exception
    {
        final Path base = Files.createDirectory(tmp.resolve("base"));
        Files.createSymbolicLink(base.resolve("L" + SystemLock.SUFFIX), tmp.resolve("elsewhere"));
        final IucvException link = assertThrows(IucvException.class, () -> SystemLock.acquire(base, "L", "shm"));
        assertTrue(link.returnCode() == ReturnCode.INVALID_PARAMETER ||
            link.returnCode() == ReturnCode.RESOURCES_EXHAUSTED, link.getMessage());
        assertFalse(Files.exists(tmp.resolve("elsewhere")), "a link is not followed");

        assumeTrue(0 == PrivateDirectory.currentUid(), "only root can give a file away to test this");
        final Path theirs = Files.createFile(base.resolve("F" + SystemLock.SUFFIX));
        Files.setAttribute(theirs, "unix:uid", NOBODY, LinkOption.NOFOLLOW_LINKS);
        final IucvException foreign = assertThrows(IucvException.class, () -> SystemLock.acquire(base, "F", "shm"));
        assertEquals(ReturnCode.INVALID_PARAMETER, foreign.returnCode());
        assertTrue(foreign.getMessage().contains("belongs to uid " + NOBODY), foreign.getMessage());
    }

    @Test
    void cleanupRemovesOnlyWhatTheSystemCreated() throws IOException
    {
        final Path dir = Files.createDirectory(tmp.resolve("S"));
        final List<String> ours = List.of("system.tables", "control.ring", "client-1f.ring", "inbox-ALICE-3.ring",
            "probe.shm", "probe-12-ab.shm", "xfl-supervisor.pid", "xfl-12.ab-0.data", "xfl-12.ab.hello");
        final List<String> kept = List.of("journal", "journal.corrupt-1765000000000");
        final List<String> foreign = List.of("notes.txt", "inbox.ring", "control.ring.bak");
        for (final String name : ours)
        {
            Files.createFile(dir.resolve(name));
        }
        for (final String name : kept)
        {
            Files.createDirectory(dir.resolve(name));
        }
        for (final String name : foreign)
        {
            Files.createFile(dir.resolve(name));
        }
        final List<String> lines = new ArrayList<>();
        assertEquals(List.of("control.ring.bak", "inbox.ring", "notes.txt"), SystemFiles.cleanup(dir, lines::add));
        try (var left = Files.list(dir))
        {
            assertEquals(List.of("control.ring.bak", "inbox.ring", "journal", "journal.corrupt-1765000000000",
                "notes.txt"), left.map(p -> p.getFileName().toString()).sorted().toList());
        }
        assertTrue(lines.get(0).contains("did not create") && lines.get(0).contains("notes.txt"), lines::toString);

        final Path empty = Files.createDirectory(tmp.resolve("E"));
        Files.createFile(empty.resolve("control.ring"));
        SystemFiles.cleanup(empty, lines::add);
        assertFalse(Files.exists(empty), "a directory left empty goes");
    }

    private static String mode(final Path p) throws IOException
    {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS));
    }
}
