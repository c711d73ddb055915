package org.vmiucv.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class MultiMachinePipelineTest
{
    private static final int RECORDS = 200;

    @Test
    void everyRecordArrivesUpperCasedAndInOrderDespiteMsglim() throws Exception
    {
        final String transcript = Transcripts.capture((cp, out) -> MultiMachinePipeline.run(cp, out, RECORDS));
        final List<String> lines = Transcripts.lines(transcript);

        final List<String> atSink = lines.stream()
            .filter(l -> l.startsWith("SINK     "))
            .map(l -> l.substring("SINK     ".length()))
            .toList();
        final String[] phrases = {"THE QUICK BROWN FOX", "JUMPS OVER", "THE LAZY DOG", "IPL CMS", "QUERY NAMES",
            "SMSG OPERATOR HELLO", "CONNECT TO THE SPOOL", "MESSAGE PENDING INTERRUPT"};
        final List<String> expected = new ArrayList<>();
        for (int i = 1; i <= RECORDS; i++)
        {
            expected.add(String.format("RECORD %03d OF %d: %s", i, RECORDS, phrases[(i - 1) % phrases.length]));
        }
        assertEquals(expected, atSink);

        // the limit was really reached at both stages, and every refused record was retried, none lost
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("PRODUCER record ") &&
            l.contains("held: message limit exceeded (IUCV RC 3)")), transcript);
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("XFORM    ") &&
            l.contains("held: message limit exceeded (IUCV RC 3)")), transcript);
        assertTrue(lines.contains("PRODUCER all " + RECORDS + " records answered"), transcript);
        assertTrue(lines.contains("-- SINK got all " + RECORDS + " records, upper-cased and in order"), transcript);
    }
}
