package org.vmiucv.engine;

import java.nio.charset.StandardCharsets;

import org.agrona.DirectBuffer;

/**
 * A received IUCV message or reply: a read-only view into the receiver's inbox.
 * <p>
 * The view is valid only during the callback that receives it. Copy what you keep with {@link #toByteArray()}
 * or {@link #getBytes(byte[], int)}.
 */
public interface IucvMessage
{
    /**
     * @return the path it arrived on.
     */
    PathId path();

    /**
     * @return the sender-assigned message id; a reply carries the id of the message it answers.
     */
    long messageId();

    /**
     * @return true if the sender waits for a {@link MachineContext#reply}.
     */
    boolean isTwoWay();

    /**
     * @return the buffer holding the payload (read-only view).
     */
    DirectBuffer buffer();

    /**
     * @return offset of the payload in {@link #buffer()}.
     */
    int offset();

    /**
     * @return length of the payload in bytes.
     */
    int length();

    /**
     * @return a copy of the payload.
     */
    default byte[] toByteArray()
    {
        final byte[] copy = new byte[length()];
        buffer().getBytes(offset(), copy);
        return copy;
    }

    /**
     * Copy the payload into a destination array.
     *
     * @param dst       destination.
     * @param dstOffset where to start in the destination.
     */
    default void getBytes(final byte[] dst, final int dstOffset)
    {
        buffer().getBytes(offset(), dst, dstOffset, length());
    }

    /**
     * @return the payload decoded as UTF-8 (allocates).
     */
    default String asText()
    {
        return new String(toByteArray(), StandardCharsets.UTF_8);
    }
}
