package org.vmiucv.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class HelloSmsgTest
{
    @Test
    void bobPrintsAlicesSmsg() throws Exception
    {
        final String transcript = Transcripts.capture(HelloSmsg::run);
        final var lines = Transcripts.lines(transcript);

        assertTrue(lines.contains("BOB      SMSG from ALICE: Hello, BOB! This is ALICE."), transcript);
        assertEquals(1, lines.stream().filter(l -> l.contains("SMSG from")).count(), transcript);
        assertTrue(lines.indexOf("ALICE    SMSG BOB Hello, BOB! This is ALICE.") <
            lines.indexOf("ALICE    logged off"), transcript);
        assertEquals("BOB      logged off", lines.get(lines.size() - 1), transcript);
    }
}
