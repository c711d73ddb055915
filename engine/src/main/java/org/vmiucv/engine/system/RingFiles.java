package org.vmiucv.engine.system;

import org.agrona.concurrent.AtomicBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.ManyToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;
import org.vmiucv.engine.layout.FileHeaderDescriptor;

/**
 * Ring files: a {@link FileHeaderDescriptor file header} followed by an Agrona many-to-one ring buffer, and the
 * names of every file in a namespace.
 */
public final class RingFiles
{
    /** The Supervisor's tables. */
    public static final String TABLES = "system.tables";
    /** The control ring into the Supervisor. */
    public static final String CONTROL = "control.ring";

    private RingFiles()
    {
    }

    /**
     * @param key client registration key.
     * @return file name of that client's response ring.
     */
    public static String clientRing(final long key)
    {
        return "client-" + Long.toHexString(key) + ".ring";
    }

    /**
     * @param name       machine name.
     * @param generation machine slot generation.
     * @return file name of that machine's inbox.
     */
    public static String inbox(final String name, final int generation)
    {
        return "inbox-" + name + "-" + generation + ".ring";
    }

    /**
     * @param capacity ring capacity, a power of two.
     * @return file length for it.
     * @throws IllegalArgumentException if the capacity is not a power of two of at least 1 KiB.
     */
    public static int fileLength(final int capacity)
    {
        if (capacity < 1024 || Integer.bitCount(capacity) != 1 || capacity > (1 << 30))
        {
            throw new IllegalArgumentException(
                "ring capacity " + capacity + " must be a power of two from 1024 to 2^30 bytes");
        }
        return FileHeaderDescriptor.HEADER_LENGTH + capacity + RingBufferDescriptor.TRAILER_LENGTH;
    }

    /**
     * Create and initialise a ring file.
     *
     * @param ns       namespace.
     * @param name     file name.
     * @param capacity power of two.
     * @param pid      creator pid.
     * @param nowMs    creation time.
     * @return the ring.
     */
    public static ManyToOneRingBuffer create(
        final Namespace ns, final String name, final int capacity, final long pid, final long nowMs)
    {
        // Published only once its header is written: a process that opens it never sees it half made.
        final AtomicBuffer file = ns.create(name, fileLength(capacity),
            b -> FileHeaderDescriptor.write(b, FileHeaderDescriptor.RING_MAGIC, pid, nowMs));
        return ring(file);
    }

    /**
     * Open and validate a ring file.
     *
     * @param ns   namespace.
     * @param name file name.
     * @return the ring.
     * @throws NamespaceException with reason INVALID if the file is foreign, corrupt or truncated.
     */
    public static ManyToOneRingBuffer open(final Namespace ns, final String name)
    {
        final AtomicBuffer file = ns.open(name);
        final String problem = FileHeaderDescriptor.problem(file, FileHeaderDescriptor.RING_MAGIC, name);
        if (null != problem)
        {
            ns.release(name);
            throw new NamespaceException(NamespaceException.Reason.INVALID, problem);
        }
        final int capacity = file.capacity() - FileHeaderDescriptor.HEADER_LENGTH - RingBufferDescriptor.TRAILER_LENGTH;
        if (capacity < 1024 || Integer.bitCount(capacity) != 1)
        {
            ns.release(name);
            throw new NamespaceException(NamespaceException.Reason.INVALID,
                name + " has " + file.capacity() + " bytes, which is no header plus a power-of-two ring (truncated?)");
        }
        return ring(file);
    }

    private static ManyToOneRingBuffer ring(final AtomicBuffer file)
    {
        return new ManyToOneRingBuffer(new UnsafeBuffer(
            file, FileHeaderDescriptor.HEADER_LENGTH, file.capacity() - FileHeaderDescriptor.HEADER_LENGTH));
    }

    /**
     * Write a SHUTDOWN request into the system's control ring with no client behind it: nothing answers it, and it
     * needs no client slot and no free space (what {@code iucv shutdown} and a SIGTERM of the Supervisor use). The
     * Supervisor accepts it from client slot -1 only for SHUTDOWN.
     *
     * @param ns the system's namespace.
     * @return true if written, false if the control ring is full.
     * @throws NamespaceException if the control ring cannot be opened.
     */
    public static boolean requestShutdown(final Namespace ns)
    {
        final ManyToOneRingBuffer control = open(ns, CONTROL);
        try
        {
            final org.agrona.concurrent.UnsafeBuffer b =
                new org.agrona.concurrent.UnsafeBuffer(java.nio.ByteBuffer.allocateDirect(256));
            final org.vmiucv.engine.layout.ControlFlyweight f =
                new org.vmiucv.engine.layout.ControlFlyweight().wrapForEncode(b, 0);
            f.header().put(-1, 0, 0, 0);
            f.clientSlot(-1);
            return control.write(org.vmiucv.engine.layout.FrameType.SHUTDOWN_REQ, b, 0, f.length());
        }
        finally
        {
            ns.release(CONTROL);
        }
    }
}
