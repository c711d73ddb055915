package org.vmiucv.bench.jmhx;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.MappedByteBuffer;
import java.nio.file.Path;

import org.agrona.IoUtil;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * One {@code long} in a small mapped file, alone on its cache line: the consumer process of a streaming benchmark
 * publishes how many messages it has received, the benchmark thread reads it to know how far the consumer got
 * without a round trip per message. One writer (the peer), any number of readers.
 * <p>
 * The file is {@link #FILE_LENGTH} bytes; a mapping starts on a page boundary, so the counter at offset 128 shares
 * its 64-byte line (and the adjacent line the hardware may prefetch with it) with nothing.
 */
final class MappedCounter implements AutoCloseable
{
    /** Length of the counter file. */
    static final int FILE_LENGTH = 256;
    private static final int OFFSET = 128;

    private final MappedByteBuffer mapped;
    private final UnsafeBuffer buffer;

    private MappedCounter(final MappedByteBuffer mapped)
    {
        this.mapped = mapped;
        this.buffer = new UnsafeBuffer(mapped);
    }

    /**
     * Create (or truncate) the counter file, zeroed, and map it.
     *
     * @param file where.
     * @return the mapped counter, 0.
     * @throws IOException if the file cannot be created.
     */
    static MappedCounter create(final Path file) throws IOException
    {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw"))
        {
            f.setLength(0);
            f.setLength(FILE_LENGTH);
        }
        return open(file);
    }

    /**
     * Map an existing counter file.
     *
     * @param file the file {@link #create(Path)} made.
     * @return the mapped counter.
     */
    static MappedCounter open(final Path file)
    {
        return new MappedCounter(IoUtil.mapExistingFile(file.toFile(), "counter"));
    }

    /**
     * @return the published value (volatile read).
     */
    long get()
    {
        return buffer.getLongVolatile(OFFSET);
    }

    /**
     * Publish a value (release store: a plain store on x86). Single writer.
     *
     * @param value the value.
     */
    void set(final long value)
    {
        buffer.putLongRelease(OFFSET, value);
    }

    /**
     * Unmap; the file stays for its owner to remove.
     */
    public void close()
    {
        IoUtil.unmap(mapped);
    }
}
