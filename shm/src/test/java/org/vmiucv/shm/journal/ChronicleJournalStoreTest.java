package org.vmiucv.shm.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.vmiucv.engine.layout.FrameType;
import org.vmiucv.engine.system.SystemLog;
import org.vmiucv.engine.testkit.FileDamage;

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
            final long at = FileDamage.flipLastNonZeroByte(file);

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

    @ParameterizedTest
    @ValueSource(ints = {0x7FFFFFF0, 0x40001000, 0xC0000010, 0x80000008, 0x00ABCDEF, 0x00000010, 0x3FFFFFF0, 0x00000000, 0xFFFFFFFF})
    void aDamagedRecordHeaderIsReportedWithItsFileAndPosition(final int header) throws Exception
    {
        final Path dir = base.resolve("h" + Integer.toHexString(header));
        final long headerAt = writeFiveAndFindFourthHeader(dir);
        final Path file = onlyCycleFile(dir);
        overwriteInt(file, headerAt, header);

        try (ChronicleJournalStore store = new ChronicleJournalStore(dir, new JournalConfig(), false,
            SystemLog.NONE))
        {
            final List<Long> seen = new ArrayList<>();
            final JournalStore.ReadResult result = store.read((record, index) -> seen.add(record.timeMs()));
            assertNotNull(result.problem(), "the damaged header of the 4th record was not reported");
            assertEquals(List.of(0L, 1L, 2L), seen, "the good records before the damage are used");
            assertEquals(3, result.records(), result.problem());
            assertEquals(file.toString(), result.file(), result.problem());
            assertEquals(headerAt, result.position(), result.problem());
            assertTrue(result.problem().matches(java.util.regex.Pattern.quote("corrupt journal record in " + file +
                " at byte position " + headerAt) + "[: ].*"), result.problem());
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 200})
    void aDamagedFileHeaderIsReportedWithItsFileAndPosition(final int at) throws Exception
    {
        // 0: Chronicle's store header (the tailer fails to open the file); 200: its first index document
        final Path dir = base.resolve("m" + at);
        writeFiveAndFindFourthHeader(dir);
        final Path file = onlyCycleFile(dir);
        overwriteInt(file, at, 0x7FFFFFF0);
        try (ChronicleJournalStore store = new ChronicleJournalStore(dir, new JournalConfig(), false,
            SystemLog.NONE))
        {
            final JournalStore.ReadResult result = store.read((record, index) -> { });
            assertNotNull(result.problem());
            assertEquals(0, result.records(), result.problem());
            assertEquals(file.toString(), result.file(), result.problem());
            assertEquals(at, result.position(), result.problem());
            assertTrue(result.problem().contains(file + " at byte position " + at + ": "), result.problem());
        }
    }

    @Test
    void anUnfinishedLastRecordIsReportedAsATornWrite() throws Exception
    {
        final Path dir = base.resolve("torn");
        writeFiveAndFindFourthHeader(dir);
        final Path file = onlyCycleFile(dir);
        final long lastAt = findRecordHeader(file, 4);
        overwriteInt(file, lastAt, 0x80000000); // Chronicle's header while a record is being written

        try (ChronicleJournalStore store = new ChronicleJournalStore(dir, new JournalConfig(), false,
            SystemLog.NONE))
        {
            final JournalStore.ReadResult result = store.read((record, index) -> { });
            assertNotNull(result.problem(), "the unfinished last record was not reported");
            assertEquals(4, result.records(), result.problem());
            assertEquals(lastAt, result.position(), result.problem());
            assertTrue(result.problem().startsWith("incomplete last record in " + file + " at byte position " +
                lastAt + ": "), result.problem());
        }
        // iucv trace reads a live journal: an unfinished last record is normal there
        try (ChronicleJournalStore store = new ChronicleJournalStore(dir, new JournalConfig().minFreeBytes(0), true,
            SystemLog.NONE))
        {
            final JournalStore.ReadResult result = store.read(store.tailer(), (record, index) -> { }, true);
            assertNull(result.problem(), result.problem());
            assertEquals(4, result.records());
        }
    }

    @Test
    void aCleanJournalReportsNothing() throws Exception
    {
        final Path dir = base.resolve("clean");
        writeFiveAndFindFourthHeader(dir);
        for (int reopen = 0; reopen < 2; reopen++)
        {
            try (ChronicleJournalStore store = new ChronicleJournalStore(dir, new JournalConfig(), false,
                SystemLog.NONE))
            {
                final JournalStore.ReadResult result = store.read((record, index) -> { });
                assertNull(result.problem(), result.problem());
                assertEquals(5, result.records());
            }
        }
        final Path empty = base.resolve("empty");
        try (ChronicleJournalStore store = new ChronicleJournalStore(empty, new JournalConfig(), false,
            SystemLog.NONE))
        {
            final JournalStore.ReadResult result = store.read((record, index) -> { });
            assertNull(result.problem(), result.problem());
            assertEquals(0, result.records());
        }
    }

    /** Write records with times 0..4; return the file position of the 4th one's Chronicle header. */
    private static long writeFiveAndFindFourthHeader(final Path dir) throws IOException, JournalException
    {
        try (ChronicleJournalStore store = new ChronicleJournalStore(dir, new JournalConfig(), false,
            SystemLog.NONE); JournalStore.Writer writer = store.newWriter())
        {
            final JournalRecordFlyweight r = new JournalRecordFlyweight();
            for (int i = 0; i < 5; i++)
            {
                r.reset(JournalRecordDescriptor.KIND_REQUEST, FrameType.CONNECT_REQ, i).corr(i).seal();
                writer.append(r.bytes(), r.length());
            }
        }
        return findRecordHeader(onlyCycleFile(dir), 3);
    }

    /** @return the position of the Chronicle header of the record with time i (its bytes found in the file). */
    private static long findRecordHeader(final Path file, final int i) throws IOException
    {
        final JournalRecordFlyweight r = new JournalRecordFlyweight();
        r.reset(JournalRecordDescriptor.KIND_REQUEST, FrameType.CONNECT_REQ, i).corr(i).seal();
        final byte[] want = java.util.Arrays.copyOf(r.bytes(), r.length());
        final byte[] all = Files.readAllBytes(file);
        for (int at = 4; at + want.length <= all.length; at += 4)
        {
            if (java.util.Arrays.equals(all, at, at + want.length, want, 0, want.length))
            {
                return at - 4;
            }
        }
        throw new IllegalStateException("record " + i + " not in " + file);
    }

    private static void overwriteInt(final Path file, final long at, final int value) throws IOException
    {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw"))
        {
            raf.seek(at);
            raf.writeInt(Integer.reverseBytes(value)); // Chronicle's headers are little-endian
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
}
