package org.vmiucv.xfl.stage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PipeConnTest
{
    private static final String FORM =
        "expected *.INPUT.<n>:<datafd>,<ctrlfd> or *.OUTPUT.<n>:<datafd>,<ctrlfd>";

    @Test
    void parsesTheLaunchersTokensIncludingItsTrailingBlank()
    {
        final PipeConn pc = PipeConn.parse("*.INPUT.0:3,6 *.OUTPUT.0:7,4 *.OUTPUT.1:9,8 ");
        assertEquals(new PipeConn.Connector(PipeConn.Direction.INPUT, 0, 3, 6), pc.input(0));
        assertEquals(new PipeConn.Connector(PipeConn.Direction.OUTPUT, 0, 7, 4), pc.output(0));
        assertEquals(new PipeConn.Connector(PipeConn.Direction.OUTPUT, 1, 9, 8), pc.output(1));
        assertNull(pc.input(1));
        assertEquals("*.INPUT.0:3,6 *.OUTPUT.0:7,4 *.OUTPUT.1:9,8", pc.toString());
    }

    @Test
    void absentOrBlankMeansNoConnectors()
    {
        assertTrue(PipeConn.parse(null).inputs().isEmpty());
        assertTrue(PipeConn.parse("   ").outputs().isEmpty());
    }

    @Test
    void directionInAnyCaseAndStreamsSorted()
    {
        final PipeConn pc = PipeConn.parse("*.output.1:5,6  *.Output.0:7,8");
        assertEquals(0, pc.outputs().get(0).stream());
        assertEquals(7, pc.outputs().get(0).dataFd());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "INPUT.0:3,4|PIPECONN token 1 \"INPUT.0:3,4\": does not start with \"*.\"; " + FORM,
        "*.INPUT.0|PIPECONN token 1 \"*.INPUT.0\": has no ':' before the fds; " + FORM,
        "*.INPUT:3,4|PIPECONN token 1 \"*.INPUT:3,4\": has no stream number after \"INPUT\"; " + FORM,
        "*.SIDEWAYS.0:3,4|PIPECONN token 1 \"*.SIDEWAYS.0:3,4\": direction \"SIDEWAYS\" is not INPUT or OUTPUT; " + FORM,
        "*.INPUT.x:3,4|PIPECONN token 1 \"*.INPUT.x:3,4\": stream number \"x\" is not a decimal number of 1 to 9 digits; " + FORM,
        "*.INPUT.0:3|PIPECONN token 1 \"*.INPUT.0:3\": has no ',' between data fd and ctrl fd; " + FORM,
        "*.INPUT.0:3,|PIPECONN token 1 \"*.INPUT.0:3,\": ctrl fd \"\" is not a decimal number of 1 to 9 digits; " + FORM,
        "*.INPUT.0:-3,4|PIPECONN token 1 \"*.INPUT.0:-3,4\": data fd \"-3\" is not a decimal number of 1 to 9 digits; " + FORM,
        "*.INPUT.0:4,4|PIPECONN token 1 \"*.INPUT.0:4,4\": data fd and ctrl fd are both 4: a connector needs two pipes",
        "*.INPUT.0:3,4 *.INPUT.0:5,6|PIPECONN token 2 \"*.INPUT.0:5,6\": stream INPUT.0 is already defined by \"*.INPUT.0:3,4\"",
        "*.INPUT.0:3,4 *.OUTPUT.0:4,6|PIPECONN token 2 \"*.OUTPUT.0:4,6\": fd 4 is already used by another connector: every connector needs its own two fds",
    })
    void malformedTokensGetAClearMessage(final String value, final String message)
    {
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, () -> PipeConn.parse(value));
        assertEquals(message, ex.getMessage());
    }
}
