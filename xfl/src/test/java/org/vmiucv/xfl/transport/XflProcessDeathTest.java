package org.vmiucv.xfl.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.vmiucv.engine.IucvException;
import org.vmiucv.engine.MachineId;
import org.vmiucv.engine.MachineInfo;
import org.vmiucv.engine.PathId;
import org.vmiucv.engine.ReturnCode;
import org.vmiucv.engine.testkit.CollectorHandle;
import org.vmiucv.engine.testkit.TestMachine;

/**
 * Liveness over XFL: end of file on a process's connectors is its death.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class XflProcessDeathTest
{
    private static final Duration T = Duration.ofSeconds(20);

    @Test
    void aHostKilledWithSigkillIsNoticedAndItsPeersAreSevered() throws Exception
    {
        try (XflTestSystem sys = new XflTestSystem())
        {
            final TestMachine peer = sys.ipl("PEER", 0);
            final TestMachine victim = sys.ipl("VICTIM", 1);
            final PathId path = sys.supervisor().connect(peer.id(), victim.id());
            peer.events().awaitMatching(e -> e.kind() == CollectorHandle.Kind.COMPLETE && path.equals(e.path()), 1, T,
                "COMPLETE at PEER");
            assertTrue(peer.send(path, "before".getBytes()) > 0);
            victim.events().await(CollectorHandle.Kind.DATA, T);

            sys.host(1).process().destroyForcibly(); // SIGKILL: no clean-up runs in the victim
            assertTrue(sys.host(1).process().waitFor(10, TimeUnit.SECONDS));

            final CollectorHandle.Event severed = peer.events().await(CollectorHandle.Kind.SEVERED, T);
            assertEquals(path, severed.path());
            final long deadline = System.nanoTime() + T.toNanos();
            List<MachineId> names;
            do
            {
                names = sys.supervisor().queryNames().stream().map(MachineInfo::name).toList();
                Thread.sleep(20);
            }
            while (names.size() > 1 && System.nanoTime() < deadline);
            assertEquals(List.of(MachineId.of("PEER")), names);
            assertTrue(sys.supervisor().queryPaths().isEmpty());
            // the name is free again and the rest of the system runs on
            final TestMachine again = sys.ipl("VICTIM", 0);
            again.events().await(CollectorHandle.Kind.IPL, T);
        }
    }

    @Test
    void aSupervisorKilledWithSigkillIsSupervisorDownForEveryCall() throws Exception
    {
        try (XflTestSystem sys = new XflTestSystem())
        {
            sys.ipl("ALONE", 0);
            sys.supervisorProcess().destroyForcibly();
            assertTrue(sys.supervisorProcess().waitFor(10, TimeUnit.SECONDS));
            final XflClient client = (XflClient)sys.supervisor();
            final long deadline = System.nanoTime() + T.toNanos();
            while (null == client.supervisorProblem() && System.nanoTime() < deadline)
            {
                Thread.sleep(10);
            }
            assertTrue(null != client.supervisorProblem(), "end of file on the connectors was not noticed");
            final IucvException ex = assertThrows(IucvException.class, () -> sys.supervisor().queryNames());
            assertEquals(ReturnCode.SUPERVISOR_DOWN, ex.returnCode());
            assertTrue(ex.getMessage().startsWith("DMSIUC032E"), ex.getMessage());
            assertTrue(ex.getMessage().contains("has gone"), ex.getMessage());
            final IucvException ipl = assertThrows(IucvException.class, () -> sys.ipl("LATE", 1));
            assertEquals(ReturnCode.SUPERVISOR_DOWN, ipl.returnCode());
        }
    }
}
