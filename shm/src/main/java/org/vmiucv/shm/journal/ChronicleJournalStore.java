package org.vmiucv.shm.journal;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.stream.Stream;

import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.RollCycle;
import net.openhft.chronicle.queue.RollCycles;
import net.openhft.chronicle.queue.impl.StoreFileListener;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.wire.DocumentContext;
import org.vmiucv.engine.system.PrivateDirectory;
import org.vmiucv.engine.system.SystemLog;

/**
 * The journal in a Chronicle Queue directory ({@code <namespace>/journal}). Each record is one document of raw
 * bytes. A writer checks the free space of the file system every {@link #SPACE_CHECK_INTERVAL_NS}, or sooner after
 * a quarter of the minimum was written, and refuses to append when less than the configured minimum is left: a memory-mapped queue that runs out of space
 * would otherwise fault (SIGBUS) instead of failing with an error.
 */
public final class ChronicleJournalStore implements JournalStore
{
    static
    {
        JournalConfig.disableAnalytics();
    }

    /** How often a writer looks at the free space, at most. */
    public static final long SPACE_CHECK_INTERVAL_NS = 50_000_000L;

    // Chronicle's document header: a little-endian int, length in the low 30 bits, 4-byte aligned
    private static final int HEADER_BYTES = 4;
    private static final int NOT_COMPLETE = 0x8000_0000;
    private static final int META_DATA = 0x4000_0000;
    private static final int LENGTH_MASK = 0x3FFF_FFFF;
    private static final int END_OF_DATA = NOT_COMPLETE | META_DATA;

    private final Path directory;
    private final SingleChronicleQueue queue;
    private final int retentionCycles;
    private final long minFreeBytes;
    private final SystemLog log;
    private final boolean restrict;

    /**
     * Open (or create) the queue.
     *
     * @param directory       queue directory.
     * @param config          roll cycle, retention, free-space minimum.
     * @param readOnly        true to only read (iucv trace).
     * @param log             where retention reports.
     */
    public ChronicleJournalStore(final Path directory, final JournalConfig config, final boolean readOnly,
        final SystemLog log)
    {
        this.directory = directory;
        this.retentionCycles = config.retentionCycles();
        this.minFreeBytes = config.minFreeBytes();
        this.log = log;
        final RollCycle rollCycle = config.rollCycle();
        this.restrict = !readOnly;
        if (restrict)
        {
            // Chronicle creates its files with the umask (0644): a 0700 directory made first keeps them unreachable
            // until they are set to 0600 below, at every roll and at close.
            try
            {
                PrivateDirectory.createPrivateDirectory(directory);
            }
            catch (final IOException ex)
            {
                throw new java.io.UncheckedIOException("cannot create the journal directory " + directory, ex);
            }
        }
        queue = SingleChronicleQueueBuilder.binary(directory)
            .rollCycle(rollCycle)
            .blockSize(config.blockSizeBytes())
            .readOnly(readOnly)
            .storeFileListener(new StoreFileListener()
            {
                public void onAcquired(final int cycle, final File file)
                {
                    // Chronicle calls this on a background thread, maybe after the first write: restrictFiles()
                    // at build and at each roll covers the gap; this covers cycles opened by readers and rolls
                    if (restrict)
                    {
                        restrictFile(file.toPath());
                    }
                }

                public void onReleased(final int cycle, final File file)
                {
                }
            })
            .build();
        restrictFiles();
    }

    /**
     * Set every file of the queue (cycles, {@code metadata.cq4t}, directory listings) to 0600.
     */
    void restrictFiles()
    {
        if (!restrict)
        {
            return;
        }
        try (Stream<Path> s = Files.list(directory))
        {
            s.filter(p -> Files.isRegularFile(p, java.nio.file.LinkOption.NOFOLLOW_LINKS))
                .forEach(ChronicleJournalStore::restrictFile);
        }
        catch (final IOException ex)
        {
            log.log("CP journal: cannot list " + directory + " to make its files 0600: " + ex);
        }
    }

    private static void restrictFile(final Path file)
    {
        try
        {
            Files.setPosixFilePermissions(file, PrivateDirectory.FILE_PERMISSIONS);
        }
        catch (final IOException ignore)
        {
            // deleted by retention meanwhile; the directory is 0700 in any case
        }
    }

    /**
     * @return the queue directory.
     */
    public Path directory()
    {
        return directory;
    }

