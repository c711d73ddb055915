package org.vmiucv.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.vmiucv.engine.testkit.CollectorHandle;
import org.vmiucv.engine.testkit.CollectorHandler;

class SmokeTest
{
    @Test
    void smsgConnectSendReply() throws Exception
    {
        try (Supervisor cp = Supervisor.embedded())
        {
            final CollectorHandle a = new CollectorHandle();
            final CollectorHandle b = new CollectorHandle();
            cp.ipl(MachineId.of("alice"), new CollectorHandler(a));
            cp.ipl(MachineId.of("bob"), CollectorHandler.fromSpec(b, "echo"));
            cp.smsg(MachineId.of("OP"), MachineId.of("BOB"), SmsgText.of("hello"));
            assertEquals("hello", b.await(CollectorHandle.Kind.SMSG, Duration.ofSeconds(5)).text());
            final PathId path = cp.connect(MachineId.of("alice"), MachineId.of("bob"));
            a.await(CollectorHandle.Kind.COMPLETE, Duration.ofSeconds(5));
            final long id = cp.execute(MachineId.of("ALICE"),
                ctx -> ctx.iucvSendTwoWay(path, new UnsafeBuffer("ping".getBytes()), 0, 4, 1_000_000_000L)).get();
            assertTrue(id > 0, SendResult.describe(id));
            assertEquals("ping", new String(a.await(CollectorHandle.Kind.REPLY, Duration.ofSeconds(5)).data()));
            cp.logoff(MachineId.of("bob"));
            a.await(CollectorHandle.Kind.SEVERED, Duration.ofSeconds(5));
            assertEquals(1, b.count(CollectorHandle.Kind.LOGOFF));
            assertEquals(0, b.count(CollectorHandle.Kind.SEVERED));
        }
    }
}
