package org.vmiucv.xfl;

import java.nio.charset.StandardCharsets;

/**
 * The four commands a consumer sends on the ctrl pipe, each exactly {@link #LENGTH} bytes.
 *
 * <p>The producer dispatches on the first letter only, in any case, as the C implementation does:
 * {@code "stat"} and {@code "Sxyz"} are both {@link #STAT}.
 */
public enum XflCommand
{
    /** Ask for the pending record's length; answered by the length in ASCII decimal and one NUL. */
    STAT,
    /** Ask for the pending record's body; answered by exactly that many raw bytes. */
    PEEK,
    /** Consume the pending record; no answer, the producer's output returns. */
    NEXT,
    /** Sever: the consumer stops; no answer, both sides close. */
    QUIT;

    /** Every command is this many bytes on the wire, with no NUL and no newline. */
    public static final int LENGTH = 4;

    private final byte[] wire = name().getBytes(StandardCharsets.US_ASCII);

    /**
     * @return a copy of the exact bytes sent on the wire, e.g. {@code STAT}.
     */
    public byte[] wireBytes()
    {
        return wire.clone();
    }

    byte[] wire()
    {
        return wire;
    }

    /**
     * Encode this command as it is sent on the ctrl pipe, without allocating.
     *
     * @param dst    where the {@link #LENGTH} bytes go.
     * @param offset of the first byte in {@code dst}.
     * @return {@link #LENGTH}, the number of bytes written.
     * @throws IndexOutOfBoundsException when {@code dst} has fewer than {@link #LENGTH} bytes from {@code offset}.
     */
    public int encode(final byte[] dst, final int offset)
    {
        System.arraycopy(wire, 0, dst, offset, LENGTH);
        return LENGTH;
    }

    /**
     * Decode one command as the producer reads it.
     *
     * @param bytes  buffer holding what was read.
     * @param offset of the first byte.
     * @param length bytes read: {@link #LENGTH} for a complete command; fewer means the consumer
     *               closed in the middle of a command.
     * @return the command.
     * @throws XflProtocolException for a truncated command or an unknown first letter.
     */
    public static XflCommand decode(final byte[] bytes, final int offset, final int length)
    {
        if (length < LENGTH)
        {
            throw new XflProtocolException("truncated XFL command " + XflBytes.printable(bytes, offset, length) +
                " (" + length + " of " + LENGTH + " bytes before end of file): expected STAT, PEEK, NEXT or QUIT");
        }
        if (length > LENGTH)
        {
            throw new XflProtocolException("XFL command " + XflBytes.printable(bytes, offset, length) +
                " is " + length + " bytes: expected exactly " + LENGTH + " (STAT, PEEK, NEXT or QUIT)");
        }
        switch (bytes[offset])
        {
            case 'S': case 's': return STAT;
            case 'P': case 'p': return PEEK;
            case 'N': case 'n': return NEXT;
            case 'Q': case 'q': return QUIT;
            default:
                throw new XflProtocolException("malformed XFL command " + XflBytes.printable(bytes, offset, length) +
                    ": expected STAT, PEEK, NEXT or QUIT (4 bytes, dispatched on the first letter S, P, N or Q in any case)");
        }
    }
}
