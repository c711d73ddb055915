package org.vmiucv.engine;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The 16 bytes of user data carried on CONNECT, ACCEPT, SEVER, QUIESCE and RESUME.
 */
public final class UserData
{
    /** Length in bytes. */
    public static final int LENGTH = 16;

    /** All zeros. */
    public static final UserData EMPTY = new UserData(new byte[LENGTH]);

    private final byte[] bytes;

    private UserData(final byte[] bytes)
    {
        this.bytes = bytes;
    }

    /**
     * @param bytes at most 16 bytes; shorter input is padded with zeros.
     * @return the user data.
     * @throws IllegalArgumentException if more than 16 bytes are given.
     */
    public static UserData of(final byte[] bytes)
    {
        if (bytes.length > LENGTH)
        {
            throw new IllegalArgumentException(
                "user data has " + bytes.length + " bytes; at most " + LENGTH + " are allowed");
        }
        return new UserData(Arrays.copyOf(bytes, LENGTH));
    }

    /**
     * @param text ASCII text of at most 16 characters.
     * @return the user data.
     */
    public static UserData of(final String text)
    {
        return of(text.getBytes(StandardCharsets.US_ASCII));
    }

    /**
     * @return a copy of the 16 bytes.
     */
    public byte[] toByteArray()
    {
        return bytes.clone();
    }

    /**
     * @return the bytes as ASCII with trailing NULs removed.
     */
    public String asText()
    {
        int end = LENGTH;
        while (end > 0 && bytes[end - 1] == 0)
        {
            end--;
        }
        return new String(bytes, 0, end, StandardCharsets.US_ASCII);
    }

    /**
     * @return true when all bytes are zero.
     */
    public boolean isEmpty()
    {
        for (final byte b : bytes)
        {
            if (b != 0)
            {
                return false;
            }
        }
        return true;
    }

    /** {@inheritDoc} */
    public boolean equals(final Object o)
    {
        return o instanceof UserData && Arrays.equals(((UserData)o).bytes, bytes);
    }

    /** {@inheritDoc} */
    public int hashCode()
    {
        return Arrays.hashCode(bytes);
    }

    /** {@inheritDoc} */
    public String toString()
    {
        return asText();
    }
}
