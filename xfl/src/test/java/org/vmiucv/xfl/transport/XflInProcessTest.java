package org.vmiucv.xfl.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.vmiucv.engine.IucvException;
import org.vmiucv.engine.MachineId;
import org.vmiucv.engine.MachineInfo;
import org.vmiucv.engine.PathId;
import org.vmiucv.engine.ReturnCode;
import org.vmiucv.engine.SendResult;
import org.vmiucv.engine.SmsgText;
import org.vmiucv.engine.system.SystemLog;
import org.vmiucv.engine.system.SystemOptions;
import org.vmiucv.engine.testkit.CollectorHandle;
import org.vmiucv.engine.testkit.CollectorHandler;

/**
 * The relay and an attached client in one JVM, over real FIFOs: quick checks of the rendezvous, the API, sessions
 * and clean-up, without child processes.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class XflInProcessTest
{
    private static final Duration T = Duration.ofSeconds(10);

    @TempDir
    Path base;

    @Test
    void attachIplSessionsQueryAndCleanStop() throws Exception
    {
        final XflSupervisorProcess cp = XflSupervisorProcess.start(base, "VM1", new SystemOptions(), SystemLog.NONE);
        try
        {
            assertTrue(Files.exists(cp.directory().resolve(XflNamespace.PID_FILE)));
            final IucvException twice = assertThrows(IucvException.class,
                () -> XflSupervisorProcess.start(base, "VM1", new SystemOptions(), SystemLog.NONE));
            assertEquals(ReturnCode.ALREADY_RUNNING, twice.returnCode());

            try (XflClient client = XflSystem.attach(base, "VM1", new SystemOptions(), SystemLog.NONE))
            {
                final CollectorHandle a = new CollectorHandle();
                final CollectorHandle b = new CollectorHandle();
                client.ipl(MachineId.of("A"), new CollectorHandler(a));
                client.ipl(MachineId.of("B"), CollectorHandler.fromSpec(b, "echo"));
                a.await(CollectorHandle.Kind.IPL, T);
                try (Stream<Path> files = Files.list(cp.directory()))
                {
                    assertEquals(List.of(XflNamespace.PID_FILE),
                        files.map(p -> p.getFileName().toString()).toList(), "FIFOs are unlinked once open");
                }
                client.smsg(MachineId.of("OP"), MachineId.of("A"), SmsgText.of("hello"));
                assertEquals("hello", a.await(CollectorHandle.Kind.SMSG, T).text());

                final PathId path = client.connect(MachineId.of("A"), MachineId.of("B"));
                final long id = client.execute(MachineId.of("A"),
                    ctx -> ctx.iucvSendTwoWay(path, new UnsafeBuffer("ping".getBytes()), 0, 4, 5_000_000_000L))
                    .get(10, TimeUnit.SECONDS);
                assertTrue(id > 0, SendResult.describe(id));
                assertEquals("ping", new String(a.await(CollectorHandle.Kind.REPLY, T).data()));
                assertEquals(id, a.await(CollectorHandle.Kind.REPLY, T).messageId());

                final List<MachineInfo> names = client.queryNames();
                assertEquals(ProcessHandle.current().pid(), names.get(0).pid());
                final IucvException fromHandler = client.execute(MachineId.of("A"), ctx ->
                {
                    try
                    {
                        client.connect(MachineId.of("A"), MachineId.of("B"));
                        return null;
                    }
                    catch (final IucvException ex)
                    {
                        return ex;
                    }
                }).get(10, TimeUnit.SECONDS);
                assertEquals(ReturnCode.INVALID_PARAMETER, fromHandler.returnCode());
            }
            // detaching logged the client's machines off
            final long deadline = System.nanoTime() + T.toNanos();
            while (!cp.supervisor().queryNames().isEmpty() && System.nanoTime() < deadline)
            {
                Thread.sleep(10);
            }
            assertTrue(cp.supervisor().queryNames().isEmpty());
        }
        finally
        {
            cp.close();
        }
        assertFalse(Files.exists(base.resolve("VM1")), "a clean stop removes the directory");
        final IucvException down = assertThrows(IucvException.class,
            () -> XflSystem.attach(base, "VM1", new SystemOptions(), SystemLog.NONE));
        assertEquals(ReturnCode.SUPERVISOR_DOWN, down.returnCode());
        assertTrue(down.getMessage().contains("iucv supervisor --transport xfl --system VM1"), down.getMessage());
    }

    @Test
    void badSystemNameIsInvalidParameter()
    {
        assertEquals(ReturnCode.INVALID_PARAMETER, assertThrows(IucvException.class,
            () -> XflSystem.attach(base, "no/slash", new SystemOptions(), SystemLog.NONE)).returnCode());
        assertEquals(ReturnCode.INVALID_PARAMETER, assertThrows(IucvException.class,
            () -> XflSupervisorProcess.start(base, "", new SystemOptions(), SystemLog.NONE)).returnCode());
    }

    @Test
    void hostInvokerIsRefusedWithAReason()
    {
        final IucvException ex = assertThrows(IucvException.class,
            () -> XflSystem.attach(base, "VM1", new SystemOptions().hostInvoker(true), SystemLog.NONE));
        assertEquals(ReturnCode.INVALID_PARAMETER, ex.returnCode());
        assertTrue(ex.getMessage().contains("no host invoker"), ex.getMessage());
    }
}
