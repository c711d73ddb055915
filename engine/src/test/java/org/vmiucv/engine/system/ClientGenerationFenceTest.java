package org.vmiucv.engine.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.function.BooleanSupplier;

import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.ManyToOneRingBuffer;
import org.junit.jupiter.api.Test;
import org.vmiucv.engine.MachineId;
import org.vmiucv.engine.layout.ClientTable;
import org.vmiucv.engine.layout.ControlFlyweight;
import org.vmiucv.engine.layout.FrameType;
import org.vmiucv.engine.layout.MachineDirectory;

/**
 * The conductor driven in-process, frame by frame: a process reaped for a stopped heartbeat keeps writing with the
 * client slot and generation REGISTER gave it; once that slot serves a successor, its LOGOFF of a machine the
 * successor now hosts under the same name, and its UNREGISTER, must touch nothing.
 */
class ClientGenerationFenceTest
{
    private static final MachineId A = MachineId.of("A");
    private static final long DEADLINE_MS = 10_000;

    private final HeapNamespace ns = new HeapNamespace("fence test");
    private final SystemOptions options = new SystemOptions().heartbeatIntervalMs(10).heartbeatTimeoutMs(2_000);
    private final SupervisorConductor cp = SupervisorConductor.create(ns, options, SystemLog.NONE);
    private final ManyToOneRingBuffer control = RingFiles.open(ns, RingFiles.CONTROL);
    private final UnsafeBuffer frame = new UnsafeBuffer(ByteBuffer.allocateDirect(512));
    private final ControlFlyweight f = new ControlFlyweight();
    private long nextCorr = 100;
    private int beating = -1;

    /** A registered client as the CP answered it. */
    private record Client(int slot, int generation, ManyToOneRingBuffer responses)
    {
    }

    @Test
    void requestsOfAReapedClientGenerationAreDroppedAndCounted() throws Exception
    {
        final ClientTable clients = cp.tables().clients();
        final MachineDirectory machines = cp.tables().machines();

        final Client ghost = register(0x1001);
        assertEquals(0, ipl(ghost, A).rc());
        final int firstSlotOfA = slotOf(machines, A);
        assertTrue(firstSlotOfA >= 0);

        // the ghost never beats its heartbeat: the CP reaps it, and its machine with it
        await(() -> clients.state(ghost.slot()) == ClientTable.FREE, "the CP reaps the silent client");
        assertEquals(-1, slotOf(machines, A), "the reaped client's machine is logged off");

        final Client successor = register(0x2002);
        beating = successor.slot();
        assertEquals(ghost.slot(), successor.slot(), "the first free slot is given again");
        assertNotEquals(ghost.generation(), successor.generation());
        assertEquals(0, ipl(successor, A).rc());
        final int slotOfA = slotOf(machines, A);

        // the ghost comes back: LOGOFF A and UNREGISTER with its old slot and generation
        final long corr = nextCorr++;
        request(FrameType.LOGOFF_REQ, ghost, corr).name(A.packed());
        send(FrameType.LOGOFF_REQ);
        request(FrameType.UNREGISTER_REQ, ghost, 0);
        send(FrameType.UNREGISTER_REQ);
        for (int i = 0; i < 10; i++)
        {
            work();
        }

        assertEquals(MachineDirectory.ACTIVE, machines.state(slotOfA), "the successor's A is still logged on");
        assertEquals(ClientTable.ACTIVE, clients.state(successor.slot()), "the successor is still attached");
        assertEquals(successor.generation(), clients.generation(successor.slot()));
        assertEquals(2, cp.staleRequestsDropped());
        assertEquals(null, answer(successor, corr), "the successor's ring gets no answer meant for the ghost");

        // the same requests with the current generation do act
        request(FrameType.LOGOFF_REQ, successor, nextCorr++).name(A.packed());
        send(FrameType.LOGOFF_REQ);
        work();
        assertEquals(MachineDirectory.LOGGING_OFF, machines.state(slotOfA));
        assertEquals(2, cp.staleRequestsDropped());
    }

    @Test
    void logoffOfItsOwnMachineByAProcessDoesNotHitTheMachineThatTookTheNameSince() throws Exception
    {
        final MachineDirectory machines = cp.tables().machines();
        final Client host = register(0x3003);
        final Client other = register(0x4004);
        beating = -2;
        assertEquals(0, ipl(host, A).rc());
        final int slot = slotOf(machines, A);
        final int generation = machines.generation(slot);

        // A is logged off by another process (an operator's iucv logoff), and its host confirms
        request(FrameType.LOGOFF_REQ, other, nextCorr++).name(A.packed());
        send(FrameType.LOGOFF_REQ);
        work();
        f.wrapForEncode(frame, 0).header().put(slot, 0, 0, 0);
        f.clientSlot(host.slot()).clientGeneration(host.generation());
        send(FrameType.LOGOFF_DONE);
        work();
        assertEquals(-1, slotOf(machines, A));

        // the other process logs a new A on, in the same slot
        assertEquals(0, ipl(other, A).rc());
        assertEquals(slot, slotOf(machines, A));
        assertNotEquals(generation, machines.generation(slot));

        // the first host, still attached, logs off "its" A by slot and generation: refused, the new A stays
        final long corr = nextCorr++;
        f.wrapForEncode(frame, 0).header().put(slot, 0, 0, corr);
        f.clientSlot(host.slot()).clientGeneration(host.generation()).name(A.packed()).auxInt(generation);
        send(FrameType.LOGOFF_REQ);
        final ControlResponse r = awaitAnswer(host, corr);
        assertEquals(12, r.rc(), r::text);
        assertTrue(r.text().contains("already logged off"), r::text);
        assertEquals(MachineDirectory.ACTIVE, machines.state(slot));
        assertEquals(0, cp.staleRequestsDropped());
    }

