package org.vmiucv.cli;

import org.agrona.DirectBuffer;
import org.vmiucv.engine.IucvMessage;
import org.vmiucv.engine.UserData;

/**
 * Renders payloads, user data and peer text for transcript lines: printable ASCII quoted, anything else as hex
 * or escaped, so nothing a peer sends can forge a line or drive the terminal.
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

    /**
     * Text from a peer (an SMSG, say) made safe for one transcript line: a control character, DEL or a byte past
     * ASCII cannot start a forged line or move the terminal's cursor. Newline, carriage return and tab become
     * {@code \n}, {@code \r}, {@code \t}; any other such character {@code \xNN} (ESC is {@code \x1b}); a
     * backslash is doubled, so an escape in the output always means the peer sent that character.
     *
     * @param text what the peer sent.
     * @return the text, escaped where needed (the same string when nothing needs it).
     */
    static String text(final CharSequence text)
    {
        final int n = text.length();
        int i = 0;
        while (i < n && isPlain(text.charAt(i)))
        {
            i++;
        }
        if (i == n)
        {
            return text.toString();
        }
        final StringBuilder sb = new StringBuilder(n + 16).append(text, 0, i);
        for (; i < n; i++)
        {
            final char c = text.charAt(i);
            if (isPlain(c))
            {
                sb.append(c);
            }
            else if (c == '\\')
            {
                sb.append("\\\\");
            }
            else if (c == '\n')
            {
                sb.append("\\n");
            }
            else if (c == '\r')
            {
                sb.append("\\r");
            }
            else if (c == '\t')
            {
                sb.append("\\t");
            }
            else if (c <= 0xFF)
            {
                sb.append("\\x").append(HEX[c >>> 4]).append(HEX[c & 0xF]);
            }
            else
            {
                sb.append(String.format("\\u%04x", (int)c));
            }
        }
        return sb.toString();
    }

    private static boolean isPlain(final char c)
    {
        return c >= 32 && c < 127 && c != '\\';
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
