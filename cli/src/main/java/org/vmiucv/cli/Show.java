package org.vmiucv.cli;

import org.agrona.DirectBuffer;
import org.vmiucv.engine.IucvMessage;
import org.vmiucv.engine.UserData;

/**
 * Renders payloads and user data for transcript lines: printable ASCII quoted, anything else as hex.
 */
final class Show
{
    private static final int MAX_SHOWN = 60;
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private Show()
    {
    }

    /**
     * @param message a received message.
     * @return its payload for a transcript line.
     */
    static String payload(final IucvMessage message)
    {
        return bytes(message.buffer(), message.offset(), message.length());
    }

    /**
     * @param userData user data.
     * @return "none" when all zero, else the text or hex.
     */
    static String userData(final UserData userData)
    {
        if (userData.isEmpty())
        {
            return "none";
        }
        final byte[] b = userData.toByteArray();
        int end = b.length;
        while (end > 0 && b[end - 1] == 0)
        {
            end--;
        }
        return bytes(new org.agrona.concurrent.UnsafeBuffer(b), 0, end);
    }

    static String bytes(final DirectBuffer buffer, final int offset, final int length)
    {
        boolean printable = true;
        for (int i = 0; i < length && printable; i++)
        {
            final byte c = buffer.getByte(offset + i);
            printable = c >= 32 && c < 127;
        }
        final int shown = Math.min(length, MAX_SHOWN);
        final StringBuilder sb = new StringBuilder(shown * 2 + 8);
        if (printable)
        {
            sb.append('\'');
            for (int i = 0; i < shown; i++)
            {
                sb.append((char)buffer.getByte(offset + i));
            }
            sb.append('\'');
        }
        else
        {
            sb.append("x'");
            for (int i = 0; i < shown; i++)
            {
                final int c = buffer.getByte(offset + i) & 0xFF;
                sb.append(HEX[c >>> 4]).append(HEX[c & 0xF]);
            }
            sb.append('\'');
        }
        if (shown < length)
        {
            sb.append("... (").append(length).append(" bytes)");
        }
        return sb.toString();
    }
}
