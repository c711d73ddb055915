package org.vmiucv.cli;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;

import org.vmiucv.engine.system.SystemLock;

/**
 * A Supervisor that holds the system lock ({@code <base>/<system>.lock}) but has not made its system ready yet,
 * e.g. while it replays its journal: {@code iucv shutdown} then finds no tables and no control ring, though the
 * process that will run them lives. The lock file names its holder's pid; the lock itself tells whether that holder
 * still lives.
 */
final class StartingSupervisor
{
    /** How long a holder that has just locked the file may take to write its pid into it. */
    private static final long PID_WAIT_MS = 2_000;

    private StartingSupervisor()
    {
    }

    /**
     * @param base   base directory of the system (where its lock file is).
     * @param system system name.
     * @return the pid of the live {@code iucv supervisor} that holds the system's lock, 0 if the lock is not held
     * (or not by such a process).
     */
    static long lockHolder(final Path base, final String system)
    {
        final Path file = base.resolve(system + SystemLock.SUFFIX);
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS))
        {
            return 0;
        }
        try (FileChannel channel = FileChannel.open(file, Set.of(StandardOpenOption.READ, StandardOpenOption.WRITE,
            LinkOption.NOFOLLOW_LINKS)))
        {
            final FileLock probe;
            try
            {
                probe = channel.tryLock();
            }
            catch (final OverlappingFileLockException ex)
            {
                return 0; // held by this JVM: not a separate Supervisor process
            }
            if (null != probe)
            {
                probe.release(); // nobody holds it: no Supervisor runs or starts
                return 0;
            }
            final long deadline = System.currentTimeMillis() + PID_WAIT_MS;
            while (true)
            {
                final long pid = pid(channel);
                if (pid > 0 || System.currentTimeMillis() > deadline)
                {
                    return ShmShutdown.isSupervisor(pid, Long.MAX_VALUE) ? pid : 0;
                }
                Thread.sleep(20);
            }
        }
        catch (final IOException ex)
        {
            return 0; // not ours to read: then it is no system this user can shut down either
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            return 0;
        }
    }

    private static long pid(final FileChannel channel) throws IOException
    {
        final ByteBuffer text = ByteBuffer.allocate(128);
        channel.read(text, 0);
        final String s = new String(text.array(), 0, text.position(), StandardCharsets.US_ASCII).trim();
        if (!s.startsWith("pid="))
        {
            return 0;
        }
        final int end = s.indexOf(' ');
        try
        {
            return Long.parseLong(s.substring(4, end < 0 ? s.length() : end).trim());
        }
        catch (final NumberFormatException ex)
        {
            return 0;
        }
    }
}
