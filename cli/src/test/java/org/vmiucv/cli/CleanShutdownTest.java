package org.vmiucv.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import org.junit.jupiter.api.Test;

/**
 * A shutdown logs every machine off and each ipl process detaches: that is a normal end, not a reap. Neither the
 * machine processes nor the CP may call it one (issue 10 review, F3). Real processes.
 */
class CleanShutdownTest
{
    private static final long COMMAND_TIMEOUT_MS = 30_000;

    @Test
    void aShutdownOfThreeLogMachinesReportsNoReap() throws Exception
    {
        final Path base = Files.createTempDirectory(Path.of("/dev/shm"), "iucvclean");
        final String system = "C" + Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xFFFFFFFL);
        final CliProcess supervisor = CliProcess.start(base, "supervisor", "--system", system);
        final List<CliProcess> machines = new ArrayList<>();
        try
        {
            awaitOutput(supervisor, "CP ready");
            for (final String m : new String[] {"m1", "m2", "m3"})
            {
                machines.add(CliProcess.start(base, "ipl", m, "--handler", "log", "--system", system));
            }
            for (int i = 0; i < machines.size(); i++)
            {
                awaitOutput(machines.get(i), "hosting M" + (i + 1) + " ");
            }
            final CliProcess.Result s = CliProcess.run(base, COMMAND_TIMEOUT_MS, "shutdown", "--system", system);
            assertEquals(0, s.status(), s::toString);
            final StringBuilder all = new StringBuilder(s.toString());
            for (final CliProcess m : machines)
            {
                final CliProcess.Result r = m.await(15_000);
                all.append('\n').append(r);
                assertEquals(0, r.status(), r::toString);
                assertTrue(r.out().contains("LOGOFF: logged off"), r::toString);
            }
            final CliProcess.Result sup = supervisor.await(15_000);
            all.append("\nsupervisor:\n").append(sup);
            assertTrue(!all.toString().contains("reaped") && !all.toString().contains("CP dropped"), all::toString);
        }
        finally
        {
            for (final CliProcess m : machines)
            {
                m.kill();
            }
            supervisor.kill();
            CliProcess.deleteTree(base);
        }
    }

    private static void awaitOutput(final CliProcess p, final String text) throws Exception
    {
        final long deadline = System.currentTimeMillis() + COMMAND_TIMEOUT_MS;
        while (!p.outSoFar().contains(text))
        {
            if (System.currentTimeMillis() > deadline || !p.process().isAlive())
            {
                throw new AssertionError("no '" + text + "' from pid " + p.pid() + ":\n" + p.outSoFar());
            }
            Thread.sleep(20);
        }
    }
}
