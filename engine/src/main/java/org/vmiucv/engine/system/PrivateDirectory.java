package org.vmiucv.engine.system;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The one place that decides whether a system directory may be used, for every transport (shm and XFL):
 * {@code <base>/<system>}, both levels owned by the user running the process, directories 0700, files 0600,
 * no symbolic link as the system directory.
 * <p>
 * Why: the files are rings, tables and FIFOs that every process of a system opens read-write; a stranger who could
 * create, swap or read them could forge messages or read traffic. So a directory is created 0700 (and set to 0700
 * explicitly afterwards, because the umask only ever removes bits). An existing system directory of ours that others
 * could only read or search is tightened; one that others could <em>write</em> (0777, 0775…) is refused, because
 * anything in it may have been planted, and so is one owned by someone else. A refused directory is left exactly as
 * it was: nothing in it is created, deleted or renamed. The base directory ({@code IUCV_DIR}, perhaps the user's
 * home) is created 0700 when missing and otherwise never changed: it is used as it is when only we may write it
 * (others reading it is harmless, the system directories below are 0700) or when it is a shared sticky directory
 * such as {@code /tmp} or {@code /dev/shm}, and refused when it is someone else's or others may write it.
 */
public final class PrivateDirectory
{
    /** Longest system name. */
    public static final int MAX_SYSTEM_NAME_LENGTH = 16;
    /** Mode of every directory: 0700. */
    public static final Set<PosixFilePermission> DIRECTORY_PERMISSIONS = PosixFilePermissions.fromString("rwx------");
    /** Mode of every file: 0600. */
    public static final Set<PosixFilePermission> FILE_PERMISSIONS = PosixFilePermissions.fromString("rw-------");

    private static final Pattern SYSTEM_NAME = Pattern.compile("[A-Za-z0-9_-]{1," + MAX_SYSTEM_NAME_LENGTH + "}");
    private static final int STICKY_BIT = 01000;
    private static final int GROUP_OTHER_BITS = 077;
    private static final int GROUP_OTHER_WRITE_BITS = 022;
    private static final int OTHER_WRITE_BIT = 02;

    private PrivateDirectory()
    {
    }

    /**
     * @param system a system name.
     * @return the name, unchanged.
     * @throws IllegalArgumentException if it is not 1 to 16 characters of {@code A-Z a-z 0-9 _ -}.
     */
    public static String validateSystemName(final String system)
    {
        if (null == system || !SYSTEM_NAME.matcher(system).matches())
        {
            throw new IllegalArgumentException("system name " + (null == system ? "null" : "'" + system + "'") +
                " must be 1 to " + MAX_SYSTEM_NAME_LENGTH + " characters of A-Z a-z 0-9 _ - (it names a directory)");
        }
        return system;
    }