    /** {@inheritDoc} */
    public Writer newWriter()
    {
        return new ChronicleWriter();
    }

    /** {@inheritDoc} */
    public ReadResult read(final Visitor visitor)
    {
        final ExcerptTailer tailer;
        try
        {
            tailer = queue.createTailer();
        }
        catch (final Exception | Error ex)
        {
            // the tailer opens the first cycle file and reads its header (Chronicle rethrows checked exceptions)
            final File first = cycleFile(queue.firstCycle());
            return new ReadResult(0, "corrupt journal file header in " + first + " at byte position 0: " + ex,
                first.getPath(), 0);
        }
        return read(tailer, visitor, false);
    }

    /**
     * Read from a tailer until the end (or a corrupt record).
     * <p>
     * Chronicle's tailer ends quietly at a record header it cannot use: one marked unfinished, or one marked as
     * metadata, which it skips by a length that may run past the records after it. So when a journal nobody writes
     * (recovery at start: the CP holds the system lock) ends, the bytes after the last sound record are checked too
     * (see {@link #checkTail}); a live journal ({@code iucv trace}) is not checked, as its last record may be half
     * written.
     *
     * @param tailer  tailer, positioned.
     * @param visitor sees each sound record.
     * @param live    true when a writer may be appending (iucv trace): an unfinished tail is then normal.
     * @return how it ended.
     */
    ReadResult read(final ExcerptTailer tailer, final Visitor visitor, final boolean live)
    {
        final JournalRecordFlyweight record = new JournalRecordFlyweight();
        final byte[] scratch = new byte[JournalRecordDescriptor.MAX_LENGTH + 1];
        long count = 0;
        File lastFile = null;
        long lastEnd = 0;
        while (true)
        {
            long position = -1;
            int cycle = 0;
            long index = -1;
            File file = null;
            try (DocumentContext dc = tailer.readingDocument())
            {
                if (!dc.isPresent())
                {
                    return live ? new ReadResult(count, null, null, -1) :
                        checkTail(count, tailer, lastFile, lastEnd, record, scratch);
                }
                index = dc.index();
                cycle = tailer.cycle();
                file = tailer.currentFile();
                final Bytes<?> bytes = dc.wire().bytes();
                position = bytes.readPosition() - HEADER_BYTES; // where the record (its header) starts
                final long end = bytes.readLimit();
                final long n = bytes.readRemaining();
                final int take = (int)Math.min(n, scratch.length);
                bytes.read(scratch, 0, take);
                final String problem = record.load(scratch, n > scratch.length ? (int)n : take);
                if (null != problem)
                {
                    return corrupt(count, file, cycle, position, index, problem);
                }
                visitor.onRecord(record, index);
                count++;
                lastFile = file;
                lastEnd = end;
            }
            catch (final Exception | Error ex)
            {
                // Chronicle rethrows checked exceptions (e.g. StreamCorruptedException) unchecked
                final File where = null != file ? file : tailer.currentFile();
                if (position < 0 && null != where)
                {
                    // readingDocument() itself failed, at or after the header after the last sound record
                    position = firstBadHeader(where, where.equals(lastFile) ? align(lastEnd) : 0);
                }
                return corrupt(count, where, tailer.cycle(), position, index, ex.toString());
            }
        }
    }

