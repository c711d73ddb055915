package org.vmiucv.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class IucvChatTest
{
    @Test
    void chatWithQuiesceResumeAndSever() throws Exception
    {
        final String transcript = Transcripts.capture(IucvChat::run);
        final List<String> lines = Transcripts.lines(transcript);

        assertEquals(List.of(
            "BOB      <ALICE> Hi Bob!",
            "ALICE    <BOB> Hi Alice, how are you?",
            "CAROL    <ALICE> Carol, are you there?",
            "ALICE    <CAROL> Here! Hello Alice.",
            "CAROL    <ALICE> Bob stepped away.",
            "BOB      <ALICE> Welcome back, Bob!"),
            lines.stream().filter(l -> l.contains(" <")).toList(), transcript);

        final int quiesced = lines.indexOf("ALICE    BOB quiesced path 0.1, user data 'brb'");
        final int refused = lines.indexOf("ALICE    SEND \"Bob?\" on 0.1 -> path quiesced (IUCV RC 2)");
        final int resumed = lines.indexOf("ALICE    BOB resumed path 0.1, user data 'back'");
        assertTrue(quiesced >= 0 && quiesced < refused && refused < resumed, transcript);
        assertTrue(lines.indexOf("BOB      <ALICE> Welcome back, Bob!") > resumed, transcript);

        assertTrue(lines.contains("BOB      ALICE severed path 0.1, user data 'bye bob'"), transcript);
        assertTrue(lines.contains("CAROL    ALICE severed path 1.1, user data 'bye carol'"), transcript);
    }
}