    /**
     * Make {@code base/system} exist as a private directory, creating the base if missing and creating or
     * tightening the system directory as needed.
     *
     * @param base   base directory.
     * @param system system name.
     * @return the absolute system directory.
     * @throws IllegalArgumentException if the system name is invalid.
     * @throws IllegalStateException    if a directory belongs to someone else, others may write it, it is a symbolic
     *                                  link (the system directory) or not a directory; the message says which and
     *                                  what to do.
     * @throws UncheckedIOException     on any other I/O failure.
     */
    public static Path prepare(final Path base, final String system)
    {
        validateSystemName(system);
        try
        {
            try
            {
                return ensurePrivate(prepareBase(base).resolve(system), false);
            }
            catch (final NoSuchFileException ex)
            {
                // Another process removed an empty base (its last system's cleanup) between our two steps.
                return ensurePrivate(prepareBase(base).resolve(system), false);
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(
                "cannot prepare the vm-iucv directory " + base.resolve(system) + ": " + ex, ex);
        }
    }

    /**
     * Make the base directory exist (0700 if created), checked as {@link #prepare} checks it.
     *
     * @param base base directory.
     * @return its real path.
     * @throws IOException           on an I/O failure.
     * @throws IllegalStateException if it belongs to someone else or is not a directory.
     */
    public static Path prepareBase(final Path base) throws IOException
    {
        return ensurePrivate(base.toAbsolutePath().normalize(), true);
    }

    /**
     * Check a file found in a private directory before it is trusted: a regular file (not a link) of ours that
     * others cannot write; one others could read is tightened to 0600.
     *
     * @param file the file.
     * @throws IOException           if it cannot be read.
     * @throws IllegalStateException if it is not ours, is a link or not a regular file, or others may write it.
     */
    public static void checkFile(final Path file) throws IOException
    {
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS))
        {
            throw new IllegalStateException(file + " is not a regular file (a link or something else): " +
                "refusing to use it; remove it");
        }
        final int uid = (Integer)Files.getAttribute(file, "unix:uid", LinkOption.NOFOLLOW_LINKS);
        final int mode = (Integer)Files.getAttribute(file, "unix:mode", LinkOption.NOFOLLOW_LINKS);
        final int myUid = currentUid();
        if (uid != myUid)
        {
            throw new IllegalStateException(file + " belongs to uid " + uid + ", not to this user (uid " + myUid +
                "): refusing to use it; choose another --system or IUCV_DIR");
        }
        if (0 != (mode & GROUP_OTHER_WRITE_BITS))
        {
            throw new IllegalStateException(file + " has mode " + octal(mode) + ", writable by others: refusing " +
                "to use it (files must be 0600); remove it");
        }
        if (0 != (mode & GROUP_OTHER_BITS))
        {
            Files.setPosixFilePermissions(file, FILE_PERMISSIONS);
        }
    }

    /**
     * @return the posix attribute every created file gets (0600).
     */
    public static FileAttribute<Set<PosixFilePermission>> fileAttribute()
    {
        return PosixFilePermissions.asFileAttribute(FILE_PERMISSIONS);
    }

    /**
     * @return the posix attribute every created directory gets (0700).
     */
    public static FileAttribute<Set<PosixFilePermission>> directoryAttribute()
    {
        return PosixFilePermissions.asFileAttribute(DIRECTORY_PERMISSIONS);
    }

    /**
     * Create a directory 0700 below a private directory if it is missing, and make it 0700 in any case.
     *
     * @param dir the directory.
     * @return it.
     * @throws IOException on failure.
     */
    public static Path createPrivateDirectory(final Path dir) throws IOException
    {
        try
        {
            if (null != dir.getParent())
            {
                Files.createDirectories(dir.getParent(), directoryAttribute());
            }
            Files.createDirectory(dir, directoryAttribute());
        }
        catch (final FileAlreadyExistsException ignore)
        {
            // ours already (it lives in a private directory): the mode is set below
        }
        Files.setPosixFilePermissions(dir, DIRECTORY_PERMISSIONS);
        return dir;
    }

    private static Path ensurePrivate(final Path dir, final boolean isBase) throws IOException
    {
        try
        {
            if (isBase && null != dir.getParent())
            {
                // Missing ancestors of a custom IUCV_DIR are created private too.
                Files.createDirectories(dir.getParent(), directoryAttribute());
            }
            Files.createDirectory(dir, directoryAttribute());
            // The umask may have removed bits from the requested mode; say exactly what we want.
            Files.setPosixFilePermissions(dir, DIRECTORY_PERMISSIONS);
            return isBase ? dir.toRealPath() : dir;
        }
        catch (final FileAlreadyExistsException ignore)
        {
            // Exists (or lost a race with another process creating it): check it below.
        }

        final Path checked;
        if (Files.isSymbolicLink(dir))
        {
            if (!isBase)
            {
                throw new IllegalStateException(dir + " is a symbolic link: refusing to use it as a system directory " +
                    "(remove it, or choose another --system)");
            }
            checked = dir.toRealPath(); // the user's IUCV_DIR may point elsewhere on purpose
        }
        else
        {
            checked = isBase ? dir.toRealPath() : dir;
        }

        if (!Files.isDirectory(checked, LinkOption.NOFOLLOW_LINKS))
        {
            throw new IllegalStateException(checked + " exists and is not a directory: refusing to use it " +
                (isBase ? "as the vm-iucv base (set IUCV_DIR elsewhere)" : "as a system directory"));
        }

        final int uid = (Integer)Files.getAttribute(checked, "unix:uid", LinkOption.NOFOLLOW_LINKS);
        final int mode = (Integer)Files.getAttribute(checked, "unix:mode", LinkOption.NOFOLLOW_LINKS);
        final boolean sharedSticky = isBase && 0 != (mode & STICKY_BIT) && 0 != (mode & OTHER_WRITE_BIT);
        if (sharedSticky)
        {
            return checked; // like /tmp: shared by design; the system directory below is the private one
        }

        final int myUid = currentUid();
        if (uid != myUid)
        {
            throw new IllegalStateException(checked + " belongs to uid " + uid + ", not to this user (uid " + myUid +
                "): refusing to use it; " + (isBase ? "set IUCV_DIR to a directory of your own" :
                "choose another --system or IUCV_DIR"));
        }
        if (isBase)
        {
            // The base may be the user's own directory (IUCV_DIR=$HOME, IUCV_DIR=.): never change its mode. One
            // others may read is fine, because every system directory inside it is 0700 and its files 0600; one
            // others may write (and not sticky) is refused, because they could swap a system directory in it.
            if (0 != (mode & GROUP_OTHER_WRITE_BITS))
            {
                throw new IllegalStateException(checked + " has mode " + octal(mode) + ", writable by others " +
                    "and not sticky: refusing to use it as the vm-iucv base, because they could replace a system " +
                    "directory in it (set IUCV_DIR to a directory only you can write, e.g. chmod go-w it, or to a " +
                    "new path that vm-iucv creates 0700)");
            }
            return checked;
        }
        if (0 != (mode & GROUP_OTHER_WRITE_BITS))
        {
            // Others could have planted or swapped files in it: tightening now would not undo that.
            throw new IllegalStateException(checked + " has mode " + octal(mode) + ", writable by others: " +
                "refusing to use it as a system directory (it must be 0700; remove it or chmod 700 it after " +
                "checking its files, or choose another --system)");
        }
        if (0 != (mode & GROUP_OTHER_BITS))
        {
            Files.setPosixFilePermissions(checked, DIRECTORY_PERMISSIONS);
        }
        return checked;
    }

    /**
     * @return the uid this process runs as.
     * @throws IOException if it cannot be found out.
     */
    public static int currentUid() throws IOException
    {
        try
        {
            return (int)new com.sun.security.auth.module.UnixSystem().getUid();
        }
        catch (final LinkageError ex)
        {
            // A trimmed runtime without jdk.security.auth: Linux's /proc/self belongs to the process's euid.
            try
            {
                return (Integer)Files.getAttribute(Path.of("/proc/self"), "unix:uid");
            }
            catch (final NoSuchFileException | UnsupportedOperationException ex2)
            {
                throw new IOException("cannot find out this process's uid (no jdk.security.auth, no /proc)", ex2);
            }
        }
    }

    private static String octal(final int mode)
    {
        return String.format("%04o", mode & 07777);
    }
}
