package org.vmiucv.engine.system;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;
import org.vmiucv.engine.MachineContext;
import org.vmiucv.engine.MachineHandler;
import org.vmiucv.engine.MachineId;

/**
 * A process that logs its machine off and then detaches left normally: neither it nor the CP may call that a reap
 * (issue 10 review, F3). The generation fence must only fire for a process the CP really reaped.
 */
class CleanLeaveTest
{
    private static final MachineId A = MachineId.of("LEAVER");

    @Test
    void logoffThenCloseIsNoReap() throws Exception
    {
        final List<String> cpLog = new CopyOnWriteArrayList<>();
        final SystemOptions options = new SystemOptions().heartbeatIntervalMs(10).heartbeatTimeoutMs(2_000);
        try (EmbeddedSystem system = EmbeddedSystem.start(options, cpLog::add))
        {
            for (int round = 0; round < 20; round++)
            {
                final SystemClient client = system.attachHost(new SystemOptions().heartbeatIntervalMs(1)
                    .heartbeatTimeoutMs(2_000));
                client.ipl(A, new MachineHandler()
                {
                    public void onSmsg(final MachineContext ctx, final MachineId from, final CharSequence text)
                    {
                    }

                    public void onLogoff(final MachineContext ctx)
                    {
                    }
                });
                client.logoff(A);
                assertNull(client.reaped(), "a process that logged its machine off was not reaped");
                client.close();
                assertNull(client.reaped(), "a process that detached was not reaped");
            }
            Thread.sleep(200);
            assertTrue(cpLog.stream().noneMatch(l -> l.contains("reaped") || l.contains("CP dropped")),
                cpLog.toString());
        }
    }
}
