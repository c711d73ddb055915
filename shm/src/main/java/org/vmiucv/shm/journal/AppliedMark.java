package org.vmiucv.shm.journal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import org.agrona.IoUtil;
import org.agrona.concurrent.UnsafeBuffer;
import org.vmiucv.engine.system.PrivateDirectory;

/**
 * The index of the last journal record the apply step has applied, in a small memory-mapped file next to the queue
 * ({@code <journal>/applied.mark}): it survives a kill -9 of the Supervisor, so recovery knows which recorded
 * events never reached the tables and applies them then.
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------------------------------------------------------+
 *  |                  Magic "IUCVMARK" (8 bytes)                   |
 *  +---------------------------------------------------------------+
 *  |             Last applied journal index (8 bytes)              |
 *  +---------------------------------------------------------------+
 * </pre>
 */
final class AppliedMark implements AutoCloseable
{
    /** File name inside the journal directory. */
    static final String FILE = "applied.mark";
    private static final long MAGIC = 0x4B52414D43565549L; // "IUCVMARK" little-endian
    private static final int INDEX_OFFSET = 8;
    private static final int LENGTH = 64;

    private final MappedByteBuffer mapped;
    private final UnsafeBuffer buffer;

    private AppliedMark(final MappedByteBuffer mapped)
    {
        this.mapped = mapped;
        this.buffer = new UnsafeBuffer(mapped);
    }

    /**
     * @param journalDirectory journal directory (created if missing).
     * @return the mark, 0 if new.
     */
    static AppliedMark open(final Path journalDirectory)
    {
        try
        {
            PrivateDirectory.createPrivateDirectory(journalDirectory); // 0700, like the namespace around it
            try (FileChannel ch = FileChannel.open(journalDirectory.resolve(FILE), java.util.Set.of(
                StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE),
                PrivateDirectory.fileAttribute()))
            {
                Files.setPosixFilePermissions(journalDirectory.resolve(FILE), PrivateDirectory.FILE_PERMISSIONS);
                final MappedByteBuffer m = ch.map(FileChannel.MapMode.READ_WRITE, 0, LENGTH);
                final AppliedMark mark = new AppliedMark(m);
                if (mark.buffer.getLong(0) != MAGIC)
                {
                    mark.buffer.putLong(INDEX_OFFSET, 0);
                    mark.buffer.putLongVolatile(0, MAGIC);
                }
                return mark;
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot map " + journalDirectory.resolve(FILE), ex);
        }
    }

    /** @return the last applied index, 0 if none. */
    long applied()
    {
        return buffer.getLongVolatile(INDEX_OFFSET);
    }

    /**
     * @param index journal index just applied.
     */
    void applied(final long index)
    {
        buffer.putLongOrdered(INDEX_OFFSET, index);
    }

    public void close()
    {
        IoUtil.unmap(mapped);
    }
}
