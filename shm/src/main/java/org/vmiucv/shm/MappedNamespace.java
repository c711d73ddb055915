package org.vmiucv.shm;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;

import org.agrona.IoUtil;
import org.agrona.concurrent.AtomicBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.vmiucv.engine.system.Namespace;
import org.vmiucv.engine.system.NamespaceException;
import org.vmiucv.engine.system.NamespaceException.Reason;
import org.vmiucv.engine.system.SystemFiles;

/**
 * A namespace of memory-mapped files in {@code ${IUCV_DIR:-/dev/shm/vmiucv-$USER}/<SYSTEM>}: every process of a
 * system maps the same files, so the rings and tables in them are shared memory.
 * <p>
 * The directory is private (0700, see {@link NamespaceDirectory}) and every file is created 0600 with the
 * attribute, so there is no moment when a file is readable by others. {@link #create} reserves the whole length by
 * writing zeros before mapping: a sparse file on tmpfs would map fine and then kill the process with SIGBUS the
 * first time a page is touched after {@code /dev/shm} filled up; writing up front turns that into a
 * {@link Reason#NO_SPACE} exception at create time instead.
 * <p>
 * An instance maps each file once and counts references: {@link #create} and {@link #open} take one,
 * {@link #release} drops one and the last release unmaps. A mapping whose file was deleted or replaced under the
 * same name stays mapped (retired) until its references are released or the namespace is closed, so a buffer a
 * caller holds never goes away under it. Control plane only: every method is synchronized.
 */
public final class MappedNamespace implements Namespace
{
    /** Files are reserved with zero writes of at most this many bytes. */
    static final int RESERVE_CHUNK_LENGTH = 1024 * 1024;
    /** Longest file name most file systems take. */
    static final int MAX_NAME_LENGTH = 255;

