package org.vmiucv.xfl.stage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.vmiucv.xfl.TestSupport.async;
import static org.vmiucv.xfl.TestSupport.await;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vmiucv.xfl.TestSupport;
import org.vmiucv.xfl.XflConsumer;
import org.vmiucv.xfl.XflContext;
import org.vmiucv.xfl.XflProducer;

/**
 * The stages on threads of this JVM, wired with real FIFOs (one FIFO pair per connector).
 */
class StagesTest
{
    @TempDir
    Path dir;

    private final List<TestSupport.FifoPair> fifos = new ArrayList<>();

    @AfterEach
    void deleteFifos() throws Exception
    {
        for (final TestSupport.FifoPair p : fifos)
        {
            p.delete();
        }
    }

    /** Result of one stage: exit status and what it printed. */
    record Ran(int rc, String stdout, String stderr) { }

    private TestSupport.Connected connect() throws Exception
    {
        final TestSupport.FifoPair pair = TestSupport.FifoPair.create(dir, "c" + fifos.size());
        fifos.add(pair);
        return TestSupport.Connected.open(pair, new XflContext(), new XflContext());
    }

    private static Future<Ran> start(final Stage stage, final String args, final XflConsumer in, final XflProducer out,
        final String stdin)
    {
        return start(stage, args, in == null ? List.of() : List.of(in), out == null ? List.of() : Arrays.asList(out), stdin);
    }

