package org.vmiucv.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/**
 * Why {@code iucv ipl} ends, and its exit status: 0 when its machine was logged off or the system shut down; 32,
 * with a message saying why, when the system's directory was removed or (over XFL, where a machine cannot outlive
 * its Supervisor) the Supervisor went away.
 */
class IplExitStatusTest
{
    private static final long COMMAND_TIMEOUT_MS = 30_000;
    private static final long EXIT_DEADLINE_MS = 20_000;

    @Test
    void logoffEndsWithZero() throws Exception
    {
        final Path base = Files.createTempDirectory(Path.of("/dev/shm"), "iucvexit");
        final String system = system();
        CliProcess supervisor = null;
        CliProcess a = null;
        try
        {
            supervisor = CliProcess.start(base, "supervisor", "--system", system);
            IplOutlivesSupervisorTest.awaitNames(base, system, supervisor);
            a = CliProcess.start(base, "ipl", "A", "--handler", "echo", "--system", system);
            IplOutlivesSupervisorTest.awaitNames(base, system, supervisor, "A");
            final CliProcess.Result logoff = CliProcess.run(base, COMMAND_TIMEOUT_MS, "logoff", "A",
                "--system", system);
            assertEquals(0, logoff.status(), logoff::toString);
            final CliProcess.Result r = a.await(EXIT_DEADLINE_MS);
            assertEquals(0, r.status(), r::toString);
            assertTrue(r.out().contains("A is logged off; host process ends"), r::toString);
            final CliProcess.Result down = CliProcess.run(base, COMMAND_TIMEOUT_MS, "shutdown", "--system", system);
            assertEquals(0, down.status(), down::toString);
        }
        finally
        {
            kill(a, supervisor);
            CliProcess.deleteTree(base);
        }
    }

    @Test
    void removedSystemEndsWith32() throws Exception
    {
        final Path base = Files.createTempDirectory(Path.of("/dev/shm"), "iucvexit");
        final String system = system();
        CliProcess supervisor = null;
        CliProcess a = null;
        try
        {
            supervisor = CliProcess.start(base, "supervisor", "--system", system);
            IplOutlivesSupervisorTest.awaitNames(base, system, supervisor);
            a = CliProcess.start(base, "ipl", "A", "--handler", "echo", "--system", system);
            IplOutlivesSupervisorTest.awaitNames(base, system, supervisor, "A");
            supervisor.process().destroyForcibly(); // the machine outlives it...
            assertTrue(supervisor.process().waitFor(10, TimeUnit.SECONDS));
            Thread.sleep(1_000);
            assertTrue(a.process().isAlive(), a::outSoFar);
            CliProcess.deleteTree(base.resolve(system)); // ...but not its system
            final CliProcess.Result r = a.await(EXIT_DEADLINE_MS);
            assertEquals(32, r.status(), r::toString);
            assertTrue(r.err().contains("DMSIUC032E") && r.err().contains("was removed"), r::toString);
            assertTrue(r.out().contains("host process ends"), r::toString);
        }
        finally
        {
            kill(a, supervisor);
            CliProcess.deleteTree(base);
        }
    }

    @Test
    void overXflADeadSupervisorEndsWith32AndAShutdownWithZero() throws Exception
    {
        final Path base = Files.createTempDirectory(Path.of("/dev/shm"), "iucvexit");
        final String system = system();
        CliProcess supervisor = null;
        CliProcess a = null;
        try
        {
            supervisor = CliProcess.start(base, "supervisor", "--transport", "xfl", "--system", system);
            a = startListed(base, system, supervisor, "A");
            final CliProcess.Result down = CliProcess.run(base, COMMAND_TIMEOUT_MS, "shutdown", "--system", system);
            assertEquals(0, down.status(), down::toString);
            final CliProcess.Result clean = a.await(EXIT_DEADLINE_MS);
            assertEquals(0, clean.status(), clean::toString);
            assertTrue(supervisor.process().waitFor(15, TimeUnit.SECONDS), supervisor::outSoFar);

            supervisor = CliProcess.start(base, "supervisor", "--transport", "xfl", "--system", system);
            a = startListed(base, system, supervisor, "B");
            supervisor.process().destroyForcibly();
            final CliProcess.Result r = a.await(EXIT_DEADLINE_MS);
            assertEquals(32, r.status(), r::toString);
            assertTrue(r.err().contains("DMSIUC032E") && r.err().contains("cannot outlive its Supervisor"),
                r::toString);
        }
        finally
        {
            kill(a, supervisor);
            CliProcess.deleteTree(base);
        }
    }

    /**
     * Start {@code iucv ipl NAME} once the XFL Supervisor answers, and wait until it hosts the machine.
     */
    private static CliProcess startListed(final Path base, final String system, final CliProcess supervisor,
        final String name) throws Exception
    {
        final long deadline = System.currentTimeMillis() + 60_000;
        CliProcess ipl = null;
        while (true)
        {
            assertTrue(System.currentTimeMillis() < deadline && supervisor.process().isAlive(),
                () -> "no XFL system came up:\n" + supervisor.outSoFar());
            if (null == ipl || !ipl.process().isAlive())
            {
                if (null != ipl)
                {
                    ipl.kill(); // refused because the Supervisor was not ready yet: try again
                    Thread.sleep(200);
                }
                ipl = CliProcess.start(base, "ipl", name, "--handler", "echo", "--system", system);
            }
            if (ipl.outSoFar().contains("hosting " + name))
            {
                return ipl;
            }
            Thread.sleep(50);
        }
    }

    private static String system()
    {
        return "E" + Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xFFFFFFFL);
    }

    private static void kill(final CliProcess... processes)
    {
        for (final CliProcess p : processes)
        {
            if (null != p)
            {
                p.kill();
            }
        }
    }
}
