package org.vmiucv.engine.system;

import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

import org.agrona.BufferUtil;
import org.agrona.concurrent.AtomicBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * A namespace in this JVM's memory: buffers are aligned direct byte buffers held by name.
 */
public final class HeapNamespace implements Namespace
{
    private final ConcurrentHashMap<String, AtomicBuffer> buffers = new ConcurrentHashMap<>();
    private final String label;

    /**
     * @param label a name for messages.
     */
    public HeapNamespace(final String label)
    {
        this.label = label;
    }

    /** {@inheritDoc} */
    public AtomicBuffer create(final String name, final int length)
    {
        final AtomicBuffer buffer = new UnsafeBuffer(BufferUtil.allocateDirectAligned(align(length), 64), 0, length);
        if (null != buffers.putIfAbsent(name, buffer))
        {
            throw new NamespaceException(NamespaceException.Reason.EXISTS, name + " exists already in " + label);
        }
        return buffer;
    }

    /**
     * {@inheritDoc}
     * <p>
     * The buffer is initialised before it is put in the map, so another thread never opens it half written.
     */
    public AtomicBuffer create(final String name, final int length, final Consumer<AtomicBuffer> initialiser)
    {
        final AtomicBuffer buffer = new UnsafeBuffer(BufferUtil.allocateDirectAligned(align(length), 64), 0, length);
        if (buffers.containsKey(name))
        {
            throw new NamespaceException(NamespaceException.Reason.EXISTS, name + " exists already in " + label);
        }
        initialiser.accept(buffer);
        if (null != buffers.putIfAbsent(name, buffer))
        {
            throw new NamespaceException(NamespaceException.Reason.EXISTS, name + " exists already in " + label);
        }
        return buffer;
    }

    private static int align(final int length)
    {
        return (length + 63) & ~63;
    }

    /** {@inheritDoc} */
    public AtomicBuffer open(final String name)
    {
        final AtomicBuffer buffer = buffers.get(name);
        if (null == buffer)
        {
            throw new NamespaceException(NamespaceException.Reason.NOT_FOUND, name + " not found in " + label);
        }
        return buffer;
    }

    /** {@inheritDoc} */
    public boolean exists(final String name)
    {
        return buffers.containsKey(name);
    }

    /** {@inheritDoc} */
    public void release(final String name)
    {
    }

    /** {@inheritDoc} */
    public void delete(final String name)
    {
        buffers.remove(name);
    }

    /** {@inheritDoc} */
    public String describe()
    {
        return label;
    }

    /** {@inheritDoc} */
    public void close()
    {
        buffers.clear();
    }
}
