package org.vmiucv.xfl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.vmiucv.xfl.TestSupport.async;
import static org.vmiucv.xfl.TestSupport.await;
import static org.vmiucv.xfl.TestSupport.q;

import java.io.BufferedReader;
import java.io.FileInputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Future;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.vmiucv.xfl.stage.StageMain;

/**
 * Stages in child JVMs with connectors inherited as fd numbers through {@code PIPECONN}: a shell
 * opens the FIFOs as fds 5..8 and execs java, exactly as a launcher passes pipe ends.
 */
class ChildJvmTest
{
    private static final String OPEN_JAVA_IO = "--add-opens=java.base/java.io=ALL-UNNAMED";
    private static final String OPEN_MISC = "--add-opens=java.base/jdk.internal.misc=ALL-UNNAMED";

    @TempDir
    Path dir;

    private final List<Process> processes = new ArrayList<>();
    private final List<TestSupport.FifoPair> fifos = new ArrayList<>();

    @AfterEach
    void killAndDelete() throws Exception
    {
        processes.forEach(TestSupport::kill);
        for (final TestSupport.FifoPair p : fifos)
        {
            p.delete();
        }
    }

    private Process start(final List<String> command, final String pipeConn) throws Exception
    {
        final ProcessBuilder pb = new ProcessBuilder(command);
        if (pipeConn != null)
        {
            pb.environment().put("PIPECONN", pipeConn);
        }
        final Process p = pb.start();
        processes.add(p);
        p.getOutputStream().close();
        return p;
    }

    private static List<String> stage(final String flag, final String name, final String args)
    {
        final List<String> cmd = TestSupport.javaCommand(flag);
        cmd.add(StageMain.class.getName());
        cmd.add(name);
        if (args != null)
        {
            cmd.add(args);
        }
        return cmd;
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({ OPEN_JAVA_IO + ",reflection", OPEN_MISC + ",agrona-unsafe" })
    void closingAWrappedInheritedFdGivesThePeerEndOfFileWhileTheChildLives(final String flag, final String strategy)
        throws Exception
    {
        final Path fifo = Fifos.create(dir.resolve("probe"));
        try
        {
            final List<String> java = TestSupport.javaCommand(flag);
            java.add(FdCloseProbe.class.getName());
            java.add("5");
            final Process child = start(TestSupport.withRedirections("5>" + q(fifo.toFile()), java), null);
            final FileInputStream in = await(async(() -> new FileInputStream(fifo.toFile())));
            try (in)
            {
                assertEquals(Integer.valueOf('x'), await(async(in::read)));
                assertEquals(Integer.valueOf(-1), await(async(in::read)), "EOF: the child really closed fd 5");
            }
            final BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
            assertEquals("closed " + strategy, await(async(out::readLine)));
            assertTrue(child.isAlive(), "the EOF came from close(), not from the process exiting");
        }
        finally
        {
            java.nio.file.Files.deleteIfExists(fifo);
        }
    }

    @Test
    void withoutEitherFlagTheErrorNamesTheFlag() throws Exception
    {
        final Path fifo = Fifos.create(dir.resolve("probe"));
        try
        {
            final List<String> java = TestSupport.javaCommand();
            java.add(FdCloseProbe.class.getName());
            java.add("5");
            final Process child = start(TestSupport.withRedirections("5>" + q(fifo.toFile()), java), null);
            final FileInputStream in = await(async(() -> new FileInputStream(fifo.toFile())));
            in.close();
            assertEquals(1, TestSupport.waitFor(child));
            final String err = new String(child.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(err.startsWith("cannot wrap file descriptor 5: run the JVM with " +
                "--add-opens java.base/java.io=ALL-UNNAMED (or --add-opens java.base/jdk.internal.misc=ALL-UNNAMED)"), err);
        }
        finally
        {
            java.nio.file.Files.deleteIfExists(fifo);
        }
    }

    @Test
    void literalFeedsConsoleAcrossTwoJvms() throws Exception
    {
        final TestSupport.FifoPair a = TestSupport.FifoPair.create(dir, "a");
        fifos.add(a);
        final Process literal = start(TestSupport.withRedirections(
            "5>" + q(a.data().toFile()) + " 6<" + q(a.ctrl().toFile()), stage(OPEN_JAVA_IO, "literal", "hello, world ")),
            "*.OUTPUT.0:5,6");
        final Process console = start(TestSupport.withRedirections(
            "5<" + q(a.data().toFile()) + " 6>" + q(a.ctrl().toFile()), stage(OPEN_JAVA_IO, "console", null)),
            "*.INPUT.0:5,6 ");
        final Future<byte[]> out = async(() -> console.getInputStream().readAllBytes());
        assertEquals(0, TestSupport.waitFor(console), () -> stderr(console));
        assertEquals(0, TestSupport.waitFor(literal), () -> stderr(literal));
        assertEquals("hello, world \n", new String(await(out), StandardCharsets.UTF_8));
    }

    @Test
    void threeStagePipelineAcrossThreeJvms() throws Exception
    {
        final TestSupport.FifoPair a = TestSupport.FifoPair.create(dir, "a");
        final TestSupport.FifoPair b = TestSupport.FifoPair.create(dir, "b");
        fifos.add(a);
        fifos.add(b);
        final Process literal = start(TestSupport.withRedirections(
            "5>" + q(a.data().toFile()) + " 6<" + q(a.ctrl().toFile()), stage(OPEN_MISC, "literal", "stressed")),
            "*.OUTPUT.0:5,6");
        final Process reverse = start(TestSupport.withRedirections(
            "5<" + q(a.data().toFile()) + " 6>" + q(a.ctrl().toFile()) + " 7>" + q(b.data().toFile()) + " 8<" +
            q(b.ctrl().toFile()), stage(OPEN_MISC, "reverse", null)),
            "*.INPUT.0:5,6 *.OUTPUT.0:7,8");
        final Process console = start(TestSupport.withRedirections(
            "5<" + q(b.data().toFile()) + " 6>" + q(b.ctrl().toFile()), stage(OPEN_MISC, "console", null)),
            "*.INPUT.0:5,6");
        final Future<byte[]> out = async(() -> console.getInputStream().readAllBytes());
        assertEquals(0, TestSupport.waitFor(console), () -> stderr(console));
        assertEquals(0, TestSupport.waitFor(reverse), () -> stderr(reverse));
        assertEquals(0, TestSupport.waitFor(literal), () -> stderr(literal));
        assertEquals("desserts\n", new String(await(out), StandardCharsets.UTF_8));
    }

    private static String stderr(final Process p)
    {
        try
        {
            return new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        }
        catch (final java.io.IOException ex)
        {
            return ex.toString();
        }
    }
}
