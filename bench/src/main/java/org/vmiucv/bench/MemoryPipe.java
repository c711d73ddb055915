package org.vmiucv.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * An in-memory, single-threaded stand-in for one POSIX pipe, to run an XFL producer and consumer on one thread.
 *
 * <p>Like a pipe as seen by a fast reader, a read never returns bytes of two different writes: it stops at the end
 * of the oldest unread write, unless {@link #mergeWrites(boolean) merging} is on. A read of an empty open pipe would block forever on one thread, so it throws
 * {@link IllegalStateException} instead (a bug in the caller's ordering); a read of an empty closed pipe returns
 * end of file, and a write to a closed pipe fails with an {@link IOException} as EPIPE does. Closing either end
 * closes the pipe. The buffer rewinds whenever it has been read empty, so a caller that drains what it writes
 * allocates nothing.
 */
final class MemoryPipe
{
    private static final int MAX_PENDING_WRITES = 64;

    private final byte[] bytes;
    private final int[] writeEnds = new int[MAX_PENDING_WRITES];
    private final InputStream source = new Source();
    private final OutputStream sink = new Sink();
    private int readPosition;
    private int writePosition;
    private int firstWrite;
    private int pendingWrites;
    private boolean closed;
    private boolean mergeWrites;

    /**
     * @param capacity the most unread bytes the pipe holds; a write past it throws {@link IllegalStateException}.
     */
    MemoryPipe(final int capacity)
    {
        bytes = new byte[capacity];
    }

    /**
     * @return the read end.
     */
    InputStream source()
    {
        return source;
    }

    /**
     * @return the write end.
     */
    OutputStream sink()
    {
        return sink;
    }

    /**
     * @param merge true: a read takes everything unread, across writes, as a pipe read after several writes does;
     *              false (the default): a read stops at the end of the oldest unread write.
     */
    void mergeWrites(final boolean merge)
    {
        mergeWrites = merge;
    }

    private void write(final byte[] src, final int offset, final int length) throws IOException
    {
        if (closed)
        {
            throw new IOException("Broken pipe (in-memory pipe closed)");
        }
        if (length == 0)
        {
            return;
        }
        if (writePosition + length > bytes.length || pendingWrites == MAX_PENDING_WRITES)
        {
            throw new IllegalStateException("in-memory pipe full: " + (writePosition - readPosition) + " bytes in " +
                pendingWrites + " writes unread, capacity " + bytes.length + " bytes in " + MAX_PENDING_WRITES + " writes");
        }
        System.arraycopy(src, offset, bytes, writePosition, length);
        writePosition += length;
        writeEnds[(firstWrite + pendingWrites) % MAX_PENDING_WRITES] = writePosition;
        pendingWrites++;
    }

    private int read(final byte[] dst, final int offset, final int length)
    {
        if (pendingWrites == 0)
        {
            if (closed)
            {
                return -1;
            }
            throw new IllegalStateException("read of an empty in-memory pipe: a real pipe would block this thread");
        }
        if (length == 0)
        {
            return 0;
        }
        final int end = mergeWrites ? writePosition : writeEnds[firstWrite];
        final int n = Math.min(length, end - readPosition);
        System.arraycopy(bytes, readPosition, dst, offset, n);
        readPosition += n;
        while (pendingWrites > 0 && writeEnds[firstWrite] <= readPosition)
        {
            firstWrite = (firstWrite + 1) % MAX_PENDING_WRITES;
            pendingWrites--;
        }
        if (pendingWrites == 0)
        {
            readPosition = 0;
            writePosition = 0;
        }
        return n;
    }

    private final class Source extends InputStream
    {
        @Override
        public int read(final byte[] dst, final int offset, final int length)
        {
            return MemoryPipe.this.read(dst, offset, length);
        }

        @Override
        public int read()
        {
            throw new UnsupportedOperationException("XFL ends read in blocks");
        }

        @Override
        public int available()
        {
            return writePosition - readPosition;
        }

        @Override
        public void close()
        {
            closed = true;
        }
    }

    private final class Sink extends OutputStream
    {
        @Override
        public void write(final byte[] src, final int offset, final int length) throws IOException
        {
            MemoryPipe.this.write(src, offset, length);
        }

        @Override
        public void write(final int b)
        {
            throw new UnsupportedOperationException("XFL ends write in blocks");
        }

        @Override
        public void close()
        {
            closed = true;
        }
    }
}
