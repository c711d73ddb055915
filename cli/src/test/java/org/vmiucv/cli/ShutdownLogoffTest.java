package org.vmiucv.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Bug 9 of issue 10: the machines of {@code iucv ipl} processes get {@code onLogoff} when the whole system stops,
 * by {@code iucv shutdown} or by SIGTERM of the Supervisor, as they do on {@code iucv logoff}; and, as in the seed
 * crate, no {@code onConnectionSevered} for the paths the shutdown removes. Through the public command, over both
 * transports.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ShutdownLogoffTest
{
    private static final long DEADLINE_MS = 30_000;

    @ParameterizedTest
    @ValueSource(strings = {"shm", "xfl"})
    void iucvShutdownGivesEachMachineOnLogoffAndTheIplProcessesExit0(final String transport) throws Exception
    {
        run(transport, false);
    }

    @ParameterizedTest
    @ValueSource(strings = {"shm", "xfl"})
    void sigtermOfTheSupervisorGivesEachMachineOnLogoffAndTheIplProcessesExit0(final String transport) throws Exception
    {
        run(transport, true);
    }

    private static void run(final String transport, final boolean sigterm) throws Exception
    {
        final Path base = Files.createTempDirectory(Path.of("/dev/shm"), "iucvstop");
        final String system = "Q" + Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xFFFFFFFL);
        final List<CliProcess> started = new ArrayList<>();
        try
        {
            final CliProcess supervisor = CliProcess.start(base, "supervisor", "--transport", transport, "--system", system);
            started.add(supervisor);
            awaitOutput(supervisor, "CP ready");
            final CliProcess a = CliProcess.start(base, "ipl", "A", "--handler", "log", "--system", system);
            started.add(a);
            final CliProcess b = CliProcess.start(base, "ipl", "B", "--handler", "log", "--system", system);
            started.add(b);
            awaitOutput(a, "hosting A");
            awaitOutput(b, "hosting B");
            final CliProcess.Result connect = CliProcess.run(base, DEADLINE_MS, "connect", "A", "B", "--system", system);
            assertEquals(0, connect.status(), connect::toString);
            awaitOutput(a, "complete with B");
            if (sigterm)
            {
                assertTrue(supervisor.process().toHandle().destroy(), "SIGTERM to the Supervisor");
            }
            else
            {
                final CliProcess.Result shutdown = CliProcess.run(base, DEADLINE_MS, "shutdown", "--system", system);
                assertEquals(0, shutdown.status(), shutdown::toString);
            }
            final CliProcess.Result ra = a.await(DEADLINE_MS);
            final CliProcess.Result rb = b.await(DEADLINE_MS);
            for (final String name : List.of("A", "B"))
            {
                final CliProcess.Result r = name.equals("A") ? ra : rb;
                assertEquals(0, r.status(), r::toString);
                assertTrue(r.out().contains(name + " LOGOFF: logged off"), "no onLogoff at " + name + ": " + r);
                assertFalse(r.out().contains("severed"), "onConnectionSevered during the shutdown at " + name + ": " + r);
                assertTrue(r.out().contains(name + " is logged off; host process ends"), r::toString);
            }
            final CliProcess.Result rs = supervisor.await(DEADLINE_MS);
            // a JVM stopped by SIGTERM exits 143 once its shutdown hook (the clean stop) has run
            assertEquals(sigterm ? 143 : 0, rs.status(), rs::toString);
            assertTrue(rs.out().contains("CP stopped"), rs::toString);
        }
        finally
        {
            for (final CliProcess p : started)
            {
                p.kill();
            }
            CliProcess.deleteTree(base);
        }
    }

    private static void awaitOutput(final CliProcess p, final String text) throws Exception
    {
        final long deadline = System.currentTimeMillis() + DEADLINE_MS;
        long sleepMs = 10;
        while (!p.outSoFar().contains(text))
        {
            if (!p.process().isAlive() || System.currentTimeMillis() > deadline)
            {
                throw new AssertionError("no '" + text + "' from pid " + p.pid() + " (alive " + p.process().isAlive() +
                    "); output:\n" + p.outSoFar());
            }
            Thread.sleep(sleepMs);
            sleepMs = Math.min(200, sleepMs * 2);
        }
    }
}
