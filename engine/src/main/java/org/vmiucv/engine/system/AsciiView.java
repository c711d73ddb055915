package org.vmiucv.engine.system;

import org.agrona.DirectBuffer;

/**
 * A reusable {@link CharSequence} over ASCII bytes in a buffer: the SMSG text handed to a handler.
 */
public final class AsciiView implements CharSequence
{
    private DirectBuffer buffer;
    private int offset;
    private int length;

    /**
     * @param buffer where the bytes are.
     * @param offset first byte.
     * @param length number of bytes.
     * @return this, viewing those bytes as characters (valid until the next wrap).
     */
    public AsciiView wrap(final DirectBuffer buffer, final int offset, final int length)
    {
        this.buffer = buffer;
        this.offset = offset;
        this.length = length;
        return this;
    }

    /** {@inheritDoc} */
    public int length()
    {
        return length;
    }

    /** {@inheritDoc} */
    public char charAt(final int index)
    {
        if (index < 0 || index >= length)
        {
            throw new IndexOutOfBoundsException("index " + index + " of " + length);
        }
        return (char)(buffer.getByte(offset + index) & 0x7F);
    }

    /** {@inheritDoc} */
    public CharSequence subSequence(final int start, final int end)
    {
        return toString().substring(start, end);
    }

    /** {@inheritDoc} */
    public String toString()
    {
        return buffer.getStringWithoutLengthAscii(offset, length);
    }
}
