package org.vmiucv.shm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.ThreadLocalRandom;

import org.agrona.concurrent.AtomicBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vmiucv.engine.layout.FileHeaderDescriptor;
import org.vmiucv.engine.system.NamespaceException;
import org.vmiucv.engine.system.NamespaceException.Reason;
import org.vmiucv.engine.system.RingFiles;

class MappedNamespaceTest
{
    @TempDir
    Path base;

    private MappedNamespace ns;

    @BeforeEach
    void setUp()
    {
        ns = MappedNamespace.open(base, "VM1");
    }

    @AfterEach
    void tearDown()
    {
        ns.close();
    }

    @Test
    void directoriesAre0700AndFilesAre0600() throws IOException
    {
        final Path nested = base.resolve("a/b");
        try (MappedNamespace other = MappedNamespace.open(nested, "SYS_1-x"))
        {
            other.create("inbox-ALICE-1.ring", 4096);
            assertEquals("rwx------", permissions(nested));
            assertEquals("rwx------", permissions(nested.getParent()));
            assertEquals("rwx------", permissions(other.directory()));
            assertEquals("rw-------", permissions(other.directory().resolve("inbox-ALICE-1.ring")));
        }
        assertEquals(base.resolve("VM1"), ns.directory());
        assertEquals("rwx------", permissions(ns.directory()));
        assertEquals(ns.directory().toString(), ns.describe());
    }

    @Test
    void aPublishedFileAppearsOnlyInitialisedAndLeavesNoTemporaryName() throws IOException
    {
        final String[] seenDuringInit = new String[1];
        final AtomicBuffer buffer = ns.create("control.ring", 8192, b ->
        {
            b.putLong(0, 42);
            seenDuringInit[0] = String.valueOf(ns.exists("control.ring"));
        });
        assertEquals("false", seenDuringInit[0], "not visible under its name while being initialised");
        assertEquals(42, buffer.getLong(0));
        assertEquals(8192, Files.size(ns.directory().resolve("control.ring")));
        assertEquals(42, ns.open("control.ring").getLong(0), "the same file, initialised");
        try (var files = Files.list(ns.directory()))
        {
            assertEquals(java.util.List.of("control.ring"), files.map(f -> f.getFileName().toString()).toList());
        }
        final org.vmiucv.engine.system.NamespaceException ex = assertThrows(
            org.vmiucv.engine.system.NamespaceException.class, () -> ns.create("control.ring", 8192, b -> { }));
        assertEquals(org.vmiucv.engine.system.NamespaceException.Reason.EXISTS, ex.reason());
        assertTrue(org.vmiucv.engine.system.SystemFiles.isCreatedBySystem(
            org.vmiucv.engine.system.SystemFiles.unpublishedName("control.ring")), "a killed creator's leftover is ours");
    }

    @Test
    void createIsZeroedFullLengthAndWritable() throws IOException
    {
        final AtomicBuffer buffer = ns.create("a.ring", 10_000);
        assertEquals(10_000, buffer.capacity());
        assertEquals(10_000, Files.size(ns.directory().resolve("a.ring")));
        for (int i = 0; i < buffer.capacity(); i++)
        {
            assertEquals(0, buffer.getByte(i));
        }
        buffer.putLongVolatile(8, 0x1234_5678_9ABCL);
        assertEquals(0x1234_5678_9ABCL, buffer.getLongVolatile(8));
        assertTrue(ns.exists("a.ring"));
        assertFalse(ns.exists("b.ring"));
    }

    @Test
    void createOfAnExistingFileFailsWithExistsNamingIt()
    {
        ns.create("system.tables", 4096);
        final NamespaceException ex = assertThrows(NamespaceException.class, () -> ns.create("system.tables", 4096));
        assertEquals(Reason.EXISTS, ex.reason());
        assertEquals("system.tables exists already in " + ns.directory(), ex.getMessage());
        assertEquals(1, ns.references("system.tables"), "a failed create takes no reference");
    }

    @Test
    void openOfAMissingFileFailsWithNotFoundNamingIt()
    {
        final NamespaceException ex = assertThrows(NamespaceException.class, () -> ns.open("control.ring"));
        assertEquals(Reason.NOT_FOUND, ex.reason());
        assertEquals("control.ring not found in " + ns.directory(), ex.getMessage());
    }

    @Test
    void createAndOpenShareOneMappingAndCountReferences()
    {
        final AtomicBuffer created = ns.create("x", 4096);
        final AtomicBuffer opened = ns.open("x");
        assertSame(created, opened);
        assertSame(created, ns.open("x"));
        assertEquals(3, ns.references("x"));

        ns.release("x");
        ns.release("x");
        assertEquals(1, ns.references("x"));
        assertEquals(1, ns.mappingCount());
        created.putInt(0, 7); // still mapped

        ns.release("x");
        assertEquals(0, ns.references("x"));
        assertEquals(0, ns.mappingCount());
        ns.release("x"); // an extra release is ignored

        final AtomicBuffer again = ns.open("x");
        assertNotSame(created, again);
        assertEquals(7, again.getInt(0), "the file kept what was written before the unmap");
        assertEquals(1, ns.references("x"));
    }

