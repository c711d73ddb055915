package org.vmiucv.engine.testkit;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Fills a (small, test-mounted) file system so a test can see what the code under test does when space runs out.
 */
public final class FileSystemFill
{
    private FileSystemFill()
    {
    }

    /**
     * Write zeros to {@code filler} until only about {@code leave} bytes of its file system stay usable.
     *
     * @param filler the file to write; its parent directory's file system is the one filled.
     * @param leave  the usable bytes to leave.
     * @throws IOException if the writing fails (for example because the file system filled up sooner).
     */
    public static void fillLeaving(final Path filler, final long leave) throws IOException
    {
        final long free = Files.getFileStore(filler.getParent()).getUsableSpace();
        try (RandomAccessFile raf = new RandomAccessFile(filler.toFile(), "rw"))
        {
            final byte[] chunk = new byte[1 << 16];
            long toWrite = free - leave;
            while (toWrite > 0)
            {
                final int n = (int)Math.min(chunk.length, toWrite);
                raf.write(chunk, 0, n);
                toWrite -= n;
            }
        }
    }
}
