package org.vmiucv.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.vmiucv.engine.IucvException;
import org.vmiucv.engine.IucvMessage;
import org.vmiucv.engine.MachineContext;
import org.vmiucv.engine.MachineHandler;
import org.vmiucv.engine.MachineId;
import org.vmiucv.engine.PathId;
import org.vmiucv.engine.UserData;
import org.vmiucv.engine.system.SystemClient;
import org.vmiucv.engine.system.SystemLog;
import org.vmiucv.engine.system.SystemOptions;
import org.vmiucv.shm.ShmSystem;

/**
 * Machines started with {@code iucv ipl} outlive their Supervisor (issue 10, bug 1): {@code iucv supervisor},
 * {@code iucv ipl A --handler echo}, {@code iucv ipl B --handler log}, {@code iucv connect B A}, and a numbered
 * stream of two-way messages from a machine of this JVM through A's echo; then the Supervisor is killed (kill -9,
 * then a new one is started) or stalled (SIGSTOP for 12 s, past the 10 s heartbeat timeout, then SIGCONT). Both
 * machine processes stay alive, the stream keeps flowing while no Supervisor runs, the next Supervisor still lists
 * both machines and the path, and every message comes back, in order.
 */
class IplOutlivesSupervisorTest
{
    private static final long COMMAND_TIMEOUT_MS = 30_000;
    private static final Pattern PATH_B_TO_A = Pattern.compile("ESTABLISHED\\s+B\\s+pid=\\d+\\s+->\\s+A\\s");

    @Test
    void machinesOutliveAKilledSupervisor() throws Exception
    {
        run(false);
    }

    @Test
    void machinesOutliveAStalledSupervisor() throws Exception
    {
        run(true);
    }

