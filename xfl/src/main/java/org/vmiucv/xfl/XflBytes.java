package org.vmiucv.xfl;

/**
 * Printable escapes of protocol bytes for error messages.
 */
public final class XflBytes
{
    /** At most this many bytes are shown; longer inputs end with a note of their length. */
    public static final int MAX_SHOWN_BYTES = 64;

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private XflBytes()
    {
    }

    /**
     * Escape bytes as a double-quoted Java-like string: printable ASCII as is, {@code \0},
     * {@code \n}, {@code \r}, {@code \t}, {@code \\}, {@code \"}, everything else {@code \xHH}.
     *
     * @param bytes  the bytes.
     * @param offset of the first byte.
     * @param length number of bytes.
     * @return e.g. {@code "12\0"}, with a {@code ... (N bytes)} suffix past {@link #MAX_SHOWN_BYTES}.
     */
    public static String printable(final byte[] bytes, final int offset, final int length)
    {
        final int shown = Math.min(length, MAX_SHOWN_BYTES);
        final StringBuilder sb = new StringBuilder(shown + 16).append('"');
        for (int i = 0; i < shown; i++)
        {
            final int b = bytes[offset + i] & 0xFF;
            switch (b)
            {
                case 0: sb.append("\\0"); break;
                case '\n': sb.append("\\n"); break;
                case '\r': sb.append("\\r"); break;
                case '\t': sb.append("\\t"); break;
                case '\\': sb.append("\\\\"); break;
                case '"': sb.append("\\\""); break;
                default:
                    if (b >= 0x20 && b < 0x7F)
                    {
                        sb.append((char)b);
                    }
                    else
                    {
                        sb.append("\\x").append(HEX[b >>> 4]).append(HEX[b & 0xF]);
                    }
            }
        }
        sb.append('"');
        if (length > shown)
        {
            sb.append("... (").append(length).append(" bytes)");
        }
        return sb.toString();
    }

    /**
     * @param bytes all of them are escaped.
     * @return see {@link #printable(byte[], int, int)}.
     */
    public static String printable(final byte[] bytes)
    {
        return printable(bytes, 0, bytes.length);
    }
}
