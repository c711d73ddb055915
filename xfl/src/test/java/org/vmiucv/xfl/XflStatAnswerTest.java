package org.vmiucv.xfl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class XflStatAnswerTest
{
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "12\\0|12", "0\\0|0", "12|12", "12\\n|12", "12\\r\\n|12", "  7 \\0|7",
        "DATA 5\\0|5", "data 5 3\\0|5", "DATA\\t5\\t99\\0|5", "OKAY 12\\0|12", "okay DATA 4 1\\0|4",
        "OKAY\\0|-1", "okay|-1", "0004096\\0|4096" })
    void acceptsTheByteExactFormAndTheDocumentedVariants(final String answer, final int expected)
    {
        assertEquals(expected, parse(unescape(answer), 1 << 20));
    }

    @Test
    void unparseableLengthNamesTheBytes()
    {
        final XflProtocolException ex = assertThrows(XflProtocolException.class, () -> parse("1x\0", 100));
        assertEquals("unparseable XFL STAT answer \"1x\\0\": expected a decimal record length followed by NUL, " +
            "\"DATA <length> [<seq>]\" or \"OKAY\"", ex.getMessage());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = { "-1\\0", "+1\\0", "\\0", "DATA\\0", "DATA x\\0", "DATA 1 2 3\\0",
        "12 7\\0", "1\\0\\0", "OKAY OKAY\\0", "\\xFF\\0" })
    void rejectsEverythingElse(final String answer)
    {
        assertThrows(XflProtocolException.class, () -> parse(unescape(answer), 100));
    }

    @Test
    void tooLongLengthNamesTheLengthAndTheMaximum()
    {
        final XflProtocolException ex = assertThrows(XflProtocolException.class, () -> parse("99999999\0", 1024));
        assertEquals("XFL record length 99999999 in STAT answer \"99999999\\0\" exceeds the maximum of 1024 bytes",
            ex.getMessage());
        assertThrows(XflProtocolException.class, () -> parse("99999999999999999999999999\0", Integer.MAX_VALUE));
    }

    @Test
    void failAnswerIsAProtocolError()
    {
        final XflProtocolException ex = assertThrows(XflProtocolException.class, () -> parse("FAIL 12\0", 100));
        assertEquals("XFL producer answered STAT with a failure \"FAIL 12\\0\": expected a record length", ex.getMessage());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = { "0|0\\0", "7|7\\0", "10|10\\0", "4095|4095\\0", "2147483647|2147483647\\0" })
    void formatsTheCFormAtTheOffset(final int length, final String expected)
    {
        final byte[] dst = new byte[2 + XflStatAnswer.MAX_FORMATTED_LENGTH];
        final int written = XflStatAnswer.format(length, dst, 2);
        final String answer = unescape(expected);
        assertEquals(answer.length(), written);
        assertEquals(answer, new String(dst, 2, written, java.nio.charset.StandardCharsets.ISO_8859_1));
        assertEquals(length, XflStatAnswer.parse(dst, 2, written, Integer.MAX_VALUE));
    }

    @Test
    void formatRejectsANegativeLength()
    {
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
            () -> XflStatAnswer.format(-1, new byte[XflStatAnswer.MAX_FORMATTED_LENGTH], 0));
        assertEquals("record length -1 is negative: a STAT answer holds 0 or more", ex.getMessage());
    }

    static int parse(final String s, final int max)
    {
        final byte[] b = s.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        return XflStatAnswer.parse(b, 0, b.length, max);
    }

    static String unescape(final String s)
    {
        return s.replace("\\0", "\0").replace("\\n", "\n").replace("\\r", "\r").replace("\\t", "\t")
            .replace("\\xFF", "\u00FF");
    }
}
