package org.vmiucv.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/**
 * {@code iucv send} and {@code iucv ping} against {@code iucv ipl ECHO --handler echo} (issue 13, item 5): each
 * logs on a machine of its own, connects, sends two-way, and leaves nothing behind.
 */
class SendPingTest
{
    @Test
    void sendPrintsTheReplyAndPingPrintsPercentilesAndNeitherLeavesAMachine() throws Exception
    {
        try (CliSystem sys = new CliSystem("SP"))
        {
            sys.startSupervisor();
            sys.ipl("ECHO", "echo");

            final CliProcess.Result send = sys.iucv("send", "echo", "hello", "-from", "the", "shell");
            assertEquals(0, send.status(), send::toString);
            assertEquals("hello -from the shell\n", send.out(), send::toString);
            assertTrue(Pattern.compile("SEND \\$CL[0-9A-Z]{1,5} -> ECHO on path \\d+\\.\\d+: 21 bytes, REPLY 21 " +
                "characters in [0-9.]+ us; path severed, \\$CL[0-9A-Z]{1,5} logged off").matcher(send.err()).find(),
                send::toString);

            final CliProcess.Result named = sys.iucv("send", "ECHO", "x", "--as", "ME1");
            assertEquals(0, named.status(), named::toString);
            assertTrue(named.err().startsWith("SEND ME1 -> ECHO"), named::toString);

            final CliProcess.Result ping = sys.iucv("ping", "ECHO", "-n", "50", "--size", "100");
            assertEquals(0, ping.status(), ping::toString);
            assertTrue(ping.out().startsWith("PING ECHO from $CL"), ping::toString);
            final Matcher m = Pattern.compile("50 round trips in [0-9.]+ ms: min ([0-9.]+) us, p50 ([0-9.]+) us, " +
                "p90 ([0-9.]+) us, p99 ([0-9.]+) us, max ([0-9.]+) us").matcher(ping.out());
            assertTrue(m.find(), ping::toString);
            for (int g = 1; g < 5; g++)
            {
                assertTrue(Double.parseDouble(m.group(g)) <= Double.parseDouble(m.group(g + 1)), ping::toString);
            }

            final CliProcess.Result nobody = sys.iucv("send", "NOBODY", "hi", "--as", "ME2");
            assertEquals(12, nobody.status(), nobody::toString);
            assertTrue(nobody.err().startsWith("DMSIUC012E"), nobody::toString);

            final CliProcess.Result names = sys.iucv("query", "names");
            assertEquals(0, names.status(), names::toString);
            assertEquals(1, names.out().lines().count(), () -> "only ECHO stays logged on: " + names);
            assertTrue(names.out().startsWith("ECHO ") && names.out().contains("sent=52 received=52"),
                names::toString);
            final CliProcess.Result paths = sys.iucv("query", "paths");
            assertTrue(paths.out().contains("no paths"), paths::toString);
            assertFalse(names.out().contains("$CL"), names::toString);
        }
    }
}
