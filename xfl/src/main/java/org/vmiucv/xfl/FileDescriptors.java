package org.vmiucv.xfl;

import java.io.FileDescriptor;
import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * Wrap an inherited file descriptor number (from {@code PIPECONN}) in a {@link FileDescriptor},
 * so that closing the stream built on it really closes the fd and the peer sees end of file.
 *
 * <p>Java has no public way to do this. Opening {@code /proc/self/fd/N} instead would create a
 * second fd and leave {@code N} open until the JVM exits, so the peer would never see EOF. Two
 * routes, tried in this order once per JVM:
 * <ol>
 *   <li>{@code --add-opens java.base/java.io=ALL-UNNAMED}: set the private {@code fd} field by
 *       reflection (the supported route; {@link #strategy()} reports {@code "reflection"});</li>
 *   <li>{@code --add-opens java.base/jdk.internal.misc=ALL-UNNAMED}, which every JVM of this
 *       project has for Agrona already: write the field through Agrona's {@code UnsafeApi}
 *       ({@code "agrona-unsafe"}).</li>
 * </ol>
 * With neither flag {@link #fromInt(int)} throws an {@link IllegalStateException} naming them.
 * The {@code FileDescriptor} built here has no cleaner: only an explicit close closes the fd.
 */
public final class FileDescriptors
{
    private static final String STRATEGY;
    private static final Field FD_FIELD;
    private static final long FD_OFFSET;
    private static final String FAILURE;

    static
    {
        Field field = null;
        long offset = -1;
        String strategy = null;
        String failure = null;
        try
        {
            final Field f = FileDescriptor.class.getDeclaredField("fd");
            f.setAccessible(true);
            field = f;
            strategy = "reflection";
        }
        catch (final RuntimeException | NoSuchFieldException ex)
        {
            failure = ex.toString();
            try
            {
                offset = org.agrona.UnsafeApi.objectFieldOffset(FileDescriptor.class, "fd");
                strategy = "agrona-unsafe";
            }
            catch (final RuntimeException | LinkageError ex2)
            {
                failure = failure + "; " + ex2;
            }
        }
        FD_FIELD = field;
        FD_OFFSET = offset;
        STRATEGY = strategy;
        FAILURE = failure;
    }

    private FileDescriptors()
    {
    }

    /**
     * @return {@code "reflection"}, {@code "agrona-unsafe"}, or {@code null} when no route works.
     */
    public static String strategy()
    {
        return STRATEGY;
    }

    /**
     * @param fd an fd number open in this process.
     * @return a descriptor owning {@code fd}: closing a stream built on it closes {@code fd}.
     * @throws IllegalArgumentException when {@code fd} is negative or (on Linux) not open.
     * @throws IllegalStateException    when the JVM lacks both {@code --add-opens} flags.
     */
    public static FileDescriptor fromInt(final int fd)
    {
        if (fd < 0)
        {
            throw new IllegalArgumentException("file descriptor " + fd + " is negative: expected an open fd number, 0 or more");
        }
        final Path procFd = Path.of("/proc/self/fd");
        if (Files.isDirectory(procFd) && !Files.exists(procFd.resolve(Integer.toString(fd)), LinkOption.NOFOLLOW_LINKS))
        {
            throw new IllegalArgumentException("file descriptor " + fd + " is not open in this process (pid " +
                ProcessHandle.current().pid() + "): the launcher must pass it open");
        }
        final FileDescriptor descriptor = new FileDescriptor();
        if (FD_FIELD != null)
        {
            try
            {
                FD_FIELD.setInt(descriptor, fd);
            }
            catch (final IllegalAccessException ex)
            {
                throw new IllegalStateException("cannot set FileDescriptor.fd: " + ex, ex);
            }
        }
        else if (FD_OFFSET >= 0)
        {
            org.agrona.UnsafeApi.putInt(descriptor, FD_OFFSET, fd);
        }
        else
        {
            throw new IllegalStateException("cannot wrap file descriptor " + fd + ": run the JVM with " +
                "--add-opens java.base/java.io=ALL-UNNAMED (or --add-opens java.base/jdk.internal.misc=ALL-UNNAMED); " +
                "cause: " + FAILURE);
        }
        return descriptor;
    }
}
