package org.vmiucv.xfl.transport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.regex.Pattern;

import org.vmiucv.engine.system.PrivateDirectory;

/**
 * Where an XFL system lives: {@code base/<SYSTEM>}, mode 0700, holding the Supervisor's pid file and the FIFOs and
 * hello files of attaching processes (mode 0600). The base is {@code $IUCV_DIR}, else {@code /dev/shm/vmiucv-$USER}
 * when /dev/shm is a writable directory, else {@code <java.io.tmpdir>/vmiucv-$USER}: FIFOs hold no data, so they
 * need no shared memory.
 */
public final class XflNamespace
{
    /** Environment variable naming the base directory. */
    public static final String ENV_IUCV_DIR = "IUCV_DIR";
    /** The Supervisor's pid file: present while an XFL Supervisor runs the system. */
    public static final String PID_FILE = "xfl-supervisor.pid";
    /** Prefix of every file of an attaching process. */
    public static final String CLIENT_PREFIX = "xfl-";
    /** Suffix of the file a process creates once its FIFOs exist. */
    public static final String HELLO_SUFFIX = ".hello";
    /** Connectors per process. */
    public static final int CONNECTORS = 4;

    private static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");
    private static final Pattern SYSTEM_NAME = Pattern.compile("[A-Za-z0-9_-]{1,16}");
    private static final Pattern HELLO = Pattern.compile("xfl-([0-9]+)\\.([0-9a-f]+)\\.hello");

    private XflNamespace()
    {
    }

    /**
     * @return the default base directory, see the class comment.
     */
    public static Path defaultBase()
    {
        final String env = System.getenv(ENV_IUCV_DIR);
        if (null != env && !env.isBlank())
        {
            return Path.of(env);
        }
        final String user = "vmiucv-" + System.getProperty("user.name");
        final Path shm = Path.of("/dev/shm");
        if (Files.isDirectory(shm) && Files.isWritable(shm))
        {
            return shm.resolve(user);
        }
        return Path.of(System.getProperty("java.io.tmpdir")).resolve(user);
    }

    /**
     * @param system a system name.
     * @return the name.
     * @throws IllegalArgumentException if it is not 1 to 16 characters of {@code A-Z a-z 0-9 _ -}.
     */
    public static String validateSystemName(final String system)
    {
        if (null == system || !SYSTEM_NAME.matcher(system).matches())
        {
            throw new IllegalArgumentException("system name " + (null == system ? "null" : "'" + system + "'") +
                " must be 1 to 16 characters of A-Z a-z 0-9 _ - (it names a directory)");
        }
        return system;
    }

    /**
     * Make {@code base/system} exist as a private directory, with the same checks as every transport (see
     * {@link PrivateDirectory}): owned by us, 0700, not a symbolic link, not writable by others.
     *
     * @param base   base directory.
     * @param system system name.
     * @return the system directory.
     * @throws IllegalArgumentException for an invalid system name.
     * @throws IllegalStateException    if a directory is not ours, is writable by others, is a link or not a
     *                                  directory: it is left untouched.
     * @throws UncheckedIOException     if a directory cannot be created.
     */
    public static Path prepare(final Path base, final String system)
    {
        validateSystemName(system);
        return PrivateDirectory.prepare(base, system);
    }

    /**
     * Create or replace a small file with mode 0600, atomically (written aside, then renamed).
     *
     * @param file the file.
     * @param text its content.
     * @throws IOException if it cannot be written.
     */
    static void writePrivate(final Path file, final String text) throws IOException
    {
        final Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        Files.createFile(tmp, PosixFilePermissions.asFileAttribute(FILE));
        Files.write(tmp, text.getBytes(StandardCharsets.US_ASCII));
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /**
     * @param dir a system directory.
     * @return the pid of the XFL Supervisor that runs it and is alive, or 0.
     */
    static long livingSupervisor(final Path dir)
    {
        try
        {
            final long pid = Long.parseLong(Files.readString(dir.resolve(PID_FILE), StandardCharsets.US_ASCII).trim());
            return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false) ? pid : 0;
        }
        catch (final IOException | NumberFormatException ex)
        {
            return 0;
        }
    }

    /**
     * @param key a process's key, {@code <pid>.<hex>}.
     * @return its hello file name.
     */
    static String helloName(final String key)
    {
        return CLIENT_PREFIX + key + HELLO_SUFFIX;
    }

    /**
     * @param fileName a file name found in the directory.
     * @return the key if it is a hello file, else null.
     */
    static String keyOfHello(final String fileName)
    {
        return HELLO.matcher(fileName).matches() ? fileName.substring(CLIENT_PREFIX.length(),
            fileName.length() - HELLO_SUFFIX.length()) : null;
    }

    /**
     * @param key a process key.
     * @return the pid in it.
     */
    static long pidOfKey(final String key)
    {
        return Long.parseLong(key.substring(0, key.indexOf('.')));
    }

    /**
     * @param dir       system directory.
     * @param key       process key.
     * @param connector 0 to 3.
     * @return its data FIFO.
     */
    static Path dataFifo(final Path dir, final String key, final int connector)
    {
        return dir.resolve(CLIENT_PREFIX + key + "-" + connector + ".data");
    }

    /**
     * @param dir       system directory.
     * @param key       process key.
     * @param connector 0 to 3.
     * @return its ctrl FIFO.
     */
    static Path ctrlFifo(final Path dir, final String key, final int connector)
    {
        return dir.resolve(CLIENT_PREFIX + key + "-" + connector + ".ctrl");
    }

    /**
     * Remove a process's FIFOs and hello file, quietly.
     *
     * @param dir system directory.
     * @param key process key.
     */
    static void deleteClientFiles(final Path dir, final String key)
    {
        for (int c = 0; c < CONNECTORS; c++)
        {
            deleteQuietly(dataFifo(dir, key, c));
            deleteQuietly(ctrlFifo(dir, key, c));
        }
        deleteQuietly(dir.resolve(helloName(key)));
    }

    static void deleteQuietly(final Path p)
    {
        try
        {
            Files.deleteIfExists(p);
        }
        catch (final IOException ignore)
        {
            // best effort: a leftover FIFO holds no data and is removed with the directory
        }
    }
}
