package org.vmiucv.engine.system;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import org.vmiucv.engine.IucvException;
import org.vmiucv.engine.ReturnCode;

/**
 * The one exclusive lock that makes a process the Supervisor of a system, whatever its transport: an OS file lock
 * on {@code <base>/<system>.lock} (mode 0600, in the 0700 base), taken before anything else touches the system
 * directory (the shm probe, a takeover, an XFL fallback).
 * <p>
 * Why a lock file beside the system directory rather than inside it: the system directory is removed at a clean
 * stop, and a lock file that is deleted can be locked twice (one process holds the old inode, another creates a new
 * file). This file is never deleted. The kernel drops the lock when its holder dies, so a start after a kill -9
 * needs no cleanup, while a holder that is only stopped (SIGSTOP) keeps the system: a second Supervisor would fight
 * it over the same tables when it comes back.
 * <p>
 * The holder writes {@code pid=<pid> transport=<name>} into the file, so a loser can say who runs the system.
 */
public final class SystemLock implements AutoCloseable
{
    /** Suffix of the lock file, after the system name. */
    public static final String SUFFIX = ".lock";
    /** How long a loser waits for the winner to write its pid into the file. */
    static final long HOLDER_WAIT_MS = 2_000;
    /** Text of the RC 8 a losing Supervisor gets: RC 8's own text speaks of a machine. */
    public static final String SYSTEM_RUNNING = "System already running";

    private final Path file;
    private final FileChannel channel;
    private final FileLock lock;
    private final String system;

    private SystemLock(final Path file, final FileChannel channel, final FileLock lock, final String system)
    {
        this.file = file;
        this.channel = channel;
        this.lock = lock;
        this.system = system;
    }

    /**
     * Become the one Supervisor of a system, or learn who is.
     *
     * @param base      base directory (created 0700 if missing).
     * @param system    system name.
     * @param transport what this Supervisor runs ("shm", "xfl", or "starting" while it is not decided).
     * @return the lock; close it when the system has stopped.
     * @throws IucvException 8 naming the holder's pid and transport if another process holds the lock, 24 for an
     *                       invalid name or a base or lock file that is not ours or not private, 44 on an I/O
     *                       failure.
     */
    public static SystemLock acquire(final Path base, final String system, final String transport)
        throws IucvException
    {
        final Path file;
        try
        {
            PrivateDirectory.validateSystemName(system);
            file = PrivateDirectory.prepareBase(base).resolve(system + SUFFIX);
        }
        catch (final IllegalArgumentException | IllegalStateException ex)
        {
            throw new IucvException(ReturnCode.INVALID_PARAMETER, ex.getMessage());
        }
        catch (final IOException | UncheckedIOException ex)
        {
            throw new IucvException(ReturnCode.RESOURCES_EXHAUSTED,
                "cannot prepare " + base + " for the lock of system " + system + ": " + ex.getMessage());
        }

        FileChannel channel = null;
        try
        {
            channel = FileChannel.open(file, java.util.Set.of(StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS), PrivateDirectory.fileAttribute());
            PrivateDirectory.checkFile(file);
            FileLock lock;
            try
            {
                lock = channel.tryLock();
            }
            catch (final OverlappingFileLockException ex)
            {
                lock = null; // held by this very JVM (an in-process Supervisor)
            }
            if (null == lock)
            {
                channel.close();
                throw new IucvException(ReturnCode.ALREADY_RUNNING, SYSTEM_RUNNING, "a Supervisor (" + holder(file) +
                    ") already runs system " + system + " (it holds " + file + "); stop it with: iucv shutdown " +
                    "--system " + system);
            }
            final SystemLock held = new SystemLock(file, channel, lock, system);
            held.transport(transport);
            return held;
        }
        catch (final IllegalStateException ex)
        {
            closeQuietly(channel);
            throw new IucvException(ReturnCode.INVALID_PARAMETER, ex.getMessage());
        }
        catch (final IOException ex)
        {
            closeQuietly(channel);
            throw new IucvException(ReturnCode.RESOURCES_EXHAUSTED,
                "cannot lock " + file + " for system " + system + ": " + ex);
        }
    }

    /**
     * Say which transport the holder runs, for a loser's message.
     *
     * @param transport "shm" or "xfl".
     */
    public synchronized void transport(final String transport)
    {
        try
        {
            final ByteBuffer text = ByteBuffer.wrap(("pid=" + ProcessHandle.current().pid() + " transport=" +
                transport + "\n").getBytes(StandardCharsets.US_ASCII));
            channel.truncate(0);
            while (text.hasRemaining())
            {
                channel.write(text, text.position());
            }
            channel.force(false);
        }
        catch (final IOException ex)
        {
            // the content only serves messages; the lock itself holds
        }
    }

    /**
     * @return the lock file.
     */
    public Path file()
    {
        return file;
    }

    /**
     * @return the system name.
     */
    public String system()
    {
        return system;
    }

    /**
     * @return true until closed.
     */
    public boolean isHeld()
    {
        return lock.isValid();
    }

    /**
     * Release the lock (the file stays, see the class comment). Idempotent.
     */
    public synchronized void close()
    {
        if (!channel.isOpen())
        {
            return;
        }
        try
        {
            channel.truncate(0); // no stale pid for the next reader
        }
        catch (final IOException ignore)
        {
            // closing releases the lock anyway
        }
        closeQuietly(channel);
    }

    /**
     * @param file a lock file.
     * @return "pid N, transport T" as its holder wrote it, waiting briefly for a holder that has just locked it.
     */
    static String holder(final Path file)
    {
        final long deadline = System.currentTimeMillis() + HOLDER_WAIT_MS;
        String text = "";
        while (true)
        {
            try
            {
                text = Files.readString(file, StandardCharsets.US_ASCII).trim();
            }
            catch (final IOException ex)
            {
                text = "";
            }
            if (text.startsWith("pid=") && !text.endsWith("transport=starting") || System.currentTimeMillis() > deadline)
            {
                break;
            }
            try
            {
                Thread.sleep(20);
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
                break;
            }
        }
        if (!text.startsWith("pid="))
        {
            return "pid unknown";
        }
        return text.replace("pid=", "pid ").replace(" transport=", ", transport ");
    }

    private static void closeQuietly(final FileChannel channel)
    {
        if (null == channel)
        {
            return;
        }
        try
        {
            channel.close();
        }
        catch (final IOException ignore)
        {
            // nothing to do
        }
    }
}
