package org.vmiucv.engine;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * An owned, reusable outgoing IUCV message buffer of at most {@value #MAX_LENGTH} bytes.
 * <p>
 * Write the payload through {@link #buffer()} then set {@link #length(int)}; send it with
 * {@link MachineContext#iucvSend(PathId, IucvBuffer)}. Reuse it for the next message: nothing is allocated per send.
 */
public final class IucvBuffer
{
    /** Largest IUCV message, in bytes. */
    public static final int MAX_LENGTH = 65_535;

    private final UnsafeBuffer buffer;
    private int length;

    private IucvBuffer(final int capacity)
    {
        buffer = new UnsafeBuffer(ByteBuffer.allocateDirect(Math.max(capacity, 1)));
    }

    /**
     * @param capacity capacity in bytes, 0 to 65,535.
     * @return a new buffer.
     * @throws IllegalArgumentException if the capacity is out of range.
     */
    public static IucvBuffer allocate(final int capacity)
    {
        checkLength(capacity);
        return new IucvBuffer(capacity);
    }

    /**
     * @param bytes the payload, at most 65,535 bytes.
     * @return a buffer holding a copy of it.
     */
    public static IucvBuffer wrapCopy(final byte[] bytes)
    {
        final IucvBuffer b = allocate(bytes.length);
        b.buffer.putBytes(0, bytes);
        b.length = bytes.length;
        return b;
    }

    /**
     * @param text ASCII or UTF-8 text.
     * @return a buffer holding its UTF-8 bytes.
     */
    public static IucvBuffer ofText(final String text)
    {
        return wrapCopy(text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * @param length a candidate message length.
     * @throws IllegalArgumentException if it is not within 0..65,535.
     */
    public static void checkLength(final int length)
    {
        if (length < 0 || length > MAX_LENGTH)
        {
            throw new IllegalArgumentException(
                "IUCV message of " + length + " bytes; 0 to " + MAX_LENGTH + " bytes are allowed");
        }
    }

    /**
     * @return the buffer to write the payload into.
     */
    public MutableDirectBuffer buffer()
    {
        return buffer;
    }

    /**
     * @return a read-only view of the buffer.
     */
    public DirectBuffer view()
    {
        return buffer;
    }

    /**
     * @return capacity in bytes.
     */
    public int capacity()
    {
        return buffer.capacity();
    }

    /**
     * @return length of the payload.
     */
    public int length()
    {
        return length;
    }

    /**
     * @param length length of the payload, at most the capacity.
     * @return this.
     */
    public IucvBuffer length(final int length)
    {
        if (length < 0 || length > buffer.capacity())
        {
            throw new IllegalArgumentException(
                "length " + length + " is outside this buffer's capacity of " + buffer.capacity() + " bytes");
        }
        this.length = length;
        return this;
    }
}
