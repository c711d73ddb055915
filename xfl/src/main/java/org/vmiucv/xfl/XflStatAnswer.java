package org.vmiucv.xfl;

/**
 * Formatter and parser for the producer's answer to {@code STAT}.
 *
 * <p>The C implementation answers with the record length in ASCII decimal followed by one NUL,
 * e.g. {@code 12\0}. The protocol page also documents {@code DATA <bytes> [<seq>]} and an
 * {@code OKAY} answer; to interoperate with such peers this parser accepts, case-insensitively,
 * with blanks or tabs between tokens:
 *
 * <pre>
 *   answer      = [ "OKAY" ] description terminator   ; OKAY before a description is ignored
 *               | "OKAY" terminator                  ; a bare acknowledgement: read the next answer
 *   description = length | "DATA" length [ seq ]
 *   terminator  = NUL | LF | CR LF | nothing         ; one only; nothing = the answer ended with its write
 *   length, seq = 1*DIGIT                            ; plain ASCII digits, no sign
 * </pre>
 *
 * <p>{@code FAIL <code>} and anything else are protocol errors. The parser allocates nothing
 * unless it throws.
 */
public final class XflStatAnswer
{
    /** Returned by {@link #parse} for a bare {@code OKAY}: no description yet, read the next answer. */
    public static final int OKAY = -1;

    /** Longest answer {@link #format} writes: ten digits and the NUL. */
    public static final int MAX_FORMATTED_LENGTH = 11;

    private static final String EXPECTED =
        ": expected a decimal record length followed by NUL, \"DATA <length> [<seq>]\" or \"OKAY\"";

    private XflStatAnswer()
    {
    }

    /**
     * Format the answer a producer sends to {@code STAT}, in the C form: the record length in ASCII
     * decimal, no sign, no leading zeros, followed by one NUL (e.g. {@code 12\0}). Allocates nothing.
     *
     * @param recordLength the pending record's length, zero or more.
     * @param dst          where the answer goes; up to {@link #MAX_FORMATTED_LENGTH} bytes from {@code offset}.
     * @param offset       of the first byte in {@code dst}.
     * @return the number of bytes written, the NUL included.
     * @throws IllegalArgumentException  when {@code recordLength} is negative.
     * @throws IndexOutOfBoundsException when {@code dst} is too short for the answer.
     */
    public static int format(final int recordLength, final byte[] dst, final int offset)
    {
        if (recordLength < 0)
        {
            throw new IllegalArgumentException("record length " + recordLength +
                " is negative: a STAT answer holds 0 or more");
        }
        int digits = 1;
        for (int v = recordLength; v >= 10; v /= 10)
        {
            digits++;
        }
        int v = recordLength;
        for (int i = offset + digits - 1; i >= offset; i--)
        {
            dst[i] = (byte)('0' + v % 10);
            v /= 10;
        }
        dst[offset + digits] = 0;
        return digits + 1;
    }

    /**
     * Parse one complete STAT answer.
     *
     * @param bytes           buffer holding the answer, terminator included if one was received.
     * @param offset          of the first byte.
     * @param length          of the answer in bytes.
     * @param maxRecordLength the largest record length allowed.
     * @return the record length (zero or more), or {@link #OKAY}.
     * @throws XflProtocolException naming the received bytes when the answer is not allowed.
     */
    public static int parse(final byte[] bytes, final int offset, final int length, final int maxRecordLength)
    {
        int end = offset + length;
        if (end > offset && (bytes[end - 1] == 0 || bytes[end - 1] == '\n'))
        {
            end--;
            if (bytes[end] == '\n' && end > offset && bytes[end - 1] == '\r')
            {
                end--;
            }
        }

        int pos = skipBlanks(bytes, offset, end);
        int tokenEnd = tokenEnd(bytes, pos, end);
        if (isWord(bytes, pos, tokenEnd, "OKAY"))
        {
            pos = skipBlanks(bytes, tokenEnd, end);
            if (pos == end)
            {
                return OKAY;
            }
            tokenEnd = tokenEnd(bytes, pos, end);
        }
        if (isWord(bytes, pos, tokenEnd, "FAIL"))
        {
            throw new XflProtocolException("XFL producer answered STAT with a failure " +
                XflBytes.printable(bytes, offset, length) + ": expected a record length");
        }
        if (isWord(bytes, pos, tokenEnd, "DATA"))
        {
            pos = skipBlanks(bytes, tokenEnd, end);
            tokenEnd = tokenEnd(bytes, pos, end);
            final int recordLength = digits(bytes, pos, tokenEnd, offset, length, maxRecordLength);
            pos = skipBlanks(bytes, tokenEnd, end);
            if (pos < end)
            {
                tokenEnd = tokenEnd(bytes, pos, end);
                digits(bytes, pos, tokenEnd, offset, length, Integer.MAX_VALUE); // sequence: validated, not used
                pos = skipBlanks(bytes, tokenEnd, end);
            }
            requireEnd(pos, end, bytes, offset, length);
            return recordLength;
        }
        final int recordLength = digits(bytes, pos, tokenEnd, offset, length, maxRecordLength);
        requireEnd(skipBlanks(bytes, tokenEnd, end), end, bytes, offset, length);
        return recordLength;
    }

    private static void requireEnd(final int pos, final int end, final byte[] bytes, final int offset, final int length)
    {
        if (pos != end)
        {
            throw unparseable(bytes, offset, length);
        }
    }

    private static int digits(
        final byte[] bytes, final int from, final int to, final int offset, final int length, final int max)
    {
        if (from == to)
        {
            throw unparseable(bytes, offset, length);
        }
        long value = 0;
        for (int i = from; i < to; i++)
        {
            final int b = bytes[i];
            if (b < '0' || b > '9')
            {
                throw unparseable(bytes, offset, length);
            }
            value = Math.min(value * 10 + (b - '0'), 1L << 40);
        }
        if (value > max)
        {
            throw new XflProtocolException("XFL record length " +
                new String(bytes, from, to - from, java.nio.charset.StandardCharsets.US_ASCII) + " in STAT answer " +
                XflBytes.printable(bytes, offset, length) + " exceeds the maximum of " + max + " bytes");
        }
        return (int)value;
    }

    private static XflProtocolException unparseable(final byte[] bytes, final int offset, final int length)
    {
        return new XflProtocolException("unparseable XFL STAT answer " + XflBytes.printable(bytes, offset, length) +
            EXPECTED);
    }

    private static boolean isWord(final byte[] bytes, final int from, final int to, final String word)
    {
        if (to - from != word.length())
        {
            return false;
        }
        for (int i = 0; i < word.length(); i++)
        {
            if ((bytes[from + i] & 0xDF) != word.charAt(i))
            {
                return false;
            }
        }
        return true;
    }

    private static int skipBlanks(final byte[] bytes, final int from, final int end)
    {
        int i = from;
        while (i < end && (bytes[i] == ' ' || bytes[i] == '\t'))
        {
            i++;
        }
        return i;
    }

    private static int tokenEnd(final byte[] bytes, final int from, final int end)
    {
        int i = from;
        while (i < end && bytes[i] != ' ' && bytes[i] != '\t')
        {
            i++;
        }
        return i;
    }
}
