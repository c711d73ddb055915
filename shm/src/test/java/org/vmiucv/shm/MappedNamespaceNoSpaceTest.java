package org.vmiucv.shm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

import org.agrona.concurrent.AtomicBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vmiucv.engine.system.NamespaceException;
import org.vmiucv.engine.system.NamespaceException.Reason;

/**
 * Running out of space. The real thing needs a small file system: a 1 MiB tmpfs mounted for the test, which
 * needs root (or CAP_SYS_ADMIN); those tests are skipped, and only they, when mount says it is not permitted.
 */
class MappedNamespaceNoSpaceTest
{
    private static final int TMPFS_BYTES = 1024 * 1024;
    private static final long MOUNT_TIMEOUT_S = 20;

    @TempDir
    Path tmp;

    @Test
    void aFileLargerThanTheFreeSpaceIsRefusedBeforeAnythingIsWritten() throws Exception
    {
        final Path mnt = mountTinyTmpfs();
        try
        {
            try (MappedNamespace ns = MappedNamespace.open(mnt, "VM1"))
            {
                final long free = usable(mnt);
                final NamespaceException ex =
                    assertThrows(NamespaceException.class, () -> ns.create("inbox-A-1.ring", 2 * TMPFS_BYTES));
                assertEquals(Reason.NO_SPACE, ex.reason());
                assertEquals("inbox-A-1.ring: no space left in " + ns.directory() + " (needed " + 2 * TMPFS_BYTES +
                    " bytes, " + free + " free)", ex.getMessage());
                assertFalse(ns.exists("inbox-A-1.ring"));
                assertEquals(0, ns.mappingCount());
            }
        }
        finally
        {
            unmount(mnt);
        }
    }

    @Test
    void aFullDeviceDuringTheReservationIsNoSpaceAndLeavesNoPartialFile() throws Exception
    {
        final Path mnt = mountTinyTmpfs();
        try
        {
            try (MappedNamespace ns = MappedNamespace.open(mnt, "VM1"))
            {
                final long freeBefore = usable(mnt);
                // Skip the up-front check so the zero writes themselves hit ENOSPC half way.
                final NamespaceException ex = assertThrows(
                    NamespaceException.class, () -> ns.create("inbox-A-1.ring", 3 * TMPFS_BYTES / 2, false));
                assertEquals(Reason.NO_SPACE, ex.reason());
                assertTrue(ex.getMessage().startsWith("inbox-A-1.ring: no space left in " + ns.directory() +
                    " (needed " + 3 * TMPFS_BYTES / 2 + " bytes, "), ex.getMessage());
                assertFalse(ns.exists("inbox-A-1.ring"), "the partial file is deleted");
                assertEquals(freeBefore, usable(mnt), "and its space given back");
                assertEquals(0, ns.mappingCount());
            }
        }
        finally
        {
            unmount(mnt);
        }
    }

    @Test
    void createReservesEveryPageUpFront() throws Exception
    {
        final Path mnt = mountTinyTmpfs();
        try
        {
            try (MappedNamespace ns = MappedNamespace.open(mnt, "VM1"))
            {
                final long freeBefore = usable(mnt);
                final int length = TMPFS_BYTES / 2;
                final AtomicBuffer buffer = ns.create("a.ring", length);
                assertEquals(freeBefore - length, usable(mnt), "the pages exist before anyone touches them");

                // The rest of the file system can now be taken by someone else...
                final NamespaceException ex =
                    assertThrows(NamespaceException.class, () -> ns.create("b.ring", length + 4096));
                assertEquals(Reason.NO_SPACE, ex.reason());
                ns.create("b.ring", length).setMemory(0, length, (byte)2);
                assertEquals(0, usable(mnt));

                // ...and touching every page of the first file still works (a sparse file would SIGBUS here).
                buffer.setMemory(0, length, (byte)1);
                assertEquals(1, buffer.getByte(length - 1));
            }
        }
        finally
        {
            unmount(mnt);
        }
    }

    @Test
    void aWriteFailingWithEnospcIsRecognised() throws IOException
    {
        final Path full = Path.of("/dev/full");
        assumeTrue(Files.exists(full), "no /dev/full on this machine");
        try (FileChannel channel = FileChannel.open(full, StandardOpenOption.WRITE))
        {
            final IOException ex = assertThrows(IOException.class, () -> MappedNamespace.reserve(channel, 4096));
            assertTrue(MappedNamespace.isNoSpace(ex), ex.toString());
        }
        assertFalse(MappedNamespace.isNoSpace(new IOException("Permission denied")));
    }

    private Path mountTinyTmpfs() throws Exception
    {
        final Path mnt = Files.createDirectory(tmp.resolve("mnt"));
        final Result result = run(List.of("mount", "-t", "tmpfs", "-o", "size=" + TMPFS_BYTES + ",mode=0700",
            "tmpfs", mnt.toString()));
        if (0 != result.exitCode)
        {
            final String out = result.output.toLowerCase(Locale.ROOT);
            assumeFalse(out.contains("permission denied") || out.contains("operation not permitted") ||
                out.contains("only root") || out.contains("must be superuser"),
                () -> "cannot mount a tmpfs here: " + result.output.strip());
            fail("mount of a tmpfs on " + mnt + " failed (exit " + result.exitCode + "): " + result.output);
        }
        assertEquals(TMPFS_BYTES, usable(mnt), "the tmpfs is empty");
        return mnt;
    }

    private static void unmount(final Path mnt) throws Exception
    {
        final Result result = run(List.of("umount", mnt.toString()));
        if (0 != result.exitCode)
        {
            // Still busy? Detach it so nothing stays mounted, and say so.
            run(List.of("umount", "-l", mnt.toString()));
            fail("umount " + mnt + " failed (exit " + result.exitCode + "): " + result.output);
        }
    }

    private static Result run(final List<String> command) throws Exception
    {
        final Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        if (!process.waitFor(MOUNT_TIMEOUT_S, TimeUnit.SECONDS))
        {
            process.destroyForcibly();
            fail(String.join(" ", command) + " did not finish in " + MOUNT_TIMEOUT_S + " s");
        }
        return new Result(process.exitValue(),
            new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    private static long usable(final Path path) throws IOException
    {
        return Files.getFileStore(path).getUsableSpace();
    }

    private static final class Result
    {
        final int exitCode;
        final String output;

        Result(final int exitCode, final String output)
        {
            this.exitCode = exitCode;
            this.output = output;
        }
    }
}
