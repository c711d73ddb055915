package org.vmiucv.examples;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.vmiucv.engine.Supervisor;

/**
 * Runs an example on a fresh embedded system and returns what it printed.
 */
final class Transcripts
{
    /** An example's {@code run} method. */
    interface Example
    {
        void run(Supervisor cp, PrintStream out) throws Exception;
    }

    private Transcripts()
    {
    }

    static String capture(final Example example) throws Exception
    {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (Supervisor cp = Supervisor.embedded();
            PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8))
        {
            example.run(cp, out);
        }
        final String transcript = bytes.toString(StandardCharsets.UTF_8);
        System.out.print(transcript);
        return transcript;
    }

    static List<String> lines(final String transcript)
    {
        return transcript.lines().toList();
    }
}
