package org.vmiucv.shm.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.vmiucv.engine.layout.FrameType;
import org.vmiucv.engine.system.SystemLog;

/**
 * A damaged record is reported with the file that holds it and its byte position, on the first read of a freshly
 * opened queue (the case of a Supervisor starting on a damaged journal).
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ChronicleJournalStoreTest
{
    private static final int RECORDS = 20;
    private Path base;

    @BeforeEach
    void setUp() throws IOException
    {
        base = Files.createTempDirectory(Path.of("/dev/shm"), "iucvstore");
    }

    @AfterEach
    void tearDown() throws IOException
    {
        try (Stream<Path> s = Files.walk(base))
        {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @Test
    void aCorruptRecordIsReportedWithItsFileAndPositionEveryTime() throws Exception
    {
        // Chronicle tells a StoreFileListener about a file on a background thread; the report must not depend on
        // that thread having run, so open and read many times.
        for (int run = 0; run < 25; run++)
        {
            final Path dir = base.resolve("q" + run);
            final long lastIndex;
            try (ChronicleJournalStore store = new ChronicleJournalStore(dir, new JournalConfig(), false,
                SystemLog.NONE); JournalStore.Writer writer = store.newWriter())
            {
                final JournalRecordFlyweight r = new JournalRecordFlyweight();
                long index = 0;
                for (int i = 0; i < RECORDS; i++)
                {
                    r.reset(JournalRecordDescriptor.KIND_REQUEST, FrameType.CONNECT_REQ, i).corr(i).seal();
                    index = writer.append(r.bytes(), r.length());
                }
                lastIndex = index;
            }
            final Path file = onlyCycleFile(dir);
            final long at = flipLastNonZeroByte(file);

            try (ChronicleJournalStore store = new ChronicleJournalStore(dir, new JournalConfig(), false,
                SystemLog.NONE))
            {
                final JournalStore.ReadResult result = store.read((record, index) -> { });
                assertNotNull(result.problem(), "run " + run);
                assertEquals(RECORDS - 1, result.records(), result.problem());
                assertEquals(file.toString(), result.file(), result.problem());
                assertTrue(result.problem().contains(file.toString()), result.problem());
                assertTrue(result.position() > 0 && result.position() <= at, result.problem());
                assertTrue(result.problem().contains("byte position " + result.position()), result.problem());
                assertEquals(file.toFile(), store.cycleFile(new JournalConfig().rollCycle().toCycle(lastIndex)),
                    "the file named for a cycle is the one Chronicle wrote");
            }
        }
    }

    private static Path onlyCycleFile(final Path dir) throws IOException
    {
        try (Stream<Path> s = Files.list(dir))
        {
            final List<Path> files = s.filter(p -> p.toString().endsWith(".cq4")).toList();
            assertEquals(1, files.size(), files.toString());
            return files.get(0);
        }
    }

    /** Corrupt the last record's last byte (its checksum catches it); return that byte's position. */
    private static long flipLastNonZeroByte(final Path file) throws IOException
    {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw"))
        {
            final byte[] chunk = new byte[1 << 16];
            for (long pos = ((raf.length() - 1) / chunk.length) * chunk.length; pos >= 0; pos -= chunk.length)
            {
                raf.seek(pos);
                final int n = raf.read(chunk, 0, (int)Math.min(chunk.length, raf.length() - pos));
                for (int i = n - 1; i >= 0; i--)
                {
                    if (chunk[i] != 0)
                    {
                        raf.seek(pos + i);
                        raf.write(chunk[i] ^ 0x5A);
                        return pos + i;
                    }
                }
            }
            throw new IllegalStateException("no data in " + file);
        }
    }
}