    @Test
    void aSupervisorRestartKeepsGenerationsAndLogsOffTheMachinesOfAProcessItCouldNotKeep() throws Exception
    {
        final Client kept = register(0x5005);
        final Client lost = register(0x6006);
        beating = -2;
        assertEquals(0, ipl(kept, A).rc());
        final MachineId b = MachineId.of("B");
        assertEquals(0, ipl(lost, b).rc());
        // the response ring of one process is gone when the new Supervisor starts: recovery cannot keep it
        ns.release(RingFiles.clientRing(0x6006));
        ns.delete(RingFiles.clientRing(0x6006));

        final SupervisorConductor restarted = SupervisorConductor.recover(ns, options, SystemLog.NONE);
        final ClientTable clients = restarted.tables().clients();
        final MachineDirectory machines = restarted.tables().machines();
        assertEquals(ClientTable.ACTIVE, clients.state(kept.slot()));
        assertEquals(kept.generation(), clients.generation(kept.slot()), "the generation survives the restart");
        assertEquals(ClientTable.FREE, clients.state(lost.slot()));
        assertEquals(-1, slotOf(machines, b), "the machine of the process recovery dropped is logged off");
        assertTrue(slotOf(machines, A) >= 0);

        // the kept process goes on with the slot and generation it had; the dropped one is fenced
        request(FrameType.LOGOFF_REQ, lost, nextCorr++).name(A.packed());
        send(FrameType.LOGOFF_REQ);
        final long corr = nextCorr++;
        request(FrameType.IPL_REQ, kept, corr).name(b.packed());
        send(FrameType.IPL_REQ);
        final long deadline = System.currentTimeMillis() + DEADLINE_MS;
        ControlResponse r;
        while (null == (r = answer(kept, corr)))
        {
            assertTrue(System.currentTimeMillis() < deadline, "no answer from the restarted Supervisor");
            clients.heartbeatMs(kept.slot(), System.currentTimeMillis());
            restarted.doWork();
            Thread.sleep(1);
        }
        assertEquals(0, r.rc(), r::text);
        assertEquals(MachineDirectory.ACTIVE, machines.state(slotOf(machines, A)));
        assertEquals(1, restarted.staleRequestsDropped());
    }

    /** One duty cycle of the CP; the successor beats its heartbeat as a live host would, the ghost does not. */
    private void work()
    {
        final ClientTable clients = cp.tables().clients();
        for (int c = 0; c < clients.capacity(); c++)
        {
            // beating -2: every client beats
            if (c == beating || (-2 == beating && clients.state(c) == ClientTable.ACTIVE))
            {
                clients.heartbeatMs(c, System.currentTimeMillis());
            }
        }
        cp.doWork();
    }

    private Client register(final long key) throws Exception
    {
        final ManyToOneRingBuffer responses = RingFiles.create(
            ns, RingFiles.clientRing(key), 64 * 1024, ProcessHandle.current().pid(), System.currentTimeMillis());
        final long corr = nextCorr++;
        f.wrapForEncode(frame, 0).header().put(-1, 0, 0, corr);
        f.name(key).auxLong(ProcessHandle.current().pid()).clientSlot(-1);
        send(FrameType.REGISTER_REQ);
        final Client pending = new Client(-1, 0, responses);
        final ControlResponse r = awaitAnswer(pending, corr);
        assertEquals(0, r.rc(), r::text);
        return new Client(r.auxInt(), (int)r.auxLong(), responses);
    }

    private ControlResponse ipl(final Client client, final MachineId name) throws Exception
    {
        final long corr = nextCorr++;
        request(FrameType.IPL_REQ, client, corr).name(name.packed());
        send(FrameType.IPL_REQ);
        return awaitAnswer(client, corr);
    }

    private ControlFlyweight request(final int type, final Client client, final long corr)
    {
        f.wrapForEncode(frame, 0).header().put(-1, 0, 0, corr);
        return f.clientSlot(client.slot()).clientGeneration(client.generation());
    }

    private void send(final int type)
    {
        assertTrue(control.write(type, frame, 0, f.length()), "control ring full");
    }

    private ControlResponse awaitAnswer(final Client client, final long corr) throws Exception
    {
        final long deadline = System.currentTimeMillis() + DEADLINE_MS;
        while (true)
        {
            work();
            final ControlResponse r = answer(client, corr);
            if (null != r)
            {
                return r;
            }
            if (System.currentTimeMillis() > deadline)
            {
                throw new AssertionError("no answer to request " + corr);
            }
            Thread.sleep(1);
        }
    }

    private static ControlResponse answer(final Client client, final long corr)
    {
        final ControlResponse[] found = {null};
        client.responses().read((type, buffer, index, length) ->
        {
            final ControlFlyweight r = new ControlFlyweight().wrap(buffer, index, length);
            if (type == FrameType.RESPONSE && r.header().messageId() == corr)
            {
                found[0] = new ControlResponse(r.rc(), r.header().path(), r.auxInt(), r.auxLong(), r.text());
            }
        });
        return found[0];
    }

    private void await(final BooleanSupplier condition, final String what) throws Exception
    {
        final long deadline = System.currentTimeMillis() + DEADLINE_MS;
        while (!condition.getAsBoolean())
        {
            if (System.currentTimeMillis() > deadline)
            {
                throw new AssertionError(what + ": not within " + DEADLINE_MS + " ms");
            }
            work();
            Thread.sleep(5);
        }
    }

    private static int slotOf(final MachineDirectory machines, final MachineId name)
    {
        for (int m = 0; m < machines.capacity(); m++)
        {
            if (machines.state(m) != MachineDirectory.FREE && machines.name(m) == name.packed())
            {
                return m;
            }
        }
        return -1;
    }
}
