package org.vmiucv.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/**
 * SIGTERM to {@code iucv ipl} while the Supervisor does not answer (issue 10, bug 2): the shutdown hook tries to
 * log the machine off, gives up at the control timeout and closes the client while the main thread still polls it.
 * That used to unmap the tables under the main thread (SIGSEGV, exit 134, an hs_err file in 3 of 6 runs). Each run
 * here has a private working directory, where a crashing JVM would leave its hs_err file.
 */
class IplSigtermTest
{
    private static final int RUNS = 6;
    private static final long EXIT_DEADLINE_MS = 20_000;

    @Test
    void sigtermWhileTheSupervisorIsStoppedEndsCleanly() throws Exception
    {
        final Path base = Files.createTempDirectory(Path.of("/dev/shm"), "iucvterm");
        final String system = "K" + Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xFFFFFFFL);
        CliProcess supervisor = null;
        CliProcess ipl = null;
        Path workDir = null;
        try
        {
            supervisor = CliProcess.start(base, "supervisor", "--system", system);
            IplOutlivesSupervisorTest.awaitNames(base, system, supervisor);
            for (int run = 1; run <= RUNS; run++)
            {
                final String name = "X" + run;
                workDir = Files.createTempDirectory("iucv-ipl-term");
                ipl = CliProcess.start(base, workDir, Map.of(),
                    CliProcess.command(List.of("ipl", name, "--handler", "echo", "--system", system)));
                IplOutlivesSupervisorTest.awaitNames(base, system, supervisor, name);
                final long hostingDeadline = System.currentTimeMillis() + 30_000;
                while (!ipl.outSoFar().contains("hosting " + name)) // printed once SIGTERM is handled
                {
                    assertTrue(System.currentTimeMillis() < hostingDeadline && ipl.process().isAlive(), ipl::outSoFar);
                    Thread.sleep(20);
                }
                IplOutlivesSupervisorTest.signal("-STOP", supervisor.pid());
                try
                {
                    Thread.sleep(300);
                    // kill, not Process.destroy(): destroy also closes our end of its stdout, losing what it says
                    IplOutlivesSupervisorTest.signal("-TERM", ipl.pid());
                    final CliProcess.Result r = ipl.await(EXIT_DEADLINE_MS);
                    try (var files = Files.list(workDir))
                    {
                        assertEquals(List.of(), files.map(f -> f.getFileName().toString())
                            .filter(n -> n.startsWith("hs_err_pid")).toList(), "run " + run + " crashed:\n" + r);
                    }
                    assertNotEquals(134, r.status(), "run " + run + " crashed:\n" + r);
                    assertTrue(r.status() == 143 || r.status() == 0, "run " + run + ": " + r);
                    assertTrue(r.out().contains("SIGTERM") && r.out().contains(name + ": SIGTERM; host process ends"),
                        "run " + run + " did not say why it ended:\n" + r);
                }
                finally
                {
                    IplOutlivesSupervisorTest.signal("-CONT", supervisor.pid());
                }
                CliProcess.deleteTree(workDir);
                workDir = null;
            }
            assertTrue(supervisor.process().isAlive(), supervisor::outSoFar);
            final CliProcess.Result down = CliProcess.run(base, 30_000, "shutdown", "--system", system);
            assertEquals(0, down.status(), down::toString);
            assertTrue(supervisor.process().waitFor(15, TimeUnit.SECONDS), supervisor::outSoFar);
        }
        finally
        {
            if (null != supervisor && supervisor.process().isAlive())
            {
                IplOutlivesSupervisorTest.signal("-CONT", supervisor.pid());
            }
            for (final CliProcess p : new CliProcess[] {ipl, supervisor})
            {
                if (null != p)
                {
                    p.kill();
                }
            }
            if (null != workDir)
            {
                CliProcess.deleteTree(workDir);
            }
            CliProcess.deleteTree(base);
        }
    }
}
