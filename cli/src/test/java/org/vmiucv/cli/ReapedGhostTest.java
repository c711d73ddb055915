package org.vmiucv.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.vmiucv.engine.IucvException;
import org.vmiucv.engine.MachineInfo;
import org.vmiucv.engine.system.SystemClient;
import org.vmiucv.engine.system.SystemLog;
import org.vmiucv.engine.system.SystemOptions;
import org.vmiucv.shm.ShmSystem;

/**
 * A machine process stopped (SIGSTOP) past the heartbeat timeout is reaped by the Supervisor. When it runs again it
 * must learn that (its handler gets onLogoff, {@code iucv ipl} ends with RC 32 and says why), and nothing it still
 * sends may touch the machine of the same name that another process logged on meanwhile. Real processes, real
 * signals; the Supervisor's default heartbeat timeout (10 s) applies, as it has no option for it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReapedGhostTest
{
    private static final long COMMAND_TIMEOUT_MS = RunningSupervisor.COMMAND_TIMEOUT_MS;
    /** The default heartbeat timeout is 10 s and the CP checks every 100 ms: reaping is due after about 10.1 s. */
    private static final long REAP_DEADLINE_MS = 25_000;

    private RunningSupervisor running;
    private Path base;
    private String system;
    private CliProcess supervisor;

    @BeforeAll
    void startSupervisor() throws Exception
    {
        running = RunningSupervisor.start("iucvghost", "G", s -> null != names(s.base(), s.system()));
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
    void aReapedProcessEndsWith32SayingSoAndItsHandlerGetsOnLogoff() throws Exception
    {
        final CliProcess ghost = CliProcess.start(base, "ipl", "ghost1", "--handler", "log", "--system", system);
        try
        {
            awaitHosting(ghost, "GHOST1");
            Signals.send("STOP", ghost.pid());
            awaitGone("GHOST1");
            Signals.send("CONT", ghost.pid());
            final CliProcess.Result r = ghost.await(15_000);
            assertEquals(32, r.status(), r::toString);
            assertTrue(r.out().contains("GHOST1 LOGOFF: logged off"), r::toString);
            assertTrue(Pattern.compile("GHOST1: DMSIUC032E this process \\(pid=" + ghost.pid() + "\\) was reaped by " +
                "the Supervisor \\(no heartbeat for \\d+ ms, the limit is 10000 ms\\); its machines were logged off; " +
                "host process ends").matcher(r.out()).find(), r::toString);
            assertEquals(1, r.out().split("was reaped", -1).length - 1, () -> "said once on stdout: " + r);
            assertEquals(1, r.err().split("was reaped", -1).length - 1, () -> "said once on stderr: " + r);
            assertTrue(supervisor.outSoFar().contains("pid=" + ghost.pid() + " stopped its heartbeat"),
                supervisor::outSoFar);
        }
        finally
        {
            Signals.send("CONT", ghost.pid());
            ghost.kill();
        }
    }

    @Test
    void aGhostsSigtermDoesNotLogOffTheMachineThatSucceededIt() throws Exception
    {
        final CliProcess ghost = CliProcess.start(base, "ipl", "ghost2", "--handler", "log", "--system", system);
        CliProcess successor = null;
        try
        {
            awaitHosting(ghost, "GHOST2");
            Signals.send("STOP", ghost.pid());
            awaitGone("GHOST2");
            successor = CliProcess.start(base, "ipl", "ghost2", "--handler", "log", "--system", system);
            awaitHosting(successor, "GHOST2");

            Signals.send("CONT", ghost.pid());
            Signals.send("TERM", ghost.pid());
            ghost.await(15_000);

            // whatever the ghost sent on its way out has been taken by the CP once a request sent after it is
            // answered: the query command registers, queries and unregisters through the same control ring
            final CliProcess.Result q = CliProcess.run(base, COMMAND_TIMEOUT_MS, "query", "names", "--system", system);
            assertEquals(0, q.status(), q::toString);
            assertTrue(Pattern.compile("(?m)^GHOST2 +ACTIVE +pid=" + successor.pid() + "\\b").matcher(q.out()).find(),
                () -> q + "\nghost:\n" + ghost.outSoFar() + "\nsupervisor:\n" + supervisor.outSoFar());
            assertTrue(successor.process().isAlive(), successor::outSoFar);
            assertTrue(!successor.outSoFar().contains("GHOST2 LOGOFF"), successor::outSoFar);

            final CliProcess.Result off = CliProcess.run(base, COMMAND_TIMEOUT_MS, "logoff", "ghost2", "--system",
                system);
            assertEquals(0, off.status(), off::toString);
            final CliProcess.Result end = successor.await(15_000);
            assertEquals(0, end.status(), end::toString);
        }
        finally
        {
            Signals.send("CONT", ghost.pid());
            ghost.kill();
            if (null != successor)
            {
                successor.kill();
            }
        }
    }

    /** @return the machines the CP lists, or null while it cannot be reached. */
    private List<MachineInfo> names()
    {
        return names(base, system);
    }

    /** @return the machines the CP of {@code system} lists, or null while it cannot be reached. */
    private static List<MachineInfo> names(final Path base, final String system)
    {
        if (!Files.exists(base.resolve(system).resolve("system.tables")))
        {
            return null;
        }
        try (SystemClient c = ShmSystem.attach(base, system, new SystemOptions(), SystemLog.NONE))
        {
            return c.queryNames();
        }
        catch (final IucvException ex)
        {
            return null;
        }
    }

    private Optional<Long> pidOf(final String machine) throws Exception
    {
        final List<MachineInfo> names = names();
        if (null == names)
        {
            throw new AssertionError("the Supervisor cannot be reached:\n" + supervisor.outSoFar());
        }
        return names.stream().filter(m -> m.name().name().equals(machine)).map(MachineInfo::pid).findFirst();
    }

    private void awaitListed(final String machine, final long pid) throws Exception
    {
        final long deadline = System.currentTimeMillis() + COMMAND_TIMEOUT_MS;
        while (!pidOf(machine).equals(Optional.of(pid)))
        {
            if (System.currentTimeMillis() > deadline)
            {
                throw new AssertionError(machine + " of pid " + pid + " not listed; supervisor:\n" +
                    supervisor.outSoFar());
            }
            Thread.sleep(50);
        }
    }

    /**
     * Listed by the CP is not enough: the process must have had the IPL's answer too, else a SIGSTOP catches it
     * inside {@code ipl()} and it ends on the IPL's deadline instead of being a ghost.
     */
    private void awaitHosting(final CliProcess p, final String machine) throws Exception
    {
        awaitListed(machine, p.pid());
        final long deadline = System.currentTimeMillis() + COMMAND_TIMEOUT_MS;
        while (!p.outSoFar().contains("hosting " + machine))
        {
            if (System.currentTimeMillis() > deadline || !p.process().isAlive())
            {
                throw new AssertionError("no 'hosting " + machine + "' from pid " + p.pid() + ":\n" + p.outSoFar());
            }
            Thread.sleep(20);
        }
    }

    private void awaitGone(final String machine) throws Exception
    {
        final long deadline = System.currentTimeMillis() + REAP_DEADLINE_MS;
        while (pidOf(machine).isPresent())
        {
            if (System.currentTimeMillis() > deadline)
            {
                throw new AssertionError(machine + " still listed " + REAP_DEADLINE_MS + " ms after SIGSTOP; " +
                    "supervisor:\n" + supervisor.outSoFar());
            }
            Thread.sleep(200);
        }
    }
}
