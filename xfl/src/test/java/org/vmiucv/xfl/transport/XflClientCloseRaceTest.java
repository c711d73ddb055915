package org.vmiucv.xfl.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.vmiucv.engine.IucvException;
import org.vmiucv.engine.MachineId;
import org.vmiucv.engine.ReturnCode;
import org.vmiucv.engine.SmsgText;
import org.vmiucv.engine.system.SystemLog;

/**
 * Closing an {@link XflClient} while other threads are inside its calls: every call either succeeds or fails with
 * RC 32, none hangs until its answer timeout (a call registered just after close failed the others would wait for an
 * answer that never comes), none throws a raw exception, and every call after close returns RC 32.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class XflClientCloseRaceTest
{
    private static final int ROUNDS = 30;
    private static final int THREADS = 4;

    @Test
    void callsRacingCloseFailWithRc32AndNeverHang() throws Exception
    {
        try (XflTestSystem sys = new XflTestSystem(0))
        {
            final AtomicReference<Throwable> failure = new AtomicReference<>();
            for (int round = 0; round < ROUNDS && null == failure.get(); round++)
            {
                final XflClient client = XflSystem.attach(sys.directory().getParent(), sys.directory().getFileName()
                    .toString(), XflTestSystem.options(), SystemLog.NONE);
                final MachineId machine = MachineId.parse("R" + round);
                client.ipl(machine, (ctx, from, text) -> { });
                final boolean[] closeReturned = new boolean[1];
                final List<Thread> threads = new ArrayList<>();
                for (int t = 0; t < THREADS; t++)
                {
                    final int kind = t;
                    final Thread th = new Thread(() ->
                    {
                        int afterClose = 0;
                        for (long i = 0; afterClose < 10 && null == failure.get(); i++)
                        {
                            final boolean closedBefore;
                            synchronized (closeReturned)
                            {
                                closedBefore = closeReturned[0];
                            }
                            try
                            {
                                call(client, machine, kind, i);
                                if (closedBefore)
                                {
                                    failure.compareAndSet(null,
                                        new AssertionError("call " + kind + " succeeded after close"));
                                }
                            }
                            catch (final IucvException ex)
                            {
                                if (closedBefore && ex.returnCode() != ReturnCode.SUPERVISOR_DOWN)
                                {
                                    failure.compareAndSet(null, ex);
                                }
                            }
                            catch (final Throwable ex)
                            {
                                failure.compareAndSet(null, ex);
                            }
                            if (closedBefore)
                            {
                                afterClose++;
                            }
                        }
                    }, "xfl-hammer-" + t);
                    th.setDaemon(true);
                    threads.add(th);
                    th.start();
                }
                TimeUnit.MICROSECONDS.sleep(ThreadLocalRandom.current().nextLong(0, 20_000));
                client.close();
                synchronized (closeReturned)
                {
                    closeReturned[0] = true;
                }
                for (final Thread th : threads)
                {
                    th.join(10_000); // far below the 30 s answer timeout a lost call would wait for
                    assertFalse(th.isAlive(), th.getName() + " hangs after close");
                }
            }
            assertNull(failure.get(), () -> String.valueOf(failure.get()));
            final long deadline = System.currentTimeMillis() + 20_000;
            long left;
            while ((left = sys.supervisor().queryNames().stream().filter(m -> m.name().name().startsWith("R"))
                .count()) > 0 && System.currentTimeMillis() < deadline)
            {
                Thread.sleep(20); // the Supervisor logs them off once it sees end of file on their connectors
            }
            assertEquals(0, left, "machines of closed clients are still logged on");
        }
    }

    private static void call(final XflClient client, final MachineId machine, final int kind, final long i)
        throws Exception
    {
        switch (kind)
        {
            case 0:
                client.queryNames();
                break;
            case 1:
                client.smsg(MachineId.parse("HAMMER"), machine, SmsgText.of("n" + i));
                break;
            case 2:
                try
                {
                    client.execute(machine, ctx -> ctx.machineId()).get(10, TimeUnit.SECONDS);
                }
                catch (final ExecutionException ex)
                {
                    if (ex.getCause() instanceof IucvException)
                    {
                        throw (IucvException)ex.getCause();
                    }
                    throw ex;
                }
                break;
            default:
                client.queryPaths();
                break;
        }
    }
}
