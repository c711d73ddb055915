package org.vmiucv.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Issue 10, bug 10 (bullets 2-4), through the public command: a CONNECT to a stopped target says the target did
 * not answer (not "Supervisor down"), peer text with control characters is escaped in the transcript, and bad
 * {@code --msglim} / {@code --data} values get a DMSIUC024E message saying what is allowed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CommandMessagesTest
{
    private CliSystem sys;
    private CliProcess logger;

    @BeforeAll
    void start() throws Exception
    {
        sys = new CliSystem("CM");
        try
        {
            sys.startSupervisor();
            sys.ipl("ECHO", "echo");
            logger = sys.ipl("LOGGER", "log");
        }
        catch (final Exception | AssertionError ex)
        {
            sys.close();
            throw ex;
        }
    }

    @AfterAll
    void stop()
    {
        sys.close();
    }

    @Test
    void connectToAStoppedTargetSaysTheTargetDidNotAnswer() throws Exception
    {
        final CliProcess target = sys.ipl("SLEEPER", "log");
        final ProcessBuilder stop = new ProcessBuilder("kill", "-STOP", Long.toString(target.pid()));
        assertEquals(0, stop.start().waitFor());
        try
        {
            final CliProcess.Result r = sys.iucv("connect", "ECHO", "SLEEPER");
            assertEquals(16, r.status(), r::toString);
            assertTrue(r.err().startsWith("DMSIUC016E"), r::toString);
            assertTrue(r.err().contains("the target SLEEPER did not answer within 5000 ms"), r::toString);
            assertFalse(r.err().contains("Supervisor down"), r::toString);
            assertFalse(r.err().contains("Exception"), r::toString);
        }
        finally
        {
            new ProcessBuilder("kill", "-CONT", Long.toString(target.pid())).start().waitFor(10, TimeUnit.SECONDS);
            target.kill();
        }
    }

    @Test
    void controlCharactersOfAnSmsgAreEscapedInTheLog() throws Exception
    {
        final CliProcess.Result r = sys.iucv("smsg", "OPER", "LOGGER", "red\u001b[31m\nLOGGER SMSG from FORGED: x\\y");
        assertEquals(0, r.status(), r::toString);
        final String expected = "LOGGER SMSG from OPER: red\\x1b[31m\\nLOGGER SMSG from FORGED: x\\\\y";
        final long deadline = System.currentTimeMillis() + 10_000;
        while (!logger.outSoFar().contains(expected))
        {
            assertTrue(System.currentTimeMillis() < deadline, logger::outSoFar);
            Thread.sleep(20);
        }
        final String out = logger.outSoFar();
        assertFalse(out.contains("\u001b"), out);
        assertFalse(out.contains("\nLOGGER SMSG from FORGED"), out);
    }

    @Test
    void badMsglimIsRefusedWithWhatIsAllowed() throws Exception
    {
        for (final String bad : new String[] {"0", "65536", "-3", "lots"})
        {
            final CliProcess.Result r = sys.iucv("connect", "ECHO", "LOGGER", "--msglim", bad);
            assertEquals(24, r.status(), r::toString);
            assertTrue(r.err().startsWith("DMSIUC024E") && r.err().contains("'" + bad + "'") &&
                r.err().contains("1 to 65535"), r::toString);
        }
    }

    @Test
    void badDataIsRefusedWithWhatIsAllowed() throws Exception
    {
        for (final String bad : new String[] {"12345678901234567", "caf\u00e9"})
        {
            final CliProcess.Result r = sys.iucv("connect", "ECHO", "LOGGER", "--data", bad);
            assertEquals(24, r.status(), r::toString);
            assertTrue(r.err().startsWith("DMSIUC024E") && r.err().contains("at most 16 ASCII characters"),
                r::toString);
        }
    }
}
