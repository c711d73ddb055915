package org.vmiucv.xfl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.vmiucv.xfl.TestSupport.ascii;

import org.junit.jupiter.api.Test;

class XflCommandTest
{
    @Test
    void wireBytesAreExactlyFourAsciiLettersWithoutTerminator()
    {
        assertArrayEquals(ascii("STAT"), XflCommand.STAT.wireBytes());
        assertArrayEquals(ascii("PEEK"), XflCommand.PEEK.wireBytes());
        assertArrayEquals(ascii("NEXT"), XflCommand.NEXT.wireBytes());
        assertArrayEquals(ascii("QUIT"), XflCommand.QUIT.wireBytes());
    }

    @Test
    void encodeWritesTheWireBytesAtTheOffsetAndDecodesBack()
    {
        for (final XflCommand cmd : XflCommand.values())
        {
            final byte[] dst = new byte[3 + XflCommand.LENGTH];
            assertEquals(XflCommand.LENGTH, cmd.encode(dst, 3));
            assertArrayEquals(cmd.wireBytes(), java.util.Arrays.copyOfRange(dst, 3, 3 + XflCommand.LENGTH));
            assertEquals(cmd, XflCommand.decode(dst, 3, XflCommand.LENGTH));
        }
    }

    @Test
    void dispatchesOnFirstLetterInAnyCase()
    {
        assertEquals(XflCommand.STAT, decode("stat"));
        assertEquals(XflCommand.STAT, decode("Sxyz"));
        assertEquals(XflCommand.PEEK, decode("peek"));
        assertEquals(XflCommand.NEXT, decode("nExT"));
        assertEquals(XflCommand.QUIT, decode("q\0\0\0"));
    }

    @Test
    void malformedCommandNamesTheBytes()
    {
        final XflProtocolException ex = assertThrows(XflProtocolException.class, () -> decode("XYZ\n"));
        assertEquals("malformed XFL command \"XYZ\\n\": expected STAT, PEEK, NEXT or QUIT " +
            "(4 bytes, dispatched on the first letter S, P, N or Q in any case)", ex.getMessage());
    }

    @Test
    void truncatedCommandNamesTheBytes()
    {
        final XflProtocolException ex = assertThrows(XflProtocolException.class, () -> decode("ST"));
        assertEquals("truncated XFL command \"ST\" (2 of 4 bytes before end of file): expected STAT, PEEK, NEXT or QUIT",
            ex.getMessage());
    }

    @Test
    void printableEscapesControlAndHighBytes()
    {
        assertEquals("\"a\\0\\xFF\\\"\\\\\"", XflBytes.printable(new byte[] {'a', 0, (byte)0xFF, '"', '\\'}));
        assertEquals("\"" + "x".repeat(64) + "\"... (70 bytes)", XflBytes.printable(ascii("x".repeat(70))));
    }

    private static XflCommand decode(final String s)
    {
        final byte[] b = ascii(s);
        return XflCommand.decode(b, 0, b.length);
    }
}
