package org.vmiucv.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The subcommands against a real system: a Supervisor process and two machine processes started once for the
 * class, each command run as its own JVM with {@code IUCV_DIR} pointing at a private directory under /dev/shm.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SystemCommandsTest
{
    private static final long COMMAND_TIMEOUT_MS = 30_000;

    private Path base;
    private String system;
    private CliProcess supervisor;
    private CliProcess echo;
    private CliProcess log;

    @BeforeAll
    void startSystem() throws Exception
    {
        base = Files.createTempDirectory(Path.of("/dev/shm"), "iucvcli");
        system = "C" + Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xFFFFFFFL);
        try
        {
            supervisor = CliProcess.start(base, "supervisor", "--system", system);
            awaitMachines(); // the Supervisor first: ipl refuses (32) when there is no system yet
            echo = CliProcess.start(base, "ipl", "echo", "--handler", "echo", "--system", system);
            log = CliProcess.start(base, "ipl", "Logger", "--handler", "log", "--allow", "echo", "--system", system);
            awaitMachines("ECHO", "LOGGER");
        }
        catch (final Exception | AssertionError ex)
        {
            killAll();
            throw ex;
        }
    }

    private void awaitMachines(final String... names) throws Exception
    {
        final long deadline = System.currentTimeMillis() + 30_000;
        while (true)
        {
            try
            {
                final List<String> up = ListedMachines.names(base, system);
                if (null != up && up.containsAll(List.of(names)))
                {
                    return;
                }
            }
            catch (final org.vmiucv.engine.IucvException ex)
            {
                // not up yet
            }
            if (System.currentTimeMillis() > deadline || !supervisor.process().isAlive())
            {
                throw new AssertionError("system did not come up; supervisor output:\n" + supervisor.outSoFar() +
                    "\necho output:\n" + (null == echo ? "" : echo.outSoFar()));
            }
            Thread.sleep(50);
        }
    }

    @AfterAll
    void stopAll() throws Exception
    {
        try
        {
            if (null != supervisor && supervisor.process().isAlive())
            {
                final CliProcess.Result r = CliProcess.run(base, COMMAND_TIMEOUT_MS, "shutdown", "--system", system);
                assertEquals(0, r.status(), r::toString);
                assertTrue(r.out().contains("is down"), r::toString);
                for (final CliProcess p : List.of(supervisor, echo, log))
                {
                    assertTrue(p.process().waitFor(15, TimeUnit.SECONDS), "still running: pid " + p.pid());
                    assertEquals(0, p.process().exitValue(), p::outSoFar);
                }
                try (var left = Files.list(base.resolve(system)))
                {
                    assertEquals(List.of("journal"), left.map(f -> f.getFileName().toString()).toList(),
                        "only the journal stays after a clean stop, for iucv trace");
                }
                final CliProcess.Result trace = CliProcess.run(base, COMMAND_TIMEOUT_MS, "trace", "--system", system);
                assertEquals(0, trace.status(), trace::toString);
                assertTrue(trace.out().contains("IPL") && trace.out().contains("ECHO"), trace::toString);
                assertTrue(echo.outSoFar().contains("ECHO is logged off; host process ends"), echo::outSoFar);
            }
        }
        finally
        {
            killAll();
        }
    }

    private void killAll()
    {
        for (final CliProcess p : new CliProcess[] {echo, log, supervisor})
        {
            if (null != p)
            {
                p.kill();
            }
        }
        CliProcess.deleteTree(base);
    }

    private CliProcess.Result iucv(final String... args) throws Exception
    {
        final String[] all = new String[args.length + 2];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = "--system";
        all[args.length + 1] = system;
        return CliProcess.run(base, COMMAND_TIMEOUT_MS, all);
    }

    @Test
    void queryNamesShowsEachMachineWithTheHostingPid() throws Exception
    {
        final CliProcess.Result r = iucv("query", "names");
        assertEquals(0, r.status(), r::toString);
        assertTrue(Pattern.compile("(?m)^ECHO +ACTIVE +pid=" + echo.pid() + "\\b").matcher(r.out()).find(), r::toString);
        assertTrue(Pattern.compile("(?m)^LOGGER +ACTIVE +pid=" + log.pid() + "\\b").matcher(r.out()).find(),
            r::toString);
    }

    @Test
    void logoffOfAnUnknownMachineExits12WithTheMessageOnStderr() throws Exception
    {
        final CliProcess.Result r = iucv("logoff", "NOBODY");
        assertEquals(12, r.status(), r::toString);
        assertTrue(r.err().startsWith("DMSIUC012E"), r::toString);
        assertEquals("", r.out(), r::toString);
        assertFalse(r.err().contains("\tat "), r::toString);
    }

    @Test
    void smsgReachesTheMachineAndTheEchoComesBack() throws Exception
    {
        final CliProcess.Result r = iucv("smsg", "echo", "logger", "hello", "from", "-the-", "cli");
        assertEquals(0, r.status(), r::toString);
        assertTrue(r.out().matches("(?s)SMSG ECHO -> LOGGER sent \\(\\d+ bytes\\) pid=\\d+\\s*"), r::toString);
        awaitOutput(log, "LOGGER SMSG from ECHO: hello from -the- cli");
    }

    @Test
    void connectPrintsThePathAndSeverTwiceIsRefusedWith36() throws Exception
    {
        final CliProcess.Result c = iucv("connect", "echo", "logger", "--msglim", "5", "--data", "HI");
        assertEquals(0, c.status(), c::toString);
        final Matcher m = Pattern.compile("path (\\d+\\.\\d+) established ECHO -> LOGGER msglim 5 pid=\\d+")
            .matcher(c.err());
        assertTrue(m.find(), c::toString);
        final String path = m.group(1);
        assertEquals(path + "\n", c.out(), "stdout is the path id alone");
        awaitOutput(log, "LOGGER path " + path + " complete with ECHO (user data 'HI')");

        final CliProcess.Result paths = iucv("query", "paths");
        assertTrue(Pattern.compile("(?m)^" + Pattern.quote(path) + " +ESTABLISHED ECHO +pid=" + echo.pid() +
            " +-> LOGGER +pid=" + log.pid()).matcher(paths.out()).find(), paths::toString);

        final CliProcess.Result stat = iucv("stat", "--once");
        assertEquals(0, stat.status(), stat::toString);
        assertTrue(stat.out().contains("INBOX used/capacity"), stat::toString);
        assertTrue(Pattern.compile("(?m)^ECHO +ACTIVE +" + echo.pid() + " .* 0/\\d+$").matcher(stat.out()).find(),
            stat::toString);
        assertTrue(Pattern.compile("(?m)^" + Pattern.quote(path) + " +ESTABLISHED +ECHO +LOGGER +5 ")
            .matcher(stat.out()).find(), stat::toString);

        final CliProcess.Result s1 = iucv("sever", path, "--data", "BYE");
        assertEquals(0, s1.status(), s1::toString);
        assertTrue(s1.out().startsWith("path " + path + " severed pid="), s1::toString);
        awaitOutput(log, "LOGGER path " + path + " severed (user data 'BYE')");
        final CliProcess.Result s2 = iucv("sever", path);
        assertEquals(36, s2.status(), s2::toString);
        assertTrue(s2.err().startsWith("DMSIUC036E"), s2::toString);
    }

    @Test
    void connectRefusedByTheAllowListExits40() throws Exception
    {
        final CliProcess.Result r = iucv("connect", "logger", "logger");
        assertEquals(40, r.status(), r::toString);
        assertTrue(r.err().startsWith("DMSIUC040E"), r::toString);
    }

    private static void awaitOutput(final CliProcess p, final String text) throws Exception
    {
        final long deadline = System.currentTimeMillis() + 10_000;
        while (!p.outSoFar().contains(text))
        {
            if (System.currentTimeMillis() > deadline)
            {
                throw new AssertionError("no '" + text + "' in:\n" + p.outSoFar());
            }
            Thread.sleep(20);
        }
    }
}