    private static Future<Ran> start(final Stage stage, final String args, final List<XflConsumer> inputs,
        final List<XflProducer> outputs, final String stdin)
    {
        return async(() ->
        {
            final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
            final ByteArrayOutputStream stderr = new ByteArrayOutputStream();
            final InputStream in = new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8));
            final int rc;
            try (StageContext context = StageContext.of(inputs, outputs, in,
                new PrintStream(stdout, true, StandardCharsets.UTF_8), new PrintStream(stderr, true, StandardCharsets.UTF_8)))
            {
                rc = stage.run(args, context);
            }
            return new Ran(rc, stdout.toString(StandardCharsets.UTF_8), stderr.toString(StandardCharsets.UTF_8));
        });
    }

    @Test
    void literalFeedsConsoleAndTrailingBlanksAreKept() throws Exception
    {
        final TestSupport.Connected a = connect();
        final Future<Ran> literal = start(new LiteralStage(), "hi  ", null, a.producer(), "");
        final Future<Ran> console = start(new ConsoleStage(), "", a.consumer(), null, "");
        assertEquals(new Ran(0, "", ""), await(literal));
        assertEquals(new Ran(0, "hi  \n", ""), await(console));
    }

    @Test
    void consoleReadsLinesReverseReversesConsolePrints() throws Exception
    {
        final TestSupport.Connected a = connect();
        final TestSupport.Connected b = connect();
        final Future<Ran> first = start(new ConsoleStage(), "", null, a.producer(), "abc\n\nx y\r\nlast");
        final Future<Ran> reverse = start(new ReverseStage(), "", a.consumer(), b.producer(), "");
        final Future<Ran> last = start(new ConsoleStage(), "", b.consumer(), null, "");
        assertEquals(new Ran(0, "cba\n\n\ry x\ntsal\n", ""), await(last));
        assertEquals(0, await(first).rc());
        assertEquals(0, await(reverse).rc());
    }

    @Test
    void countWritesTheRequestedCountsInOrder() throws Exception
    {
        final TestSupport.Connected a = connect();
        final TestSupport.Connected b = connect();
        final Future<Ran> first = start(new ConsoleStage(), "", null, a.producer(), "ab\n\n  xyz  w \n");
        final Future<Ran> count = start(new CountStage(), "lines CHARS words minline MAXLINE bytes", a.consumer(),
            b.producer(), "");
        final Future<Ran> last = start(new ConsoleStage(), "", b.consumer(), null, "");
        assertEquals(new Ran(0, "3 11 3 0 9 11\n", ""), await(last));
        assertEquals(0, await(count).rc());
        assertEquals(0, await(first).rc());
    }

    @Test
    void countWithSecondaryOutputPassesRecordsOnPrimary() throws Exception
    {
        final TestSupport.Connected a = connect();
        final TestSupport.Connected primary = connect();
        final TestSupport.Connected secondary = connect();
        final Future<Ran> literal = start(new LiteralStage(), "one record", null, a.producer(), "");
        final Future<Ran> count = start(new CountStage(), "l", List.of(a.consumer()),
            List.of(primary.producer(), secondary.producer()), "");
        final Future<Ran> passed = start(new ConsoleStage(), "", primary.consumer(), null, "");
        final Future<Ran> counted = start(new ConsoleStage(), "", secondary.consumer(), null, "");
        assertEquals("one record\n", await(passed).stdout());
        assertEquals("1\n", await(counted).stdout());
        assertEquals(0, await(count).rc());
        assertEquals(0, await(literal).rc());
    }

    @Test
    void countRejectsMissingAndUnknownOperands() throws Exception
    {
        final TestSupport.Connected a = connect();
        final String allowed = "expected one or more of CHARACTERS, CHARS, BYTES, WORDS, LINES, RECORDS, MINLINE, MAXLINE";
        assertEquals(new Ran(1, "", "iucv stage count: missing operand: " + allowed + "\n"),
            await(start(new CountStage(), "  ", null, a.producer(), "")));
        final TestSupport.Connected b = connect();
        assertEquals(new Ran(1, "", "iucv stage count: unknown operand \"m\": " + allowed + "\n"),
            await(start(new CountStage(), "lines m", null, b.producer(), "")));
        a.consumer().sever();
        b.consumer().sever();
    }

    @Test
    void holeConsumesEverythingAndSeversItsOutput() throws Exception
    {
        final TestSupport.Connected a = connect();
        final TestSupport.Connected b = connect();
        final Future<Ran> first = start(new ConsoleStage(), "", null, a.producer(), "1\n2\n3\n");
        final Future<Ran> hole = start(new HoleStage(), "", a.consumer(), b.producer(), "");
        final Future<Ran> last = start(new ConsoleStage(), "", b.consumer(), null, "");
        assertEquals(new Ran(0, "", ""), await(last));
        assertEquals(new Ran(0, "", ""), await(hole));
        assertEquals(0, await(first).rc());
    }

    @Test
    void downstreamSeverStopsLiteralCleanly() throws Exception
    {
        final TestSupport.Connected a = connect();
        final TestSupport.Connected b = connect();
        a.consumer().sever(); // nobody wants literal's output
        final Future<Ran> literal = start(new LiteralStage(), "x", b.consumer(), a.producer(), "");
        final Future<Ran> upstream = start(new ConsoleStage(), "", null, b.producer(), "never read\n");
        assertEquals(0, await(literal).rc());
        assertEquals(0, await(upstream).rc(), "literal severed its input, so upstream ends too");
    }

    @Test
    void unknownStageIsExitOneWithTheKnownNames()
    {
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final int rc = StageMain.run("frobnicate", "", Map.of(), InputStream.nullInputStream(),
            new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(1, rc);
        assertEquals("iucv stage: unknown stage \"frobnicate\"; known stages: console, count, hole, literal, reverse\n",
            err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void badPipeConnAndClosedFdsAreExitOne()
    {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int rc = StageMain.run("LITERAL", "x", Map.of("PIPECONN", "*.OUTPUT.0:7"), InputStream.nullInputStream(),
            new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(1, rc);
        assertEquals("iucv stage literal: PIPECONN token 1 \"*.OUTPUT.0:7\": has no ',' between data fd and ctrl fd; " +
            "expected *.INPUT.<n>:<datafd>,<ctrlfd> or *.OUTPUT.<n>:<datafd>,<ctrlfd>\n", err.toString(StandardCharsets.UTF_8));

        err = new ByteArrayOutputStream();
        rc = StageMain.run("console", "", Map.of("PIPECONN", "*.INPUT.0:987,988"), InputStream.nullInputStream(),
            new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(1, rc);
        assertEquals("iucv stage console: file descriptor 987 is not open in this process (pid " +
            ProcessHandle.current().pid() + "): the launcher must pass it open\n", err.toString(StandardCharsets.UTF_8));

        err = new ByteArrayOutputStream();
        rc = StageMain.run("console", "", Map.of(), InputStream.nullInputStream(),
            new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(1, rc);
        assertEquals("iucv stage console: no stream is connected: PIPECONN needs *.INPUT.0 or *.OUTPUT.0\n",
            err.toString(StandardCharsets.UTF_8));
    }
}