    @Test
    void aFileWrittenThroughOneInstanceIsVisibleThroughAnother()
    {
        try (MappedNamespace second = MappedNamespace.open(base, "VM1"))
        {
            final AtomicBuffer writer = ns.create("shared", 8192);
            final AtomicBuffer reader = second.open("shared");
            assertNotSame(writer, reader);
            writer.putLongVolatile(4096, 42L);
            assertEquals(42L, reader.getLongVolatile(4096));
            reader.putIntVolatile(0, -1);
            assertEquals(-1, writer.getIntVolatile(0));
            assertEquals(1, second.references("shared"));
        }
        assertEquals(1, ns.references("shared"), "closing one instance leaves the other's mapping alone");
    }

    @Test
    void ringFilesWorkOverMappedFilesAcrossInstances()
    {
        final var producer = RingFiles.create(ns, RingFiles.CONTROL, 1024, ProcessHandle.current().pid(), 1L);
        try (MappedNamespace second = MappedNamespace.open(base, "VM1"))
        {
            final var consumer = RingFiles.open(second, RingFiles.CONTROL);
            final org.agrona.concurrent.UnsafeBuffer msg = new org.agrona.concurrent.UnsafeBuffer(new byte[8]);
            msg.putLong(0, 99L);
            assertTrue(producer.write(1, msg, 0, 8));
            final long[] got = new long[1];
            assertEquals(1, consumer.read((type, buffer, index, length) -> got[0] = buffer.getLong(index)));
            assertEquals(99L, got[0]);
        }
    }

    @Test
    void anEmptyOrShortFileIsMappedAsItIsForTheCallerToReject() throws IOException
    {
        Files.createFile(ns.directory().resolve("empty.ring"));
        final AtomicBuffer empty = ns.open("empty.ring");
        assertEquals(0, empty.capacity());
        ns.release("empty.ring");

        Files.write(ns.directory().resolve("short.ring"), new byte[10]);
        final NamespaceException ex =
            assertThrows(NamespaceException.class, () -> RingFiles.open(ns, "short.ring"));
        assertEquals(Reason.INVALID, ex.reason());
        assertTrue(ex.getMessage().contains("shorter than the " + FileHeaderDescriptor.HEADER_LENGTH), ex.getMessage());
        assertEquals(0, ns.mappingCount(), "RingFiles released the rejected mapping");
    }

    @Test
    void openOfADirectoryFailsWithIo() throws IOException
    {
        Files.createDirectory(ns.directory().resolve("sub"));
        final NamespaceException ex = assertThrows(NamespaceException.class, () -> ns.open("sub"));
        assertEquals(Reason.IO, ex.reason());
        assertTrue(ex.getMessage().startsWith("sub: cannot map it from " + ns.directory()), ex.getMessage());
    }

    @Test
    void deleteKeepsTheMappingValidAndFreesTheName()
    {
        final AtomicBuffer old = ns.create("inbox-BOB-1.ring", 4096);
        old.putInt(0, 1);
        ns.delete("inbox-BOB-1.ring");
        assertFalse(ns.exists("inbox-BOB-1.ring"));
        assertEquals(1, old.getInt(0), "deleted file stays mapped");
        ns.delete("inbox-BOB-1.ring"); // deleting a missing file is fine

        final NamespaceException ex = assertThrows(NamespaceException.class, () -> ns.open("inbox-BOB-1.ring"));
        assertEquals(Reason.NOT_FOUND, ex.reason());

        final AtomicBuffer fresh = ns.create("inbox-BOB-1.ring", 4096);
        assertNotSame(old, fresh);
        assertEquals(0, fresh.getInt(0));
        assertEquals(2, ns.mappingCount(), "the old mapping is retired, not unmapped");

        ns.release("inbox-BOB-1.ring"); // the retired one goes first
        assertEquals(1, ns.mappingCount());
        assertEquals(1, ns.references("inbox-BOB-1.ring"));
        fresh.putInt(0, 2);
    }

    @Test
    void openNoticesAFileReplacedBehindItsBack() throws IOException
    {
        final AtomicBuffer old = ns.create("control.ring", 4096);
        old.putInt(0, 1);
        Files.delete(ns.directory().resolve("control.ring")); // as another process would
        try (MappedNamespace other = MappedNamespace.open(base, "VM1"))
        {
            other.create("control.ring", 8192).putInt(0, 2);
        }
        final AtomicBuffer reopened = ns.open("control.ring");
        assertNotSame(old, reopened);
        assertEquals(8192, reopened.capacity());
        assertEquals(2, reopened.getInt(0));
        assertEquals(1, old.getInt(0));
    }

