package org.vmiucv.engine.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.vmiucv.engine.ConnectOptions;
import org.vmiucv.engine.MachineId;
import org.vmiucv.engine.PathId;
import org.vmiucv.engine.SmsgText;
import org.vmiucv.engine.testkit.CollectorHandle;
import org.vmiucv.engine.testkit.CollectorHandler;
import org.vmiucv.engine.testkit.MachineActions;
import org.vmiucv.engine.testkit.TestMachine;

/**
 * A host carrying more machines than its hot set: while one path streams, every other machine still gets its
 * SMSGs and interrupts (the full sweep every 16th pass and when idle).
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ManyMachinesPerHostTest
{
    @Test
    void coldMachinesAreServedWhileAHotPathStreams() throws Exception
    {
        try (EmbeddedSystem cp = EmbeddedSystem.start(new SystemOptions()))
        {
            final List<CollectorHandle> handles = new ArrayList<>();
            for (int i = 0; i < 80; i++)
            {
                final CollectorHandle h = new CollectorHandle();
                handles.add(h);
                cp.ipl(MachineId.of("M" + i), new CollectorHandler(h));
            }
            final PathId hot = cp.connect(MachineId.of("M0"), MachineId.of("M1"), ConnectOptions.msglim(64));
            final CompletableFuture<Long> stream = CompletableFuture.supplyAsync(() ->
            {
                long sent = 0;
                final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
                while (sent < 20_000 && System.nanoTime() < deadline)
                {
                    final long from = sent;
                    sent += cp.execute(MachineId.of("M0"),
                        ctx -> Math.max(0, MachineActions.streamBatch(ctx, hot, (int)from, 20_000, 16))).join();
                }
                return sent;
            });
            for (int i = 2; i < 80; i++)
            {
                cp.smsg(MachineId.of("OP"), MachineId.of("M" + i), SmsgText.of("cold " + i));
            }
            final PathId late = cp.connect(MachineId.of("M79"), MachineId.of("M40"));
            for (int i = 2; i < 80; i++)
            {
                assertEquals("cold " + i, handles.get(i).await(CollectorHandle.Kind.SMSG, Duration.ofSeconds(10)).text());
            }
            handles.get(40).awaitMatching(e -> e.kind() == CollectorHandle.Kind.COMPLETE && late.equals(e.path()), 1,
                Duration.ofSeconds(10), "COMPLETE at M40");
            assertEquals(20_000L, stream.get(30, TimeUnit.SECONDS));
            final List<CollectorHandle.Event> got = handles.get(1).await(CollectorHandle.Kind.DATA, 20_000,
                Duration.ofSeconds(20));
            for (int i = 0; i < 20_000; i += 997)
            {
                assertEquals(i, TestMachine.checkPayload(got.get(i).data()));
            }
            assertTrue(got.size() >= 20_000);
        }
    }
}
