package org.vmiucv.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code iucv stage}: its arguments reach the stage exactly (trailing blanks, option-like words), shown with
 * {@code literal} feeding {@code console} over two FIFO connectors, each stage in its own JVM.
 */
class StageCommandTest
{
    @TempDir
    Path dir;

    private String pipe(final List<String> literalArgs) throws Exception
    {
        final Path data = dir.resolve("a.data");
        final Path ctrl = dir.resolve("a.ctrl");
        for (final Path fifo : List.of(data, ctrl))
        {
            final Process mk = new ProcessBuilder("mkfifo", fifo.toString()).start();
            assertEquals(0, mk.waitFor());
        }
        final List<String> literal = new ArrayList<>(List.of("sh", "-c",
            "exec \"$@\" 5>'" + data + "' 6<'" + ctrl + "'", "sh"));
        final List<String> stage = new ArrayList<>(List.of("stage", "literal"));
        stage.addAll(literalArgs);
        literal.addAll(CliProcess.command(stage));
        final List<String> console = new ArrayList<>(List.of("sh", "-c",
            "exec \"$@\" 5<'" + data + "' 6>'" + ctrl + "'", "sh"));
        console.addAll(CliProcess.command(List.of("stage", "console")));
        final CliProcess producer = CliProcess.start(dir, Map.of("PIPECONN", "*.OUTPUT.0:5,6"), literal);
        final CliProcess consumer = CliProcess.start(dir, Map.of("PIPECONN", "*.INPUT.0:5,6"), console);
        try
        {
            final CliProcess.Result c = consumer.await(30_000);
            final CliProcess.Result p = producer.await(30_000);
            assertEquals(0, c.status(), c::toString);
            assertEquals(0, p.status(), p::toString);
            return c.out();
        }
        finally
        {
            producer.kill();
            consumer.kill();
            Files.deleteIfExists(data);
            Files.deleteIfExists(ctrl);
        }
    }

    @Test
    void literalKeepsATrailingBlank() throws Exception
    {
        assertEquals("hi \n", pipe(List.of("hi ")));
    }

    @Test
    void argumentsThatLookLikeOptionsBelongToTheStage() throws Exception
    {
        assertEquals("--system  x -h\n", pipe(List.of("--system", " x", "-h")));
    }

    @Test
    void unknownStageExits1() throws Exception
    {
        final CliProcess.Result r = CliProcess.run(dir, 30_000, "stage", "nosuchstage");
        assertEquals(1, r.status(), r::toString);
        assertEquals("iucv stage: unknown stage \"nosuchstage\"; known stages: console, count, hole, literal, reverse",
            r.err().strip(), r::toString);
        assertEquals("", r.out(), "nothing on stdout: " + r);
    }
}
