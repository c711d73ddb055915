package org.vmiucv.shm;

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
 * Where shm systems live and how their directories are kept private: {@code ${IUCV_DIR:-/dev/shm/vmiucv-$USER}}
 * holds one directory per system, and both levels are mode 0700 and owned by the user running the process.
 * <p>
 * Why: the files are rings and tables that every process of a system maps read-write; a stranger who could
 * create, swap or read them could forge messages or read traffic. So a directory is created 0700 (and set to
 * 0700 explicitly afterwards, because the umask only ever removes bits), an existing one of ours that is wider is
 * tightened, and one owned by someone else is refused. The one exception is a base directory that is a shared
 * sticky directory such as {@code /tmp} or {@code /dev/shm} itself: it is used as it is, never chmod-ed, because
 * the system directory below it is the private one.
 */
public final class NamespaceDirectory
{
    /** Environment variable naming the base directory. */
    public static final String ENV_IUCV_DIR = "IUCV_DIR";
    /** Longest system name. */
    public static final int MAX_SYSTEM_NAME_LENGTH = 16;

    static final Set<PosixFilePermission> DIRECTORY_PERMISSIONS = PosixFilePermissions.fromString("rwx------");
    static final Set<PosixFilePermission> FILE_PERMISSIONS = PosixFilePermissions.fromString("rw-------");

    private static final Pattern SYSTEM_NAME = Pattern.compile("[A-Za-z0-9_-]{1," + MAX_SYSTEM_NAME_LENGTH + "}");
    private static final int STICKY_BIT = 01000;
    private static final int GROUP_OTHER_BITS = 077;
    private static final int OTHER_WRITE_BIT = 02;

    private NamespaceDirectory()
    {
    }

    /**
     * @return {@code $IUCV_DIR} if set and not blank, else {@code /dev/shm/vmiucv-<user.name>}.
     */
    public static Path defaultBase()
    {
        final String env = System.getenv(ENV_IUCV_DIR);
        if (null != env && !env.isBlank())
        {
            return Path.of(env);
        }
        return Path.of("/dev/shm", "vmiucv-" + System.getProperty("user.name"));
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
            throw new IllegalArgumentException("system name " + quote(system) + " must be 1 to " +
                MAX_SYSTEM_NAME_LENGTH + " characters of A-Z a-z 0-9 _ - (it names a directory)");
        }
        return system;
    }

    /**
     * Make {@code base/system} exist as a private directory, creating or tightening both levels as needed.
     *
     * @param base   base directory, for example {@link #defaultBase()}.
     * @param system system name, validated.
     * @return the absolute system directory.
     * @throws IllegalArgumentException if the system name is invalid.
     * @throws IllegalStateException    if a directory belongs to someone else or is not a directory; the message
     *                                  says which and what to do.
     * @throws UncheckedIOException     on any other I/O failure.
     */
    public static Path prepare(final Path base, final String system)
    {
        validateSystemName(system);
        try
        {
            final Path absoluteBase = base.toAbsolutePath().normalize();
            try
            {
                return ensurePrivate(ensurePrivate(absoluteBase, true).resolve(system), false);
            }
            catch (final NoSuchFileException ex)
            {
                // Another process removed an empty base (its last system's cleanup) between our two steps.
                return ensurePrivate(ensurePrivate(absoluteBase, true).resolve(system), false);
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(
                "cannot prepare the vm-iucv directory " + base.resolve(system) + ": " + ex, ex);
        }
    }

    /**
     * @return the posix attribute every created file gets.
     */
    static FileAttribute<Set<PosixFilePermission>> fileAttribute()
    {
        return PosixFilePermissions.asFileAttribute(FILE_PERMISSIONS);
    }

    private static Path ensurePrivate(final Path dir, final boolean isBase) throws IOException
    {
        final FileAttribute<Set<PosixFilePermission>> attribute =
            PosixFilePermissions.asFileAttribute(DIRECTORY_PERMISSIONS);
        try
        {
            if (isBase && null != dir.getParent())
            {
                // Missing ancestors of a custom IUCV_DIR are created private too.
                Files.createDirectories(dir.getParent(), attribute);
            }
            Files.createDirectory(dir, attribute);
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
    static int currentUid() throws IOException
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

    private static String quote(final String s)
    {
        return null == s ? "null" : "'" + s + "'";
    }
}
