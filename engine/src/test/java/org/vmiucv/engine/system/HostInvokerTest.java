package org.vmiucv.engine.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.vmiucv.engine.ConnectOptions;
import org.vmiucv.engine.IucvMessage;
import org.vmiucv.engine.MachineContext;
import org.vmiucv.engine.MachineHandler;
import org.vmiucv.engine.MachineId;
import org.vmiucv.engine.PathId;
import org.vmiucv.engine.SendResult;
import org.vmiucv.engine.SmsgText;

/**
 * A host driven by the application's thread ({@link SystemOptions#hostInvoker(boolean)}): every callback runs on
 * that thread inside {@link SystemClient#invokeHost()}, blocking calls drive the host while they wait, and nothing
 * happens while nobody invokes it.
 */
class HostInvokerTest
{
    private static final MachineId LOCAL = MachineId.of("LOCAL");
    private static final MachineId REMOTE = MachineId.of("REMOTE");

    @Test
    void callbacksRunOnTheInvokingThreadAndOnlyWhenInvoked() throws Exception
    {
        try (EmbeddedSystem system = EmbeddedSystem.start(new SystemOptions()))
        {
            final AtomicReference<Thread> smsgThread = new AtomicReference<>();
            final AtomicReference<String> smsgText = new AtomicReference<>();
            final AtomicReference<Thread> dataThread = new AtomicReference<>();
            final SystemClient local = system.attachHost(new SystemOptions().hostInvoker(true));
            local.ipl(LOCAL, new MachineHandler()
            {
                public void onSmsg(final MachineContext ctx, final MachineId from, final CharSequence text)
                {
                    smsgThread.set(Thread.currentThread());
                    smsgText.set(from + ":" + text);
                }

                public void onIucvData(final MachineContext ctx, final IucvMessage m)
                {
                    dataThread.set(Thread.currentThread());
                }
            });
            system.ipl(REMOTE, new MachineHandler()
            {
                public void onSmsg(final MachineContext ctx, final MachineId from, final CharSequence text)
                {
                }

                public void onIucvData(final MachineContext ctx, final IucvMessage m)
                {
                    ctx.iucvSend(m.path(), m.buffer(), m.offset(), m.length());
                }
            });

            system.smsg(REMOTE, LOCAL, SmsgText.of("hello"));
            Thread.sleep(50);
            assertEquals(null, smsgText.get(), "no callback may run while nobody invokes the host");
            invokeUntil(local, () -> null != smsgText.get());
            assertEquals("REMOTE:hello", smsgText.get());
            assertSame(Thread.currentThread(), smsgThread.get());

            // a blocking CONNECT from the invoking thread drives the host itself
            final PathId path = local.connect(LOCAL, REMOTE, ConnectOptions.msglim(4));
            final CompletableFuture<Long> sent = local.execute(LOCAL,
                ctx -> ctx.iucvSend(path, new UnsafeBuffer(new byte[] {1, 2, 3}), 0, 3));
            Thread.sleep(20);
            assertFalse(sent.isDone(), "execute runs only inside invokeHost");
            invokeUntil(local, () -> null != dataThread.get());
            assertTrue(sent.get() > 0, "send result " + SendResult.describe(sent.get()));
            assertSame(Thread.currentThread(), dataThread.get(), "the echo is dispatched on the invoking thread");
        }
    }

    @Test
    void invokeHostOnAClientWithItsOwnThreadIsRefusedWithAReason() throws Exception
    {
        try (EmbeddedSystem system = EmbeddedSystem.start(new SystemOptions()))
        {
            final SystemClient threaded = system.attachHost();
            final IllegalStateException ex = assertThrows(IllegalStateException.class, threaded::invokeHost);
            assertEquals("this client runs its own host thread; invokeHost() needs SystemOptions.hostInvoker(true)",
                ex.getMessage());
        }
    }

    private static void invokeUntil(final SystemClient client, final BooleanSupplier done)
    {
        final long deadline = System.nanoTime() + 10_000_000_000L;
        while (!done.getAsBoolean())
        {
            assertTrue(System.nanoTime() < deadline, "nothing arrived within 10 s");
            if (0 == client.invokeHost())
            {
                Thread.yield();
            }
        }
    }
}
