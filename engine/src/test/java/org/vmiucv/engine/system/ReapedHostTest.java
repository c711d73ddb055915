package org.vmiucv.engine.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.Test;
import org.vmiucv.engine.IucvException;
import org.vmiucv.engine.MachineContext;
import org.vmiucv.engine.MachineHandler;
import org.vmiucv.engine.MachineId;
import org.vmiucv.engine.MachineInfo;
import org.vmiucv.engine.ReturnCode;

/**
 * A host that stops beating its heartbeat (here: a host driven by {@link SystemClient#invokeHost()} that nobody
 * invokes, as a SIGSTOPped process) is reaped by the CP. When it runs again it must find out by itself: each machine
 * gets onLogoff on the host's thread, the host drops them, and every later request fails with RC 32 saying why,
 * without touching the machine of the same name another host logged on meanwhile.
 */
class ReapedHostTest
{
    private static final MachineId A = MachineId.of("A");
    private static final long DEADLINE_NS = 10_000_000_000L;

    @Test
    void aHostThatWasReapedLogsItsMachinesOffLocallyAndRefusesRequests() throws Exception
    {
        final SystemOptions options = new SystemOptions().heartbeatIntervalMs(10).heartbeatTimeoutMs(2_000);
        try (EmbeddedSystem system = EmbeddedSystem.start(options))
        {
            final SystemClient ghost = system.attachHost(
                new SystemOptions().heartbeatIntervalMs(10).heartbeatTimeoutMs(2_000).hostInvoker(true));
            final AtomicReference<Thread> logoffThread = new AtomicReference<>();
            final AtomicInteger logoffs = new AtomicInteger();
            ghost.ipl(A, new MachineHandler()
            {
                public void onSmsg(final MachineContext ctx, final MachineId from, final CharSequence text)
                {
                }

                public void onLogoff(final MachineContext ctx)
                {
                    logoffThread.set(Thread.currentThread());
                    logoffs.incrementAndGet();
                }
            });
            assertNull(ghost.reaped());

            // nobody invokes the ghost's host: its heartbeat stops and the CP reaps it
            await(() -> listed(system).stream().noneMatch(m -> m.name().equals(A)), "A is reaped");
            final SystemClient successor = system.attachHost();
            successor.ipl(A, new MachineHandler()
            {
                public void onSmsg(final MachineContext ctx, final MachineId from, final CharSequence text)
                {
                }
            });

            // the ghost runs again
            final long deadline = System.nanoTime() + DEADLINE_NS;
            while (ghost.hostedMachines() > 0)
            {
                assertTrue(System.nanoTime() < deadline, "the ghost did not notice it was reaped within 10 s");
                if (0 == ghost.invokeHost())
                {
                    Thread.yield();
                }
            }
            assertEquals(1, logoffs.get(), "onLogoff once");
            assertSame(Thread.currentThread(), logoffThread.get(), "onLogoff on the host's thread");
            final String why = ghost.reaped();
            assertTrue(null != why && why.matches("DMSIUC032E this process \\(pid=\\d+\\) was reaped by the " +
                "Supervisor \\(no heartbeat for \\d+ ms, the limit is 2000 ms\\); its machines were logged off"), why);

            final IucvException ex = assertThrows(IucvException.class, () -> ghost.logoff(A));
            assertEquals(ReturnCode.SUPERVISOR_DOWN, ex.returnCode());
            assertTrue(ex.getMessage().contains("was reaped"), ex.getMessage());
            ghost.close();

            final MachineInfo a = system.queryNames().stream().filter(m -> m.name().equals(A)).findFirst()
                .orElseThrow(() -> new AssertionError("the successor's A was logged off"));
            assertEquals("ACTIVE", a.state());
            assertEquals(1, successor.hostedMachines());
        }
    }

    private static java.util.List<MachineInfo> listed(final EmbeddedSystem system)
    {
        try
        {
            return system.queryNames();
        }
        catch (final IucvException ex)
        {
            throw new AssertionError(ex);
        }
    }

    private static void await(final BooleanSupplier condition, final String what) throws Exception
    {
        final long deadline = System.nanoTime() + DEADLINE_NS;
        while (!condition.getAsBoolean())
        {
            assertTrue(System.nanoTime() < deadline, what + ": not within 10 s");
            Thread.sleep(10);
        }
    }
}
