package org.vmiucv.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.vmiucv.engine.ConnectOptions;
import org.vmiucv.engine.IucvMessage;
import org.vmiucv.engine.MachineContext;
import org.vmiucv.engine.MachineHandler;
import org.vmiucv.engine.MachineId;
import org.vmiucv.engine.PathId;
import org.vmiucv.engine.SendResult;
import org.vmiucv.engine.system.SystemClient;

/**
 * Issue 10, bug 5: the shipped {@code echo} handler, started with {@code iucv ipl --handler echo}, gives back every
 * one of 100,000 numbered one-way messages exactly once and in order, however hard the sender pushes: its back
 * pressure (message limit, full inbox, the echo's own QUIESCE) must never become loss. Nor news: back pressure is
 * normal, so the echo's output stays a few lines however often its sends back are refused (F9: a stream at msglim 10
 * once wrote a line per refusal, 129,356 lines for 6 M messages).
 */
class EchoBackPressureTest
{
    private static final int MESSAGES = 100_000;
    private static final long DEADLINE_MS = 60_000;
    /** The echo's output for a whole stream: a few lines per path, not one per refused send. */
    private static final int MAX_ECHO_LINES = 50;

    /** The sender: numbers its messages and checks the echoes, on its agent thread. */
    private static final class Sender implements MachineHandler
    {
        final UnsafeBuffer out = new UnsafeBuffer(new byte[8]);
        volatile long nextToSend;
        volatile long nextExpected;
        volatile String error;
        volatile long quiesces;
        long stallMs;

        public void onSmsg(final MachineContext ctx, final MachineId from, final CharSequence text)
        {
        }

        public void onIucvData(final MachineContext ctx, final IucvMessage message)
        {
            final long n = message.length() == 8 ? message.buffer().getLong(message.offset()) : -1;
            if (n != nextExpected && null == error)
            {
                error = "echo " + n + " came back where " + nextExpected + " was expected";
            }
            nextExpected = n + 1;
            if (n == 1_000 && stallMs > 0)
            {
                // a sender that keeps sending but reads nothing for a while: its inbox fills, the echo's sends back
                // are refused, its backlog passes the high-water mark and it must QUIESCE the path
                final long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(stallMs);
                while (System.nanoTime() < end && nextToSend < MESSAGES)
                {
                    sendSome(ctx, message.path());
                    LockSupport.parkNanos(50_000);
                }
            }
        }

        public void onPathQuiesced(final MachineContext ctx, final PathId path,
            final org.vmiucv.engine.UserData userData)
        {
            quiesces++;
        }

        /** Sends as many as the path allows; returns the refusal that stopped it (OK when all are sent). */
        long sendSome(final MachineContext ctx, final PathId path)
        {
            long n = nextToSend;
            long rc = SendResult.OK;
            while (n < MESSAGES)
            {
                out.putLong(0, n);
                rc = ctx.iucvSend(path, out, 0, 8);
                if (rc < 0)
                {
                    break;
                }
                n++;
            }
            nextToSend = n;
            return n < MESSAGES ? rc : SendResult.OK;
        }
    }

    @ParameterizedTest(name = "msglim {0}, sender reads nothing for {1} ms, inboxes of {2} bytes")
    @CsvSource({"10, 0, 1048576", "65535, 0, 1048576", "65535, 500, 65536"})
    void everyEchoComesBackOnceAndInOrder(final int msglim, final long stallMs, final int inboxCapacity)
        throws Exception
    {
        try (CliSystem sys = new CliSystem("EB"))
        {
            sys.startSupervisor("--inbox-capacity", Integer.toString(inboxCapacity));
            final CliProcess echo = sys.ipl("ECHO", "echo");
            try (SystemClient client = sys.attach())
            {
                final MachineId sender = MachineId.of("SENDER");
                final Sender handler = new Sender();
                handler.stallMs = stallMs;
                client.ipl(sender, handler);
                final PathId path = client.connect(sender, MachineId.of("ECHO"), ConnectOptions.msglim(msglim));
                final long deadline = System.currentTimeMillis() + DEADLINE_MS;
                long refusals = 0;
                while (handler.nextToSend < MESSAGES)
                {
                    final long rc = client.execute(sender, ctx -> handler.sendSome(ctx, path))
                        .get(10, TimeUnit.SECONDS);
                    assertTrue(rc >= 0 || rc == SendResult.MESSAGE_LIMIT_EXCEEDED || rc == SendResult.BACK_PRESSURED ||
                        rc == SendResult.PATH_QUIESCED, () -> "send refused: " + SendResult.describe(rc));
                    if (rc < 0)
                    {
                        refusals++;
                        LockSupport.parkNanos(50_000); // our own back pressure: retry soon
                    }
                    if (System.currentTimeMillis() >= deadline)
                    {
                        System.out.println(sys.iucv("stat", "--once"));
                    }
                    assertTrue(System.currentTimeMillis() < deadline, () -> "still sending after " + DEADLINE_MS +
                        " ms: " + handler.nextToSend + " sent, " + handler.nextExpected + " back, last refusal " +
                        SendResult.describe(rc) + "; echo output:\n" + tail(echo.outSoFar()));
                }
                while (handler.nextExpected < MESSAGES && null == handler.error)
                {
                    assertTrue(System.currentTimeMillis() < deadline, () -> "only " + handler.nextExpected + " of " +
                        MESSAGES + " echoes came back within " + DEADLINE_MS + " ms; echo output:\n" +
                        tail(echo.outSoFar()));
                    Thread.sleep(10);
                }
                assertNull(handler.error, () -> handler.error + "; echo output:\n" + tail(echo.outSoFar()));
                Thread.sleep(200); // nothing more may come: a duplicate of the last would show as an error
                assertNull(handler.error);
                assertEquals(MESSAGES, handler.nextExpected);
                assertTrue(refusals > 0, "the sender never met back pressure: the test tested nothing");
                assertTrue(echo.process().isAlive(), echo::outSoFar);
                assertFalse(echo.outSoFar().contains("discarded"), echo::outSoFar);
                final long lines = echo.outSoFar().lines().count();
                assertTrue(lines < MAX_ECHO_LINES, () -> "the echo wrote " + lines + " lines for " + MESSAGES +
                    " messages: back pressure must not be logged per refusal\n" + tail(echo.outSoFar()));
                if (stallMs > 0)
                {
                    assertTrue(handler.quiesces > 0, "the echo never quiesced the path of a stalled sender");
                    assertTrue(echo.outSoFar().contains("QUIESCEd") && echo.outSoFar().contains("RESUMEd"),
                        echo::outSoFar);
                }
                System.out.println("msglim " + msglim + ", stall " + stallMs + " ms: " + MESSAGES +
                    " echoes back in order; sender refused " +
                    refusals + " times, quiesced by the echo " + handler.quiesces + " times; the echo wrote " + lines +
                    " lines");
            }
        }
    }

    private static String tail(final String s)
    {
        return s.length() > 4000 ? "..." + s.substring(s.length() - 4000) : s;
    }
}
