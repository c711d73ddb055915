package org.vmiucv.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class EchoServerTest
{
    @Test
    void smsgAnsweredBySmsgAndTwoWayMessagesByReply() throws Exception
    {
        final String transcript = Transcripts.capture(EchoServer::run);
        final List<String> lines = Transcripts.lines(transcript);

        assertTrue(lines.contains("CLIENT   SMSG from ECHO: ECHO ping"), transcript);
        assertTrue(lines.contains("CLIENT   SMSG from ECHO: ECHO are you there?"), transcript);

        // each reply carries the id of the message it answers, and the echoed payload
        final List<String> replies = lines.stream().filter(l -> l.startsWith("CLIENT   REPLY")).toList();
        assertEquals(List.of(
            "CLIENT   REPLY to message 1 (\"ping\"): \"echo: ping\"",
            "CLIENT   REPLY to message 2 (\"What is IUCV?\"): \"echo: What is IUCV?\"",
            "CLIENT   REPLY to message 3 (\"Inter-User Communication Vehicle\"): " +
                "\"echo: Inter-User Communication Vehicle\""), replies, transcript);
        assertFalse(transcript.contains("no REPLY"), transcript);
        assertTrue(transcript.contains("ECHO     path 0.1 severed, user data 'thanks'"), transcript);
    }
}
