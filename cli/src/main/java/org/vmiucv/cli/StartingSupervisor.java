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
            // only a holder writes its pid, and it empties the file when it lets go; a pid left by a holder killed
            // with -9 is told apart by the lock. Probing the lock only then keeps us from racing a Supervisor that
            // starts right now (it would lose to our probe and exit with RC 8).
            final long pid = pid(channel);
            if (!ShmShutdown.isSupervisor(pid, Long.MAX_VALUE))
            {
                return 0;
            }
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
                probe.release(); // nobody holds it: the pid is stale
                return 0;
            }
            return pid;
        }
        catch (final IOException ex)
        {
            return 0; // not ours to read: then it is no system this user can shut down either
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