    /**
     * After the tailer ended, look at the bytes after the last sound record of its file (from the start of the file
     * when it read none there). Records that are sound but were not reached mean a damaged header (reported as a
     * corrupt record at that header); else an unfinished header at the end is the torn write of a dead writer
     * (reported as an incomplete last record); else a header that is neither zero, end of data nor a complete
     * metadata document is a corrupt record; else the journal is clean.
     */
    private ReadResult checkTail(final long count, final ExcerptTailer tailer, final File lastFile,
        final long lastEnd, final JournalRecordFlyweight record, final byte[] scratch)
    {
        final File file = tailer.currentFile();
        if (null == file || !file.isFile())
        {
            return new ReadResult(count, null, null, -1);
        }
        final long from = file.equals(lastFile) ? align(lastEnd) : 0;
        final boolean lastCycle = tailer.cycle() >= queue.lastCycle();
        try (java.nio.channels.FileChannel channel = java.nio.channels.FileChannel.open(file.toPath(),
            java.nio.file.StandardOpenOption.READ))
        {
            final long size = channel.size();
            if (from + HEADER_BYTES > size)
            {
                return new ReadResult(count, null, null, -1);
            }
            final java.nio.ByteBuffer tail = channel.map(java.nio.channels.FileChannel.MapMode.READ_ONLY, from,
                size - from).order(java.nio.ByteOrder.LITTLE_ENDIAN);
            final int sound = firstSoundRecord(tail, record, scratch);
            final int stop = firstBadHeader(tail, sound < 0 ? tail.limit() : sound);
            if (sound >= 0)
            {
                return damage(count, "corrupt journal record", file, from + stop, "header 0x" +
                    Integer.toHexString(tail.getInt(stop)) + " is no record header; the sound records after it, from " +
                    "byte position " + (from + sound) + ", cannot be reached");
            }
            if (stop + HEADER_BYTES > tail.limit())
            {
                return new ReadResult(count, null, null, -1);
            }
            final int header = tail.getInt(stop);
            if (0 == header || END_OF_DATA == header)
            {
                return lastCycle ? new ReadResult(count, null, null, -1) : damage(count, "corrupt journal record",
                    file, from + stop, "the records end here, before the later cycle files");
            }
            if ((header & NOT_COMPLETE) != 0 && lastCycle)
            {
                return damage(count, "incomplete last record", file, from + stop, "header 0x" +
                    Integer.toHexString(header) + " of a record never finished: a torn write of the Supervisor " +
                    "that wrote it");
            }
            return damage(count, "corrupt journal record", file, from + stop, "header 0x" +
                Integer.toHexString(header) + " is no record");
        }
        catch (final IOException | RuntimeException ex)
        {
            return damage(count, "unreadable end of the journal", file, from, ex.toString());
        }
    }

    /** @return the file position of the first header from {@code from} on that is no complete metadata, or -1. */
    private static long firstBadHeader(final File file, final long from)
    {
        try (java.nio.channels.FileChannel channel = java.nio.channels.FileChannel.open(file.toPath(),
            java.nio.file.StandardOpenOption.READ))
        {
            final long size = channel.size();
            if (from >= size)
            {
                return from;
            }
            final java.nio.ByteBuffer tail = channel.map(java.nio.channels.FileChannel.MapMode.READ_ONLY, from,
                size - from).order(java.nio.ByteOrder.LITTLE_ENDIAN);
            return from + firstBadHeader(tail, tail.limit());
        }
        catch (final IOException | RuntimeException ex)
        {
            return -1;
        }
    }

    /** @return the offset in tail of the first complete data document holding a sound record, or -1. */
    private static int firstSoundRecord(final java.nio.ByteBuffer tail, final JournalRecordFlyweight record,
        final byte[] scratch)
    {
        for (int q = 0; q + HEADER_BYTES <= tail.limit(); q += HEADER_BYTES)
        {
            final int header = tail.getInt(q);
            if (header >= JournalRecordDescriptor.HEADER_LENGTH && header <= JournalRecordDescriptor.MAX_LENGTH &&
                q + HEADER_BYTES + header <= tail.limit())
            {
                tail.get(q + HEADER_BYTES, scratch, 0, header);
                if (null == record.load(scratch, header))
                {
                    return q;
                }
            }
        }
        return -1;
    }

    /**
     * @return the offset in tail of the first header that is not a complete metadata document ending before limit
     * (Chronicle's index documents lie between records), i.e. the header the tailer stopped at.
     */
    private static int firstBadHeader(final java.nio.ByteBuffer tail, final int limit)
    {
        int pos = 0;
        while (pos + HEADER_BYTES <= limit)
        {
            final int header = tail.getInt(pos);
            final long next = align(pos + HEADER_BYTES + (long)(header & LENGTH_MASK));
            if ((header & (NOT_COMPLETE | META_DATA)) != META_DATA || next > limit)
            {
                return pos;
            }
            pos = (int)next;
        }
        return pos;
    }

    private static long align(final long position)
    {
        return (position + HEADER_BYTES - 1) & -HEADER_BYTES;
    }

    private static ReadResult damage(final long count, final String what, final File file, final long position,
        final String problem)
    {
        return new ReadResult(count, what + " in " + file.getPath() + " at byte position " + position + ": " +
            problem, file.getPath(), position);
    }

