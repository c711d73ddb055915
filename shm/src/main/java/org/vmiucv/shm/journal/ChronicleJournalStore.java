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
        return read(queue.createTailer(), visitor, false);
    }

    /**
     * Read from a tailer until the end (or a corrupt record).
     *
     * @param tailer  tailer, positioned.
     * @param visitor sees each sound record.
     * @param quiet   unused; reserved.
     * @return how it ended.
     */
    ReadResult read(final ExcerptTailer tailer, final Visitor visitor, final boolean quiet)
    {
        final JournalRecordFlyweight record = new JournalRecordFlyweight();
        final byte[] scratch = new byte[JournalRecordDescriptor.MAX_LENGTH + 1];
        long count = 0;
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
                    return new ReadResult(count, null, null, -1);
                }
                index = dc.index();
                cycle = tailer.cycle();
                file = tailer.currentFile();
                final Bytes<?> bytes = dc.wire().bytes();
                position = bytes.readPosition();
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
            }
            catch (final RuntimeException | Error ex)
            {
                return corrupt(count, null != file ? file : tailer.currentFile(), tailer.cycle(), position, index,
                    ex.toString());
            }
        }
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