    @Test
    void closeUnmapsEverythingAndRefusesFurtherUse()
    {
        ns.create("a", 4096);
        ns.create("b", 4096);
        ns.delete("b");
        assertEquals(2, ns.mappingCount());
        ns.close();
        assertEquals(0, ns.mappingCount());
        ns.close(); // idempotent
        final IllegalStateException ex = assertThrows(IllegalStateException.class, () -> ns.open("a"));
        assertEquals("namespace " + ns.directory() + " is closed", ex.getMessage());
        assertTrue(ns.exists("a"), "close keeps the files");
    }

    @Test
    void deleteAllRemovesTheFilesAndTheDirectory() throws IOException
    {
        final AtomicBuffer a = ns.create("a", 4096);
        ns.create("b", 4096);
        Files.createDirectory(ns.directory().resolve("stray"));
        Files.createFile(ns.directory().resolve("stray/file"));
        ns.deleteAll();
        assertFalse(Files.exists(ns.directory()));
        a.putInt(0, 5); // mappings stay valid
        assertEquals(5, a.getInt(0));
        assertEquals(2, ns.mappingCount());
        ns.deleteAll(); // nothing left: fine
        final NamespaceException ex = assertThrows(NamespaceException.class, () -> ns.create("c", 4096));
        assertEquals(Reason.IO, ex.reason());
        assertTrue(ex.getMessage().contains("is gone"), ex.getMessage());
    }

    @Test
    void badFileNamesAndLengthsAreRejected()
    {
        for (final String bad : new String[] {"", "a/b", "..", "../x", "a..b", ".", "x\0y", "n".repeat(256)})
        {
            final IllegalArgumentException ex =
                assertThrows(IllegalArgumentException.class, () -> ns.create(bad, 4096), bad);
            assertTrue(ex.getMessage().contains("without '/', '..' or NUL"), ex.getMessage());
            assertThrows(IllegalArgumentException.class, () -> ns.open(bad), bad);
        }
        assertThrows(IllegalArgumentException.class, () -> ns.create(null, 4096));
        for (final int length : new int[] {0, -1, Integer.MIN_VALUE})
        {
            final IllegalArgumentException ex =
                assertThrows(IllegalArgumentException.class, () -> ns.create("ok", length));
            assertEquals("ok: length " + length + " must be greater than zero", ex.getMessage());
        }
        assertFalse(ns.exists("ok"));
    }

    @Test
    void badSystemNamesAreRejected()
    {
        for (final String bad : new String[] {"", "A".repeat(17), "a/b", "..", "VM 1", "VM.1", "Ä"})
        {
            final IllegalArgumentException ex =
                assertThrows(IllegalArgumentException.class, () -> MappedNamespace.open(base, bad), bad);
            assertEquals("system name '" + bad + "' must be 1 to 16 characters of A-Z a-z 0-9 _ - " +
                "(it names a directory)", ex.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> MappedNamespace.open(base, null));
        MappedNamespace.open(base, "A".repeat(16)).close();
        MappedNamespace.open(base, "a-b_C9").close();
    }

    @Test
    void defaultBaseFollowsIucvDir()
    {
        final String env = System.getenv("IUCV_DIR");
        final Path expected = null != env && !env.isBlank() ?
            Path.of(env) : Path.of("/dev/shm", "vmiucv-" + System.getProperty("user.name"));
        assertEquals(expected, MappedNamespace.defaultBase());
    }

    @Test
    void worksUnderDevShm() throws IOException
    {
        final Path shm = Path.of("/dev/shm");
        assumeTrue(Files.isDirectory(shm), "no /dev/shm on this machine");
        final Path shmBase = shm.resolve("vmiucv-" + System.getProperty("user.name"));
        final boolean baseExisted = Files.exists(shmBase, LinkOption.NOFOLLOW_LINKS);
        final String system = "T" + Long.toString(ProcessHandle.current().pid(), 36) + "-" +
            Integer.toString(ThreadLocalRandom.current().nextInt(1 << 30), 36);
        final MappedNamespace shmNs = MappedNamespace.open(shmBase, system);
        try
        {
            assertEquals("rwx------", permissions(shmNs.directory()));
            assertEquals("rwx------", permissions(shmBase));
            final AtomicBuffer a = shmNs.create("inbox-A-1.ring", RingFiles.fileLength(64 * 1024));
            assertEquals("rw-------", permissions(shmNs.directory().resolve("inbox-A-1.ring")));
            try (MappedNamespace second = MappedNamespace.open(shmBase, system))
            {
                a.putLongVolatile(128, 77L);
                assertEquals(77L, second.open("inbox-A-1.ring").getLongVolatile(128));
            }
        }
        finally
        {
            shmNs.deleteAll();
            shmNs.close();
            if (!baseExisted)
            {
                try
                {
                    Files.deleteIfExists(shmBase); // only if we made it and it is empty again
                }
                catch (final java.nio.file.DirectoryNotEmptyException ignore)
                {
                    // another process started a system there meanwhile: leave it
                }
            }
        }
        assertFalse(Files.exists(shmNs.directory()));
    }

    static String permissions(final Path path) throws IOException
    {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS));
    }
}
