package org.vmiucv.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A request the CP answers only once a machine's handler has run (CONNECT, LOGOFF) fails when the machine's process
 * is stopped (SIGSTOP). What the command reports must be what happens: a CONNECT reported failed leaves no path
 * behind when the target runs again, and a LOGOFF says the target did not answer (the Supervisor is up) and that
 * the logoff completes later (issue 10 review, F4 and F5). Real processes and signals.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class UnansweredTargetTest
{
    private static final long COMMAND_TIMEOUT_MS = RunningSupervisor.COMMAND_TIMEOUT_MS;

    private RunningSupervisor running;
    private Path base;
    private String system;
    private CliProcess supervisor;

    @BeforeAll
    void startSupervisor() throws Exception
    {
        running = RunningSupervisor.start("iucvstall", "S", s -> s.process().outSoFar().contains("CP ready"));
        base = running.base();
        system = running.system();
        supervisor = running.process();
    }

    @AfterAll
    void stopSupervisor()
    {
        if (null != running)
        {
            running.close();
        }
    }

    @Test
    void aConnectReportedFailedLeavesNoPathWhenTheTargetRunsAgain() throws Exception
    {
        final CliProcess x1 = CliProcess.start(base, "ipl", "x1", "--handler", "log", "--system", system);
        final CliProcess x2 = CliProcess.start(base, "ipl", "x2", "--handler", "log", "--system", system);
        try
        {
            awaitHosting(x1, "X1");
            awaitHosting(x2, "X2");
            Signals.send("STOP", x2.pid());
            final CliProcess.Result c = CliProcess.run(base, COMMAND_TIMEOUT_MS, "connect", "x1", "x2", "--system",
                system);
            assertEquals(16, c.status(), c::toString);
            assertTrue(c.err().contains("the target X2 did not answer"), c::toString);
            Signals.send("CONT", x2.pid());

            // X2 sees the PENDING once it runs, accepts, and must end up with no path: the CP withdrew it
            awaitOutput(x2, "X2 CONNECT pending");
            awaitOutput(x2, "severed");
            // a query sent after X2's ACCEPT is answered after the CP applied that ACCEPT
            final CliProcess.Result q = CliProcess.run(base, COMMAND_TIMEOUT_MS, "query", "paths", "--system", system);
            assertEquals(0, q.status(), q::toString);
            assertTrue(!q.out().contains("ESTABLISHED"), () -> q + "\nx1:\n" + x1.outSoFar() + "\nx2:\n" +
                x2.outSoFar() + "\nsupervisor:\n" + supervisor.outSoFar());
            assertTrue(!x1.outSoFar().contains("complete") && !x2.outSoFar().contains("complete"),
                () -> "x1:\n" + x1.outSoFar() + "\nx2:\n" + x2.outSoFar());
        }
        finally
        {
            Signals.send("CONT", x2.pid());
            x1.kill();
            x2.kill();
        }
    }

    @Test
    void aLogoffOfAStoppedProcessSaysTheTargetDidNotAnswerAndCompletesLater() throws Exception
    {
        final CliProcess g = CliProcess.start(base, "ipl", "g", "--handler", "log", "--system", system);
        try
        {
            awaitHosting(g, "G");
            Signals.send("STOP", g.pid());
            final CliProcess.Result off = CliProcess.run(base, COMMAND_TIMEOUT_MS, "logoff", "g", "--system", system);
            assertEquals(16, off.status(), off::toString);
            assertTrue(off.err().contains("LOGOFF G: the target G did not answer within") &&
                off.err().contains("the Supervisor is up") &&
                off.err().contains("the LOGOFF completes when that process runs again"), off::toString);
            assertTrue(!off.err().contains("Supervisor down"), off::toString);
            Signals.send("CONT", g.pid());
            final CliProcess.Result end = g.await(15_000);
            assertEquals(0, end.status(), end::toString);
            assertTrue(end.out().contains("G LOGOFF: logged off"), end::toString);
        }
        finally
        {
            Signals.send("CONT", g.pid());
            g.kill();
        }
    }

    /** The process must have had the IPL's answer, else a SIGSTOP catches it inside {@code ipl()}. */
    private static void awaitHosting(final CliProcess p, final String machine) throws Exception
    {
        awaitOutput(p, "hosting " + machine + " ");
    }

    private static void awaitOutput(final CliProcess p, final String text) throws Exception
    {
        final long deadline = System.currentTimeMillis() + COMMAND_TIMEOUT_MS;
        while (!Pattern.compile(Pattern.quote(text)).matcher(p.outSoFar()).find())
        {
            if (System.currentTimeMillis() > deadline)
            {
                throw new AssertionError("no '" + text + "' from pid " + p.pid() + ":\n" + p.outSoFar());
            }
            Thread.sleep(20);
        }
    }
}
