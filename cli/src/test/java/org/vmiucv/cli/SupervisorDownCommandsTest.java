package org.vmiucv.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/**
 * README, Liveness: "A Supervisor killed with -9 leaves established paths carrying data; control calls fail with
 * RC 32 until {@code iucv supervisor} is started again". Through the command: with the Supervisor killed, CONNECT,
 * LOGOFF and SMSG exit 32 with DMSIUC032E while A's {@code iucv ipl} process stays alive; a new Supervisor takes the
 * system over and the same requests work.
 */
class SupervisorDownCommandsTest
{
    @Test
    void controlCommandsExit32WhileTheSupervisorIsDeadAndWorkOnceANewOneRuns() throws Exception
    {
        try (CliSystem sys = new CliSystem("DN"))
        {
            sys.startSupervisor();
            final CliProcess a = sys.ipl("A", "log");
            final CliProcess b = sys.ipl("B", "log");
            final CliProcess first = sys.supervisor;
            first.process().destroyForcibly(); // SIGKILL
            assertTrue(first.process().waitFor(10, TimeUnit.SECONDS), "the Supervisor did not die");

            for (final List<String> command : List.of(List.of("connect", "A", "A"), List.of("connect", "B", "A"),
                List.of("logoff", "A"), List.of("smsg", "OP", "A", "hi")))
            {
                final CliProcess.Result r = sys.iucv(command.toArray(String[]::new));
                assertEquals(32, r.status(), () -> command + " with the Supervisor dead: " + r);
                assertTrue(r.err().contains("DMSIUC032E"), () -> command + ": " + r);
                assertTrue(!r.err().contains("Exception in thread") && !r.err().contains("\tat "),
                    () -> command + " printed a stack trace: " + r);
                System.out.println(command + " with the Supervisor dead: " + r.err().strip());
            }
            assertTrue(a.process().isAlive(), () -> "A ended without a Supervisor:\n" + a.outSoFar());
            assertTrue(b.process().isAlive(), () -> "B ended without a Supervisor:\n" + b.outSoFar());

            sys.startSupervisor();
            sys.awaitMachines("A", "B");
            final CliProcess.Result smsg = sys.iucv("smsg", "OP", "A", "hi");
            assertEquals(0, smsg.status(), smsg::toString);
            final CliProcess.Result connect = sys.iucv("connect", "B", "A");
            assertEquals(0, connect.status(), connect::toString);
            final CliProcess.Result logoff = sys.iucv("logoff", "A");
            assertEquals(0, logoff.status(), logoff::toString);
            assertTrue(a.process().waitFor(15, TimeUnit.SECONDS), () -> "A still hosting after LOGOFF:\n" +
                a.outSoFar());
            assertTrue(a.outSoFar().contains("hi"), () -> "A never got the SMSG:\n" + a.outSoFar());
            final CliProcess.Result down = sys.iucv("shutdown");
            assertEquals(0, down.status(), down::toString);
            assertTrue(sys.supervisor.process().waitFor(20, TimeUnit.SECONDS), "CP still running");
        }
    }
}