    private static final Set<OpenOption> CREATE_OPTIONS =
        Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.READ, StandardOpenOption.WRITE);
    private static final ByteBuffer ZEROS = ByteBuffer.allocateDirect(RESERVE_CHUNK_LENGTH).asReadOnlyBuffer();

    private final Path directory;
    private final Map<String, Mapping> live = new HashMap<>();
    private final List<Mapping> retired = new ArrayList<>();
    private boolean closed;

    private MappedNamespace(final Path directory)
    {
        this.directory = directory;
    }

    /**
     * @return {@code $IUCV_DIR} if set, else {@code /dev/shm/vmiucv-<user.name>}.
     */
    public static Path defaultBase()
    {
        return NamespaceDirectory.defaultBase();
    }

    /**
     * Open (creating if needed) the namespace of one system, making its directories private.
     *
     * @param base   base directory, usually {@link #defaultBase()}.
     * @param system system name: 1 to 16 characters of {@code A-Z a-z 0-9 _ -}.
     * @return the namespace.
     * @throws IllegalArgumentException if the system name is invalid.
     * @throws IllegalStateException    if a directory belongs to someone else or is not a directory.
     * @throws UncheckedIOException     on other I/O failures.
     */
    public static MappedNamespace open(final Path base, final String system)
    {
        return new MappedNamespace(NamespaceDirectory.prepare(base, system));
    }

    /**
     * @return the system directory.
     */
    public Path directory()
    {
        return directory;
    }

    /**
     * {@inheritDoc}
     * <p>
     * The file is created exclusively with mode 0600 and filled with zeros, so its memory really exists.
     *
     * @throws IllegalArgumentException if the name or length is invalid.
     */
    public synchronized AtomicBuffer create(final String name, final int length)
    {
        return create(name, length, true);
    }

    /**
     * Create a file, optionally without the up-front free-space check, so tests can drive the reservation path.
     *
     * @param name           file name.
     * @param length         bytes.
     * @param checkFreeSpace compare the length with the file system's usable space before writing anything.
     * @return the buffer.
     */
    synchronized AtomicBuffer create(final String name, final int length, final boolean checkFreeSpace)
    {
        ensureOpen();
        final Path file = resolve(name);
        final MappedByteBuffer mapped = createFile(file, name, length, checkFreeSpace);
        return track(name, mapped, fileKey(file));
    }

    /**
     * {@inheritDoc}
     * <p>
     * The file is created, reserved and initialised under a unique temporary name ({@link
     * SystemFiles#unpublishedName}) and then hard-linked to its name, which fails if the name exists: the name
     * appears atomically with its full length and its header written, so a process that opens it as soon as it
     * appears (an application attaching while the Supervisor starts) never maps a short or half-written file.
     */
    public synchronized AtomicBuffer create(
        final String name, final int length, final Consumer<AtomicBuffer> initialiser)
    {
        ensureOpen();
        final Path file = resolve(name);
        if (Files.exists(file, LinkOption.NOFOLLOW_LINKS))
        {
            throw new NamespaceException(Reason.EXISTS, name + " exists already in " + directory);
        }
        final String temporaryName = SystemFiles.unpublishedName(name);
        final Path temporary = resolve(temporaryName);
        final MappedByteBuffer mapped = createFile(temporary, name, length, true);
        try
        {
            initialiser.accept(new UnsafeBuffer(mapped));
            publish(temporary, file, name);
        }
        catch (final RuntimeException ex)
        {
            IoUtil.unmap(mapped);
            throw ex;
        }
        finally
        {
            deleteQuietly(temporary);
        }
        return track(name, mapped, fileKey(file));
    }

    private void publish(final Path temporary, final Path file, final String name)
    {
        try
        {
            // link(2) never replaces an existing name, unlike rename(2): two creators cannot both win
            Files.createLink(file, temporary);
        }
        catch (final FileAlreadyExistsException ex)
        {
            throw new NamespaceException(Reason.EXISTS, name + " exists already in " + directory);
        }
        catch (final UnsupportedOperationException | IOException ex)
        {
            // a file system without hard links: a rename is still atomic for readers (creators hold the lock)
            try
            {
                if (Files.exists(file, LinkOption.NOFOLLOW_LINKS))
                {
                    throw new NamespaceException(Reason.EXISTS, name + " exists already in " + directory);
                }
                Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE);
            }
            catch (final IOException ex2)
            {
                ex2.addSuppressed(ex);
                throw new NamespaceException(Reason.IO, name + ": cannot publish it in " + directory + ": " + ex2);
            }
        }
    }

    private MappedByteBuffer createFile(
        final Path file, final String name, final int length, final boolean checkFreeSpace)
    {
        if (length <= 0)
        {
            throw new IllegalArgumentException(name + ": length " + length + " must be greater than zero");
        }
        if (checkFreeSpace)
        {
            // Don't fill the shared tmpfs to the brim (and make other processes' pages fail) just to learn
            // that the file won't fit.
            final long free = usableSpace();
            if (free >= 0 && free < length)
            {
                throw noSpace(name, length, free);
            }
        }

        final MappedByteBuffer mapped;
        try (FileChannel channel = FileChannel.open(file, CREATE_OPTIONS, NamespaceDirectory.fileAttribute()))
        {
            try
            {
                reserve(channel, length);
                mapped = channel.map(FileChannel.MapMode.READ_WRITE, 0, length);
            }
            catch (final IOException | RuntimeException ex)
            {
                deleteQuietly(file, ex);
                throw ex;
            }
        }
        catch (final FileAlreadyExistsException ex)
        {
            throw new NamespaceException(Reason.EXISTS, name + " exists already in " + directory);
        }
        catch (final NoSuchFileException ex)
        {
            throw new NamespaceException(Reason.IO,
                name + ": cannot create it, the directory " + directory + " is gone");
        }
        catch (final IOException ex)
        {
            final long free = usableSpace();
            if (isNoSpace(ex) || (free >= 0 && free < length))
            {
                throw noSpace(name, length, free);
            }
            throw new NamespaceException(Reason.IO, name + ": cannot create it in " + directory + ": " + ex);
        }
        return mapped;
    }

    /**
     * {@inheritDoc}
     * <p>
     * A file already mapped by this instance (the same file, not a new one under the same name) is shared and its
     * reference count bumped. A file of any length, even zero, is mapped as it is: callers validate headers.
     */
    public synchronized AtomicBuffer open(final String name)
    {
        ensureOpen();
        final Path file = resolve(name);
        final Object key = fileKey(file);
        final Mapping current = live.get(name);
        if (null != current)
        {
            if (null != key && key.equals(current.fileKey))
            {
                current.references++;
                return current.buffer;
            }
            // Deleted or replaced behind our back: whoever holds the old buffer keeps it until they release it.
            retire(name);
        }
        if (null == key)
        {
            throw new NamespaceException(Reason.NOT_FOUND, name + " not found in " + directory);
        }

        final MappedByteBuffer mapped;
        try (FileChannel channel = FileChannel.open(file,
            StandardOpenOption.READ, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS))
        {
            final long size = channel.size();
            if (size > Integer.MAX_VALUE)
            {
                throw new NamespaceException(Reason.INVALID,
                    name + " is " + size + " bytes, more than the " + Integer.MAX_VALUE + " bytes a buffer can map");
            }
            mapped = channel.map(FileChannel.MapMode.READ_WRITE, 0, size);
        }
        catch (final NoSuchFileException ex)
        {
            throw new NamespaceException(Reason.NOT_FOUND, name + " not found in " + directory);
        }
        catch (final IOException ex)
        {
            throw new NamespaceException(Reason.IO, name + ": cannot map it from " + directory + ": " + ex);
        }
        return track(name, mapped, key);
    }

    /** {@inheritDoc} */
    public synchronized boolean exists(final String name)
    {
        return Files.exists(resolve(name), LinkOption.NOFOLLOW_LINKS);
    }

    /**
     * {@inheritDoc}
     * <p>
     * A name this instance does not hold is ignored, so teardown paths may release defensively. When the name has
     * both a retired mapping (its file deleted or replaced) and a live one, the retired one is released first.
     */
    public synchronized void release(final String name)
    {
        Objects.requireNonNull(name, "name");
        for (final Iterator<Mapping> it = retired.iterator(); it.hasNext(); )
        {
            final Mapping mapping = it.next();
            if (mapping.name.equals(name))
            {
                if (--mapping.references == 0)
                {
                    it.remove();
                    IoUtil.unmap(mapping.mapped);
                }
                return;
            }
        }
        final Mapping mapping = live.get(name);
        if (null != mapping && --mapping.references == 0)
        {
            live.remove(name);
            IoUtil.unmap(mapping.mapped);
        }
    }

    /**
     * {@inheritDoc}
     * <p>
     * Mappings of it, in this process and others, stay valid; the name is free for a new file at once.
     */
    public synchronized void delete(final String name)
    {
        final Path file = resolve(name);
        try
        {
            Files.deleteIfExists(file);
        }
        catch (final IOException ex)
        {
            throw new NamespaceException(Reason.IO, name + ": cannot delete it from " + directory + ": " + ex);
        }
        if (live.containsKey(name))
        {
            retire(name);
        }
    }

    /**
     * Delete every file of this system and its directory: mappings stay valid until released or closed.
     */
    public synchronized void deleteAll()
    {
        try
        {
            if (Files.exists(directory, LinkOption.NOFOLLOW_LINKS))
            {
                Files.walkFileTree(directory, new SimpleFileVisitor<>()
                {
                    public FileVisitResult visitFile(final Path file, final BasicFileAttributes attrs)
                        throws IOException
                    {
                        Files.deleteIfExists(file);
                        return FileVisitResult.CONTINUE;
                    }

                    public FileVisitResult postVisitDirectory(final Path dir, final IOException ex)
                        throws IOException
                    {
                        if (null != ex)
                        {
                            throw ex;
                        }
                        Files.deleteIfExists(dir);
                        return FileVisitResult.CONTINUE;
                    }
                });
            }
        }
        catch (final IOException ex)
        {
            throw new NamespaceException(Reason.IO, "cannot delete " + directory + ": " + ex);
        }
        for (final String name : new ArrayList<>(live.keySet()))
        {
            retire(name);
        }
    }

    /** {@inheritDoc} */
    public String describe()
    {
        return directory.toString();
    }

    /**
     * {@inheritDoc}
     * <p>
     * Every buffer this instance handed out is unmapped: touching one afterwards crashes the JVM, so close only
     * when nothing uses them. Idempotent; the files stay.
     */
    public synchronized void close()
    {
        if (closed)
        {
            return;
        }
        closed = true;
        for (final Mapping mapping : live.values())
        {
            IoUtil.unmap(mapping.mapped);
        }
        for (final Mapping mapping : retired)
        {
            IoUtil.unmap(mapping.mapped);
        }
        live.clear();
        retired.clear();
    }

    /**
     * @param name file name.
     * @return how many references this instance holds on the live mapping of it, 0 if none (for tests).
     */
    synchronized int references(final String name)
    {
        final Mapping mapping = live.get(name);
        return null == mapping ? 0 : mapping.references;
    }

    /**
     * @return how many mappings this instance holds, live and retired (for tests).
     */
    synchronized int mappingCount()
    {
        return live.size() + retired.size();
    }

    /**
     * Write zeros over {@code [0, length)} so every page is allocated now rather than at first touch.
     *
     * @param channel a file open for writing.
     * @param length  bytes to reserve.
     * @throws IOException from the write, for example "No space left on device".
     */
    static void reserve(final FileChannel channel, final long length) throws IOException
    {
        final ByteBuffer zeros = ZEROS.duplicate();
        long position = 0;
        while (position < length)
        {
            zeros.clear().limit((int)Math.min(RESERVE_CHUNK_LENGTH, length - position));
            while (zeros.hasRemaining())
            {
                position += channel.write(zeros, position);
            }
        }
    }

    /**
     * @param ex an I/O failure.
     * @return true if it says the device is full (ENOSPC) or over quota (EDQUOT).
     */
    static boolean isNoSpace(final IOException ex)
    {
        for (Throwable t = ex; null != t; t = t.getCause())
        {
            final String message = t.getMessage();
            if (null != message && (message.contains("No space left") || message.contains("quota exceeded")))
            {
                return true;
            }
        }
        return false;
    }

    private AtomicBuffer track(final String name, final MappedByteBuffer mapped, final Object fileKey)
    {
        if (live.containsKey(name))
        {
            retire(name); // an old file of that name vanished and a new one was created
        }
        final Mapping mapping = new Mapping(name, mapped, new UnsafeBuffer(mapped), fileKey);
        live.put(name, mapping);
        return mapping.buffer;
    }

    private void retire(final String name)
    {
        final Mapping mapping = live.remove(name);
        if (null != mapping)
        {
            retired.add(mapping);
        }
    }

    private Path resolve(final String name)
    {
        if (null == name || name.isEmpty() || name.length() > MAX_NAME_LENGTH || name.indexOf('/') >= 0 ||
            name.indexOf('\0') >= 0 || name.contains("..") || name.equals("."))
        {
            throw new IllegalArgumentException("file name " + (null == name ? "null" : "'" + name + "'") +
                " must be 1 to " + MAX_NAME_LENGTH + " characters without '/', '..' or NUL");
        }
        return directory.resolve(name);
    }

    private Object fileKey(final Path file)
    {
        try
        {
            final BasicFileAttributes attributes =
                Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            return null == attributes.fileKey() ? file : attributes.fileKey();
        }
        catch (final NoSuchFileException ex)
        {
            return null;
        }
        catch (final IOException ex)
        {
            throw new NamespaceException(Reason.IO, file.getFileName() + ": cannot read its attributes: " + ex);
        }
    }

    private long usableSpace()
    {
        try
        {
            return Files.getFileStore(directory).getUsableSpace();
        }
        catch (final IOException ex)
        {
            return -1;
        }
    }

    private NamespaceException noSpace(final String name, final long needed, final long free)
    {
        return new NamespaceException(Reason.NO_SPACE, name + ": no space left in " + directory + " (needed " +
            needed + " bytes, " + (free < 0 ? "unknown" : Long.toString(free)) + " free)");
    }

    private static void deleteQuietly(final Path file)
    {
        try
        {
            Files.deleteIfExists(file);
        }
        catch (final IOException ignore)
        {
            // a leftover temporary name is removed with the system's files (SystemFiles.cleanup)
        }
    }

    private static void deleteQuietly(final Path file, final Exception cause)
    {
        try
        {
            Files.deleteIfExists(file);
        }
        catch (final IOException ex)
        {
            cause.addSuppressed(ex);
        }
    }

    private void ensureOpen()
    {
        if (closed)
        {
            throw new IllegalStateException("namespace " + directory + " is closed");
        }
    }

    /** One file mapped by this instance. */
    private static final class Mapping
    {
        final String name;
        final MappedByteBuffer mapped;
        final AtomicBuffer buffer;
        final Object fileKey;
        int references = 1;

        Mapping(final String name, final MappedByteBuffer mapped, final AtomicBuffer buffer, final Object fileKey)
        {
            this.name = name;
            this.mapped = mapped;
            this.buffer = buffer;
            this.fileKey = fileKey;
        }
    }
}
