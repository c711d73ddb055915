package org.vmiucv.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Why {@code iucv ipl} ends, and its exit status: 0 when its machine was logged off or the system shut down; 32,
 * with a message saying why, when the system's directory was removed or (over XFL, where a machine cannot outlive
 * its Supervisor) the Supervisor went away.
 */
class IplExitStatusTest
{
    private static final long COMMAND_TIMEOUT_MS = 30_000;
    private static final long EXIT_DEADLINE_MS = 20_000;

    @RegisterExtension
    final PrivateIucvDir iucvDir = new PrivateIucvDir("iucvexit");
    private final Path base = iucvDir.base();

    @Test
    void logoffEndsWithZero() throws Exception
    {
        final String system = system();
        final CliProcess a = startSupervisorAndA(system).a();
        final CliProcess.Result logoff = CliProcess.run(base, COMMAND_TIMEOUT_MS, "logoff", "A",
            "--system", system);
        assertEquals(0, logoff.status(), logoff::toString);
        final CliProcess.Result r = a.await(EXIT_DEADLINE_MS);
        assertEquals(0, r.status(), r::toString);
        assertTrue(r.out().contains("A is logged off; host process ends"), r::toString);
        final CliProcess.Result down = CliProcess.run(base, COMMAND_TIMEOUT_MS, "shutdown", "--system", system);
        assertEquals(0, down.status(), down::toString);
    }

    @Test
    void removedSystemEndsWith32() throws Exception
    {
        final String system = system();
        final SupervisorAndA started = startSupervisorAndA(system);
        final CliProcess supervisor = started.supervisor();
        final CliProcess a = started.a();
        // listed in the tables is not yet hosted: the IPL answer may still be on its way, and a CP killed before
        // it arrives fails the IPL (RC 32), which is right but not what this test is about
        final long hostingDeadline = System.currentTimeMillis() + 30_000;
        while (!a.outSoFar().contains("hosting A"))
        {
            assertTrue(System.currentTimeMillis() < hostingDeadline && a.process().isAlive(), a::outSoFar);
            Thread.sleep(20);
        }
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

    @Test
    void overXflADeadSupervisorEndsWith32AndAShutdownWithZero() throws Exception
    {
        final String system = system();
        CliProcess supervisor = iucvDir.start("supervisor", "--transport", "xfl", "--system", system);
        CliProcess a = startListed(system, supervisor, "A");
        final CliProcess.Result down = CliProcess.run(base, COMMAND_TIMEOUT_MS, "shutdown", "--system", system);
        assertEquals(0, down.status(), down::toString);
        final CliProcess.Result clean = a.await(EXIT_DEADLINE_MS);
        assertEquals(0, clean.status(), clean::toString);
        assertTrue(supervisor.process().waitFor(15, TimeUnit.SECONDS), supervisor::outSoFar);

        supervisor = iucvDir.start("supervisor", "--transport", "xfl", "--system", system);
        a = startListed(system, supervisor, "B");
        supervisor.process().destroyForcibly();
        final CliProcess.Result r = a.await(EXIT_DEADLINE_MS);
        assertEquals(32, r.status(), r::toString);
        assertTrue(r.err().contains("DMSIUC032E") && r.err().contains("cannot outlive its Supervisor"),
            r::toString);
    }

    /**
     * Start {@code iucv ipl NAME} once the XFL Supervisor answers, and wait until it hosts the machine.
     */
    private CliProcess startListed(final String system, final CliProcess supervisor, final String name)
        throws Exception
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
                ipl = iucvDir.start("ipl", name, "--handler", "echo", "--system", system);
            }
            if (ipl.outSoFar().contains("hosting " + name))
            {
                return ipl;
            }
            Thread.sleep(50);
        }
    }

    /** An shm Supervisor and {@code iucv ipl A} (echo) it lists. */
    private record SupervisorAndA(CliProcess supervisor, CliProcess a)
    {
    }

    /** Start an shm Supervisor, then (once it answers) {@code iucv ipl A --handler echo}, and wait until it lists A. */
    private SupervisorAndA startSupervisorAndA(final String system) throws Exception
    {
        final CliProcess supervisor = iucvDir.start("supervisor", "--system", system);
        IplOutlivesSupervisorTest.awaitNames(base, system, supervisor);
        final CliProcess a = iucvDir.start("ipl", "A", "--handler", "echo", "--system", system);
        IplOutlivesSupervisorTest.awaitNames(base, system, supervisor, "A");
        return new SupervisorAndA(supervisor, a);
    }

    private static String system()
    {
        return "E" + Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xFFFFFFFL);
    }
}
