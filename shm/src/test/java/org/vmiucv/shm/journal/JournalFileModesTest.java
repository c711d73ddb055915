package org.vmiucv.shm.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import net.openhft.chronicle.queue.rollcycles.TestRollCycles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.vmiucv.engine.system.SystemLog;

/**
 * The journal is private whatever the umask: its directory 0700, every file Chronicle Queue makes (cycle files,
 * {@code metadata.cq4t}) and the applied mark 0600, including the cycle file a roll creates while the queue is open.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class JournalFileModesTest
{
    @TempDir
    Path tmp;

    @Test
    void theJournalDirectoryIs0700AndEveryFile0600AcrossARoll() throws Exception
    {
        final Path dir = tmp.resolve("journal");
        final JournalConfig config = new JournalConfig().rollCycle(TestRollCycles.TEST_SECONDLY).retentionCycles(0);
        final AppliedMark mark = AppliedMark.open(dir);
        final ChronicleJournalStore store = new ChronicleJournalStore(dir, config, false, SystemLog.NONE);
        try
        {
            final JournalStore.Writer writer = store.newWriter();
            final byte[] record = new byte[64];
            writer.append(record, record.length);
            assertPrivate(dir);
            final long deadline = System.currentTimeMillis() + 10_000;
            long cycles = cycleFiles(dir);
            while (cycles < 2 && System.currentTimeMillis() < deadline)
            {
                Thread.sleep(200); // the next second's cycle
                writer.append(record, record.length);
                cycles = cycleFiles(dir);
            }
            assertTrue(cycles >= 2, "the queue rolled");
            assertPrivate(dir); // the rolled cycle file, while the queue is still open
            writer.close();
        }
        finally
        {
            store.close();
            mark.close();
        }
        assertPrivate(dir);
    }

    private static long cycleFiles(final Path dir) throws IOException
    {
        try (Stream<Path> s = Files.list(dir))
        {
            return s.filter(p -> p.getFileName().toString().endsWith(".cq4")).count();
        }
    }

    private static void assertPrivate(final Path root) throws IOException
    {
        final List<String> wrong = new ArrayList<>();
        final List<String> seen = new ArrayList<>();
        try (Stream<Path> all = Files.walk(root))
        {
            for (final Path p : (Iterable<Path>)all::iterator)
            {
                final String mode = PosixFilePermissions.toString(
                    Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS));
                final boolean isDir = Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS);
                seen.add(root.relativize(p).toString());
                if (!mode.equals(isDir ? "rwx------" : "rw-------"))
                {
                    wrong.add(root.relativize(p) + " " + mode);
                }
            }
        }
        assertTrue(seen.contains("metadata.cq4t") && seen.contains(AppliedMark.FILE), seen::toString);
        assertEquals(List.of(), wrong, "directories 0700, files 0600 under " + root);
    }
}
