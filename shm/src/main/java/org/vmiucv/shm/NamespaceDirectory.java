package org.vmiucv.shm;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;

import org.vmiucv.engine.system.PrivateDirectory;

/**
 * Where shm systems live: {@code ${IUCV_DIR:-/dev/shm/vmiucv-$USER}} holds one directory per system. How those
 * directories are kept private (owner, 0700, 0600, no links) is decided in one place for every transport,
 * {@link PrivateDirectory}; this class names the shm defaults and delegates.
 */
public final class NamespaceDirectory
{
    /** Environment variable naming the base directory. */
    public static final String ENV_IUCV_DIR = "IUCV_DIR";
    /** Longest system name. */
    public static final int MAX_SYSTEM_NAME_LENGTH = PrivateDirectory.MAX_SYSTEM_NAME_LENGTH;

    static final Set<PosixFilePermission> DIRECTORY_PERMISSIONS = PrivateDirectory.DIRECTORY_PERMISSIONS;
    static final Set<PosixFilePermission> FILE_PERMISSIONS = PrivateDirectory.FILE_PERMISSIONS;

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
        return PrivateDirectory.validateSystemName(system);
    }

    /**
     * Make {@code base/system} exist as a private directory, see {@link PrivateDirectory#prepare}.
     *
     * @param base   base directory, for example {@link #defaultBase()}.
     * @param system system name, validated.
     * @return the absolute system directory.
     * @throws IllegalArgumentException if the system name is invalid.
     * @throws IllegalStateException    if a directory belongs to someone else, others may write the system directory,
     *                                  or it is not a directory; the message says which and what to do.
     * @throws UncheckedIOException     on any other I/O failure.
     */
    public static Path prepare(final Path base, final String system)
    {
        return PrivateDirectory.prepare(base, system);
    }

    /**
     * @return the posix attribute every created file gets.
     */
    static FileAttribute<Set<PosixFilePermission>> fileAttribute()
    {
        return PrivateDirectory.fileAttribute();
    }

    /**
     * @return the uid this process runs as.
     * @throws IOException if it cannot be found out.
     */
    static int currentUid() throws IOException
    {
        return PrivateDirectory.currentUid();
    }
}
