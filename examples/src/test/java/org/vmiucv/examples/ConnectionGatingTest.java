package org.vmiucv.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class ConnectionGatingTest
{
    @Test
    void allowedCallerConnectsOtherIsRefusedWithRc40() throws Exception
    {
        final String transcript = Transcripts.capture(ConnectionGating::run);
        final List<String> lines = Transcripts.lines(transcript);

        assertTrue(lines.contains("FRIEND   path 0.1 to GATE complete, ACCEPT user data 'welcome'"), transcript);
        assertTrue(lines.contains("FRIEND   CONNECT GATE -> path 0.1 established"), transcript);
        assertTrue(lines.contains("GATE     pending connection 1.1 from STRANGER (user data 'let me in'): " +
            "REFUSE, not on the allowlist"), transcript);
        assertTrue(lines.contains(
            "STRANGER CONNECT GATE -> RC=40 DMSIUC040E Connection refused: target GATE refused the connection"),
            transcript);
        // the refusal leaves no path behind
        assertEquals(List.of("-- QUERY PATHS: 0.1 FRIEND -> GATE ESTABLISHED"),
            lines.stream().filter(l -> l.startsWith("-- QUERY PATHS")).toList(), transcript);
    }
}
