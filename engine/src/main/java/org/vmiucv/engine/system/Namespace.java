package org.vmiucv.engine.system;

import java.util.function.Consumer;

import org.agrona.concurrent.AtomicBuffer;

/**
 * Where a system's named buffers live: heap memory for the embedded system, mapped files for shm.
 * Names are flat file names such as {@code system.tables} or {@code inbox-ALICE-1.ring}.
 */
public interface Namespace extends AutoCloseable
{
    /**
     * Create a zeroed buffer; fails if it exists.
     *
     * @param name   file name.
     * @param length length in bytes.
     * @return the buffer.
     * @throws NamespaceException if it exists or there is no space, saying which.
     */
    AtomicBuffer create(String name, int length);

    /**
     * Create a zeroed buffer, initialise it, and only then make it visible under its name: a process that opens
     * the name never sees a short file or a header half written. Use this for every file another process may open
     * while it is being created (tables, rings).
     *
     * @param name        file name.
     * @param length      length in bytes.
     * @param initialiser writes the header (its version last) before anyone else can see the buffer.
     * @return the buffer.
     * @throws NamespaceException if it exists or there is no space, saying which.
     */
    default AtomicBuffer create(final String name, final int length, final Consumer<AtomicBuffer> initialiser)
    {
        final AtomicBuffer buffer = create(name, length);
        initialiser.accept(buffer);
        return buffer;
    }

    /**
     * Open an existing buffer. The caller validates its header.
     *
     * @param name file name.
     * @return the buffer.
     * @throws NamespaceException if it does not exist or cannot be mapped.
     */
    AtomicBuffer open(String name);

    /**
     * @param name file name.
     * @return true if it exists.
     */
    boolean exists(String name);

    /**
     * Release one reference to this process's mapping of a file; the last release unmaps it (no-op for heap).
     * Every create and open counts one reference.
     *
     * @param name file name.
     */
    void release(String name);

    /**
     * Delete a buffer; its mappings stay valid in the processes that hold them.
     *
     * @param name file name.
     */
    void delete(String name);

    /**
     * @return where the namespace is, for messages.
     */
    String describe();

    /**
     * Release every mapping this instance made.
     */
    void close();
}