    private void run(final boolean stall) throws Exception
    {
        final Path base = Files.createTempDirectory(Path.of("/dev/shm"), "iucvipl");
        final String system = "O" + Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xFFFFFFFL);
        CliProcess supervisor = null;
        CliProcess second = null;
        CliProcess a = null;
        CliProcess b = null;
        SystemClient client = null;
        try
        {
            supervisor = CliProcess.start(base, "supervisor", "--system", system);
            awaitNames(base, system, supervisor);
            a = CliProcess.start(base, "ipl", "A", "--handler", "echo", "--system", system);
            b = CliProcess.start(base, "ipl", "B", "--handler", "log", "--system", system);
            awaitNames(base, system, supervisor, "A", "B");
            final CliProcess.Result connect = CliProcess.run(base, COMMAND_TIMEOUT_MS, "connect", "B", "A",
                "--system", system);
            assertEquals(0, connect.status(), connect::toString);

            client = ShmSystem.attach(base, system, new SystemOptions(), SystemLog.NONE);
            final Prober prober = new Prober();
            final MachineId t = MachineId.parse("T");
            client.ipl(t, prober);
            client.connect(t, MachineId.parse("A"), null);
            client.execute(t, ctx -> prober.sendNext(ctx)).get(10, TimeUnit.SECONDS);
            prober.awaitReceived(500, 30_000);

            final long supervisorPid = supervisor.pid();
            if (stall)
            {
                signal("-STOP", supervisorPid);
            }
            else
            {
                supervisor.process().destroyForcibly(); // SIGKILL
                assertTrue(supervisor.process().waitFor(10, TimeUnit.SECONDS), "the Supervisor did not die");
            }
            final long beforeFault = prober.received();
            Thread.sleep(stall ? 12_000 : 3_000);
            assertTrue(a.process().isAlive(), "A ended while the Supervisor was " + (stall ? "stopped" : "dead") +
                ":\n" + a.outSoFar());
            assertTrue(b.process().isAlive(), "B ended while the Supervisor was " + (stall ? "stopped" : "dead") +
                ":\n" + b.outSoFar());
            assertTrue(prober.received() > beforeFault + 100,
                "the stream through A stalled without a Supervisor: " + beforeFault + " -> " + prober.received());
            if (stall)
            {
                signal("-CONT", supervisorPid);
            }
            else
            {
                second = CliProcess.start(base, "supervisor", "--system", system);
            }
            final CliProcess cp = stall ? supervisor : second;
            awaitNames(base, system, cp, "A", "B", "T");
            final CliProcess.Result paths = CliProcess.run(base, COMMAND_TIMEOUT_MS, "query", "paths",
                "--system", system);
            assertEquals(0, paths.status(), paths::toString);
            assertTrue(PATH_B_TO_A.matcher(paths.out()).find(), "path B -> A lost:\n" + paths);
            prober.awaitReceived(prober.received() + 500, 30_000); // still flowing with the Supervisor back
            prober.stop();
            prober.awaitDrained(30_000);
            assertNull(prober.failure(), prober::failure);
            assertTrue(a.outSoFar().contains("the Supervisor is down"), a::outSoFar);
            assertTrue(a.outSoFar().contains("a Supervisor is back"), a::outSoFar);

            client.close();
            client = null;
            final CliProcess.Result down = CliProcess.run(base, COMMAND_TIMEOUT_MS, "shutdown", "--system", system);
            assertEquals(0, down.status(), down::toString);
            for (final CliProcess p : List.of(a, b))
            {
                assertTrue(p.process().waitFor(15, TimeUnit.SECONDS), "still hosting after SHUTDOWN: " + p.outSoFar());
                assertEquals(0, p.process().exitValue(), p::outSoFar);
            }
            System.out.println((stall ? "stalled" : "killed") + " Supervisor: " + prober.received() +
                " numbered messages echoed complete and in order, " + (prober.received() - beforeFault) +
                " of them since the fault");
        }
        finally
        {
            if (null != supervisor && supervisor.process().isAlive())
            {
                signal("-CONT", supervisor.pid());
            }
            if (null != client)
            {
                client.close();
            }
            for (final CliProcess p : new CliProcess[] {a, b, second, supervisor})
            {
                if (null != p)
                {
                    p.kill();
                }
            }
            CliProcess.deleteTree(base);
        }
    }

    static void signal(final String signal, final long pid) throws Exception
    {
        final Process kill = new ProcessBuilder("kill", signal, Long.toString(pid)).inheritIO().start();
        assertTrue(kill.waitFor(10, TimeUnit.SECONDS) && kill.exitValue() == 0, "kill " + signal + " " + pid);
    }

    /**
     * Wait until a Supervisor answers and lists the names.
     */
    static void awaitNames(final Path base, final String system, final CliProcess cp, final String... names)
        throws Exception
    {
        final long deadline = System.currentTimeMillis() + 30_000;
        String last = "";
        while (true)
        {
            try
            {
                final List<String> up = ListedMachines.names(base, system);
                if (null != up)
                {
                    if (up.containsAll(List.of(names)))
                    {
                        return;
                    }
                    last = up.toString();
                }
            }
            catch (final IucvException ex)
            {
                last = ex.getMessage();
            }
            if (System.currentTimeMillis() > deadline || !cp.process().isAlive())
            {
                throw new AssertionError("no Supervisor listing " + List.of(names) + " (" + last +
                    "); Supervisor output:\n" + cp.outSoFar());
            }
            Thread.sleep(50);
        }
    }

    /**
     * Sends numbered two-way messages one at a time (A's echo REPLYs each) and checks that the replies come back
     * complete and in order. Runs on this JVM's host thread.
     */
    static final class Prober implements MachineHandler
    {
        private static final long REPLY_TIMEOUT_NS = TimeUnit.SECONDS.toNanos(60);
        private final UnsafeBuffer out = new UnsafeBuffer(new byte[8]);
        private volatile PathId path;
        private volatile long sent;
        private volatile long received;
        private volatile boolean stopped;
        private volatile String failure;

        public void onSmsg(final MachineContext ctx, final MachineId from, final CharSequence text)
        {
        }

        public void onConnectionComplete(final MachineContext ctx, final PathId path, final MachineId peer,
            final UserData userData)
        {
            this.path = path;
        }

        Void sendNext(final MachineContext ctx)
        {
            out.putLong(0, sent);
            final long rc = ctx.iucvSendTwoWay(path, out, 0, 8, REPLY_TIMEOUT_NS);
            if (rc < 0)
            {
                fail("send of message " + sent + " failed: " + org.vmiucv.engine.SendResult.describe(rc));
            }
            else
            {
                sent++;
            }
            return null;
        }

        public void onReply(final MachineContext ctx, final IucvMessage reply)
        {
            final long n = reply.buffer().getLong(reply.offset());
            if (n != received)
            {
                fail("reply " + n + " came when " + received + " was due");
                return;
            }
            received++;
            if (!stopped && null == failure)
            {
                sendNext(ctx);
            }
        }

        public void onReplyTimeout(final MachineContext ctx, final PathId path, final long messageId)
        {
            fail("no reply to message id " + messageId + " within 60 s");
        }

        public void onConnectionSevered(final MachineContext ctx, final PathId path, final UserData userData)
        {
            fail("path " + path + " severed after " + received + " replies");
        }

        private void fail(final String why)
        {
            if (null == failure)
            {
                failure = why;
            }
        }

        long received()
        {
            return received;
        }

        String failure()
        {
            return failure;
        }

        void stop()
        {
            stopped = true;
        }

        void awaitReceived(final long count, final long timeoutMs) throws InterruptedException
        {
            final long deadline = System.currentTimeMillis() + timeoutMs;
            while (received < count && null == failure)
            {
                if (System.currentTimeMillis() > deadline)
                {
                    throw new AssertionError("only " + received + " of " + count + " replies within " + timeoutMs +
                        " ms");
                }
                Thread.sleep(10);
            }
            assertNull(failure, failure);
        }

        void awaitDrained(final long timeoutMs) throws InterruptedException
        {
            final long deadline = System.currentTimeMillis() + timeoutMs;
            while (received < sent && null == failure)
            {
                if (System.currentTimeMillis() > deadline)
                {
                    throw new AssertionError(received + " of " + sent + " replies within " + timeoutMs + " ms");
                }
                Thread.sleep(10);
            }
        }
    }
}
