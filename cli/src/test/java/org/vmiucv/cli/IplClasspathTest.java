package org.vmiucv.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * {@code iucv ipl --classpath DIR --handler CLASS} with handler classes compiled here, at test time, into a
 * directory that is on no class path but the one given to the command (issue 13, item 5).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IplClasspathTest
{
    private static final String GREETER = """
        package hx;
        import org.vmiucv.engine.*;
        public final class Greeter implements MachineHandler {
            public void onSmsg(MachineContext ctx, MachineId from, CharSequence text) {
                System.out.println("GREETER " + ctx.machineId() + " GOT " + from + ": " + text);
                System.out.flush();
            }
        }
        """;
    private static final String NOT_A_HANDLER = "package hx; public final class NotAHandler { }";
    private static final String NO_CTOR = """
        package hx;
        import org.vmiucv.engine.*;
        public final class NoCtor implements MachineHandler {
            public NoCtor(String s) { }
            public void onSmsg(MachineContext ctx, MachineId from, CharSequence text) { }
        }
        """;

    private Path classes;

    @BeforeAll
    void compile() throws Exception
    {
        classes = Files.createTempDirectory("iucv-handlers");
        final Path src = Files.createDirectories(classes.resolve("src/hx"));
        Files.writeString(src.resolve("Greeter.java"), GREETER);
        Files.writeString(src.resolve("NotAHandler.java"), NOT_A_HANDLER);
        Files.writeString(src.resolve("NoCtor.java"), NO_CTOR);
        final JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        final String surefire = System.getProperty("surefire.test.class.path");
        final String cp = null != surefire && !surefire.isBlank() ? surefire : System.getProperty("java.class.path");
        final ByteArrayOutputStream diagnostics = new ByteArrayOutputStream();
        final int rc = javac.run(null, diagnostics, diagnostics, "-cp", cp, "-d", classes.resolve("out").toString(),
            src.resolve("Greeter.java").toString(), src.resolve("NotAHandler.java").toString(),
            src.resolve("NoCtor.java").toString());
        assertEquals(0, rc, diagnostics::toString);
    }

    @AfterAll
    void remove()
    {
        CliProcess.deleteTree(classes);
    }

    private String out()
    {
        return classes.resolve("out").toString();
    }

    @Test
    void aHandlerFromTheClasspathReceivesAnSmsg() throws Exception
    {
        try (CliSystem sys = new CliSystem("CP"))
        {
            sys.startSupervisor();
            // a directory that does not exist first: entries are taken in order, like java -cp, and a missing one
            // is an error, so give only real ones
            final CliProcess ipl = sys.start("ipl", "GREET", "--classpath", "/dev/null/nothing:" + out(),
                "--handler", "hx.Greeter", "--system", sys.system);
            final CliProcess.Result refused = ipl.await(CliSystem.COMMAND_TIMEOUT_MS);
            assertEquals(24, refused.status(), refused::toString);
            assertTrue(refused.err().startsWith("DMSIUC024E") && refused.err().contains("/dev/null/nothing") &&
                refused.err().contains("does not exist"), refused::toString);

            final CliProcess host = sys.start("ipl", "GREET", "--classpath", out(), "--handler", "hx.Greeter",
                "--system", sys.system);
            sys.awaitMachines("GREET");
            final CliProcess.Result smsg = sys.iucv("smsg", "OPER", "GREET", "hello", "from", "the", "test");
            assertEquals(0, smsg.status(), smsg::toString);
            final long deadline = System.currentTimeMillis() + 10_000;
            while (!host.outSoFar().contains("GREETER GREET GOT OPER: hello from the test"))
            {
                assertTrue(System.currentTimeMillis() < deadline, host::outSoFar);
                Thread.sleep(20);
            }
        }
    }

    private static String[] run(final String... args)
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final int status = Iucv.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
        return new String[] {Integer.toString(status), err.toString(StandardCharsets.UTF_8)};
    }

    @Test
    void wrongHandlerClassesAreRefusedWith24AndSayWhy()
    {
        for (final List<String> c : List.of(
            List.of("hx.Missing", "neither echo, log nor a class on the --classpath"),
            List.of("hx.NotAHandler", "does not implement org.vmiucv.engine.MachineHandler"),
            List.of("hx.NoCtor", "no public no-argument constructor")))
        {
            // refused before the system is looked for: no Supervisor needed
            final String[] r = run("ipl", "H", "--classpath", out(), "--handler", c.get(0), "--system", "NOSUCHCP");
            assertEquals("24", r[0], () -> c + ": " + r[1]);
            assertTrue(r[1].startsWith("DMSIUC024E") && r[1].contains(c.get(1)), () -> c + ": " + r[1]);
            assertTrue(!r[1].contains("\tat "), r[1]);
        }
    }
}