    private ReadResult corrupt(final long count, final File file, final int cycle, final long position,
        final long index, final String problem)
    {
        // The file comes from the tailer on this thread: Chronicle tells a StoreFileListener about an acquired file
        // on its background releaser thread, so a map filled by the listener may not have it yet (issue 10).
        final String where = (null != file ? file : cycleFile(cycle)).getPath();
        return new ReadResult(count, "corrupt journal record in " + where + " at byte position " + position +
            " (index 0x" + Long.toHexString(index) + "): " + problem, where, position);
    }

    /**
     * The file Chronicle keeps a cycle in, named as Chronicle names it (roll cycle format, UTC, queue epoch); used
     * when the tailer holds no file, e.g. when it failed to open the cycle's file.
     *
     * @param cycle the cycle.
     * @return its file in the queue directory.
     */
    File cycleFile(final int cycle)
    {
        final RollCycle rollCycle = queue.rollCycle();
        final String name = DateTimeFormatter.ofPattern(rollCycle.format()).withZone(ZoneOffset.UTC)
            .format(Instant.ofEpochMilli(cycle * (long)rollCycle.lengthInMillis() + queue.epoch()));
        return directory.resolve(name + SingleChronicleQueue.SUFFIX).toFile();
    }

    /**
     * @return a tailer from the start, for {@code iucv trace}.
     */
    ExcerptTailer tailer()
    {
        return queue.createTailer();
    }

    /** {@inheritDoc} */
    public String describe()
    {
        return directory.toString();
    }

    /** {@inheritDoc} */
    public void close()
    {
        queue.close();
        restrictFiles();
    }

    private void prune()
    {
        if (retentionCycles <= 0)
        {
            return;
        }
        try (Stream<Path> s = Files.list(directory))
        {
            final List<Path> cycles = s.filter(p -> p.getFileName().toString().endsWith(".cq4")).sorted().toList();
            for (int i = 0; i < cycles.size() - retentionCycles; i++)
            {
                Files.deleteIfExists(cycles.get(i));
                log.log("CP journal retention: removed " + cycles.get(i));
            }
        }
        catch (final IOException ex)
        {
            log.log("CP journal retention failed in " + directory + ": " + ex);
        }
    }

    /** One thread's appender. */
    private final class ChronicleWriter implements Writer
    {
        private final ExcerptAppender appender = queue.createAppender();
        private long nextSpaceCheckNs;
        private long bytesSinceCheck;
        private int lastCycle = Integer.MIN_VALUE;

        public long append(final byte[] record, final int length) throws JournalException
        {
            final long now = System.nanoTime();
            bytesSinceCheck += length;
            if (minFreeBytes > 0 && (now - nextSpaceCheckNs >= 0 || bytesSinceCheck >= minFreeBytes / 4))
            {
                bytesSinceCheck = 0;
                final long free;
                try
                {
                    free = Files.getFileStore(directory).getUsableSpace();
                }
                catch (final IOException ex)
                {
                    throw new JournalException("cannot check the free space of " + directory + ": " + ex, ex);
                }
                if (free < minFreeBytes)
                {
                    nextSpaceCheckNs = now;
                    throw new JournalException("no space left for the journal " + directory + ": " + free +
                        " bytes free, at least " + minFreeBytes + " needed");
                }
                nextSpaceCheckNs = now + SPACE_CHECK_INTERVAL_NS;
            }
            try (DocumentContext dc = appender.writingDocument())
            {
                dc.wire().bytes().write(record, 0, length);
            }
            catch (final RuntimeException | Error ex)
            {
                nextSpaceCheckNs = now;
                throw new JournalException("cannot append to the journal " + directory + ": " + ex, ex);
            }
            final int cycle = appender.cycle();
            if (cycle != lastCycle)
            {
                if (lastCycle != Integer.MIN_VALUE)
                {
                    prune();
                }
                restrictFiles(); // a new cycle file (and listing entries) came with the roll
                lastCycle = cycle;
            }
            return appender.lastIndexAppended();
        }

        public void close()
        {
            appender.close();
        }
    }

    /**
     * @param name a roll cycle name, e.g. FAST_DAILY, FAST_HOURLY, WEEKLY.
     * @return the roll cycle.
     * @throws IllegalArgumentException naming the allowed values.
     */
    public static RollCycle rollCycle(final String name)
    {
        try
        {
            return RollCycles.valueOf(name.toUpperCase(java.util.Locale.ROOT));
        }
        catch (final IllegalArgumentException ex)
        {
            throw new IllegalArgumentException("unknown roll cycle '" + name + "'; use one of " +
                java.util.Arrays.toString(RollCycles.values()));
        }
    }
}
