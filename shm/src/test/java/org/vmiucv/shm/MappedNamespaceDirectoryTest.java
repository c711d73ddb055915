package org.vmiucv.shm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.vmiucv.shm.MappedNamespaceTest.permissions;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How {@link MappedNamespace#open(Path, String)} treats directories that exist already.
 */
class MappedNamespaceDirectoryTest
{
    private static final int NOBODY = 65534;

    @TempDir
    Path tmp;

    @Test
    void aReadableSystemDirectoryIsTightenedTo0700ButTheUsersBaseIsNeverChmoded() throws IOException
    {
        final Path base = Files.createDirectory(tmp.resolve("base"));
        Files.setPosixFilePermissions(base, PosixFilePermissions.fromString("rwxr-xr-x"));
        final Path system = Files.createDirectory(base.resolve("VM1"));
        Files.setPosixFilePermissions(system, PosixFilePermissions.fromString("rwxr-x---"));
        MappedNamespace.open(base, "VM1").close();
        assertEquals("rwxr-xr-x", permissions(base), "the base may be the user's home: its mode is theirs");
        assertEquals("rwx------", permissions(system));
    }

    @Test
    void aBaseOthersMayWriteIsRefusedAndLeftAlone() throws IOException
    {
        final Path base = Files.createDirectory(tmp.resolve("base"));
        Files.setPosixFilePermissions(base, PosixFilePermissions.fromString("rwxrwxr-x"));
        final IllegalStateException ex =
            assertThrows(IllegalStateException.class, () -> MappedNamespace.open(base, "VM1"));
        assertTrue(ex.getMessage().startsWith(base.toRealPath() + " has mode 0775, writable by others and not " +
            "sticky: refusing to use it as the vm-iucv base"), ex.getMessage());
        assertEquals("rwxrwxr-x", permissions(base));
        assertFalse(Files.exists(base.resolve("VM1")));
    }

    @Test
    void aSystemDirectoryOthersMayWriteIsRefusedAndLeftAlone() throws IOException
    {
        final Path base = Files.createDirectory(tmp.resolve("base"));
        final Path system = Files.createDirectory(base.resolve("VM1"));
        Files.setPosixFilePermissions(system, PosixFilePermissions.fromString("rwxrwxrwx"));
        final IllegalStateException ex =
            assertThrows(IllegalStateException.class, () -> MappedNamespace.open(base, "VM1"));
        assertEquals(system.toRealPath() + " has mode 0777, writable by others: refusing to use it as a system " +
            "directory (it must be 0700; remove it or chmod 700 it after checking its files, or choose another " +
            "--system)", ex.getMessage());
        assertEquals("rwxrwxrwx", permissions(system), "not tightened: what others may have planted stays suspect");
    }

    @Test
    void aSharedStickyBaseIsUsedAsItIs() throws IOException
    {
        final Path base = Files.createDirectory(tmp.resolve("sticky"));
        Files.setAttribute(base, "unix:mode", 01777);
        try (MappedNamespace ns = MappedNamespace.open(base, "VM1"))
        {
            assertEquals(01777, (int)(Integer)Files.getAttribute(base, "unix:mode") & 07777, "not chmod-ed");
            assertEquals("rwx------", permissions(ns.directory()));
        }
    }

    @Test
    void aSymlinkedBaseIsFollowedButASymlinkedSystemDirectoryIsRefused() throws IOException
    {
        final Path real = Files.createDirectory(tmp.resolve("real"));
        final Path link = Files.createSymbolicLink(tmp.resolve("link"), real);
        try (MappedNamespace ns = MappedNamespace.open(link, "VM1"))
        {
            assertEquals(real.toRealPath().resolve("VM1"), ns.directory());
        }

        final Path elsewhere = Files.createDirectory(tmp.resolve("elsewhere"));
        Files.createSymbolicLink(real.resolve("VM2"), elsewhere);
        final IllegalStateException ex =
            assertThrows(IllegalStateException.class, () -> MappedNamespace.open(real, "VM2"));
        assertTrue(ex.getMessage().endsWith("VM2 is a symbolic link: refusing to use it as a system directory " +
            "(remove it, or choose another --system)"), ex.getMessage());
    }

    @Test
    void aFileWhereTheDirectoryShouldBeIsRefused() throws IOException
    {
        final Path base = Files.createDirectory(tmp.resolve("base"));
        Files.createFile(base.resolve("VM1"));
        final IllegalStateException ex =
            assertThrows(IllegalStateException.class, () -> MappedNamespace.open(base, "VM1"));
        assertEquals(base.toRealPath().resolve("VM1") + " exists and is not a directory: refusing to use it " +
            "as a system directory", ex.getMessage());
    }

    @Test
    void aDirectoryOwnedBySomeoneElseIsRefusedAndLeftAlone() throws IOException
    {
        assumeTrue(0 == NamespaceDirectory.currentUid(), "only root can give a directory away to test this");
        final Path base = Files.createDirectory(tmp.resolve("base"));
        final Path system = Files.createDirectory(base.resolve("VM1"));
        Files.setPosixFilePermissions(system, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setAttribute(system, "unix:uid", NOBODY, LinkOption.NOFOLLOW_LINKS);

        final IllegalStateException ex =
            assertThrows(IllegalStateException.class, () -> MappedNamespace.open(base, "VM1"));
        assertEquals(system.toRealPath() + " belongs to uid " + NOBODY + ", not to this user (uid 0): refusing to " +
            "use it; choose another --system or IUCV_DIR", ex.getMessage());
        assertEquals("rwxr-xr-x", permissions(system), "someone else's directory is not touched");

        Files.setAttribute(base, "unix:uid", NOBODY, LinkOption.NOFOLLOW_LINKS);
        final IllegalStateException baseEx =
            assertThrows(IllegalStateException.class, () -> MappedNamespace.open(base, "VM2"));
        assertTrue(baseEx.getMessage().endsWith("set IUCV_DIR to a directory of your own"), baseEx.getMessage());
    }
}
