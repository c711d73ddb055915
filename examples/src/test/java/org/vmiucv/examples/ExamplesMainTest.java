package org.vmiucv.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.vmiucv.engine.Supervisor;

/**
 * The {@code main} methods as a user runs them, and every example on one shared system.
 */
@Timeout(60)
class ExamplesMainTest
{
    interface Main
    {
        void main(String[] args) throws Exception;
    }

    static Stream<Arguments> mains()
    {
        return Stream.of(
            Arguments.of("HelloSmsg", (Main)HelloSmsg::main, "BOB      logged off"),
            Arguments.of("EchoServer", (Main)EchoServer::main, "-- CLIENT and ECHO are logged off"),
            Arguments.of("MultiMachinePipeline", (Main)MultiMachinePipeline::main,
                "-- PRODUCER, XFORM and SINK are logged off"),
            Arguments.of("ConnectionGating", (Main)ConnectionGating::main,
                "-- GATE, FRIEND and STRANGER are logged off"),
            Arguments.of("IucvChat", (Main)IucvChat::main, "-- ALICE, BOB and CAROL are logged off"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("mains")
    void mainPrintsTheWholeTranscriptToStdout(final String name, final Main main, final String lastLine)
        throws Exception
    {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        final PrintStream saved = System.out;
        System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        try
        {
            main.main(new String[0]);
        }
        finally
        {
            System.setOut(saved);
        }
        final List<String> lines = bytes.toString(StandardCharsets.UTF_8).lines().toList();
        assertTrue(lines.size() > 3, name + " printed " + lines);
        assertEquals(lastLine, lines.get(lines.size() - 1), name);
    }

    @Test
    void everyExampleRunsOnOneSharedSystemAndCleansUp() throws Exception
    {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (Supervisor cp = Supervisor.embedded();
            PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8))
        {
            HelloSmsg.run(cp, out);
            EchoServer.run(cp, out);
            MultiMachinePipeline.run(cp, out);
            ConnectionGating.run(cp, out);
            IucvChat.run(cp, out);
            HelloSmsg.run(cp, out);
            assertEquals(List.of(), cp.queryNames(), "machines left logged on");
            assertEquals(List.of(), cp.queryPaths(), "paths left behind");
        }
    }
}
