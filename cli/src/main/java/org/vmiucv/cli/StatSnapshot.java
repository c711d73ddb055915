package org.vmiucv.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.agrona.concurrent.ringbuffer.ManyToOneRingBuffer;
import org.vmiucv.engine.MachineId;
import org.vmiucv.engine.layout.ClientTable;
import org.vmiucv.engine.layout.MachineDirectory;
import org.vmiucv.engine.layout.PathTable;
import org.vmiucv.engine.layout.SystemTables;
import org.vmiucv.engine.system.NamespaceException;
import org.vmiucv.engine.system.RingFiles;
import org.vmiucv.engine.system.TablesQuery;
import org.vmiucv.shm.MappedNamespace;

/**
 * One reading of a system's shared tables for {@code iucv stat}: the Supervisor, every machine and every path, read
 * without attaching. {@link #read} takes it; the text and Prometheus renderers only format it.
 *
 * @param timeMs      when it was read (epoch ms).
 * @param system      the system name.
 * @param directory   the system's directory.
 * @param cpPid       the Supervisor's pid from the tables, 0 if none.
 * @param cpState     running, not responding, dead, shut down, or (no tables) no Supervisor.
 * @param heartbeatAgeMs how long ago the Supervisor beat, -1 if unknown.
 * @param processes   processes attached.
 * @param machines    machines logged on.
 * @param paths       paths pending or established.
 * @param corrupt     problems of entries that could not be read (garbage in the file).
 */
record StatSnapshot(long timeMs, String system, Path directory, long cpPid, String cpState, long heartbeatAgeMs,
    int processes, List<Machine> machines, List<PathRow> paths, List<String> corrupt)
{
    /** Supervisor state when there are no tables to read. */
    static final String NO_SUPERVISOR = "no Supervisor";

    /**
     * One machine.
     *
     * @param name       its name.
     * @param generation of its slot (a machine logged on again is another machine for the rates).
     * @param state      its state name.
     * @param pid        the hosting process.
     * @param sent       messages sent.
     * @param received   messages received.
     * @param dropped    messages dropped.
     * @param inboxUsed  bytes in its inbox, -1 if the inbox could not be read.
     * @param inboxCapacity capacity of its inbox, -1 if unknown.
     */
    record Machine(String name, int generation, String state, long pid, long sent, long received, long dropped,
        long inboxUsed, long inboxCapacity)
    {
        String key()
        {
            return name + "/" + generation;
        }
    }

    /**
     * One path.
     *
     * @param id        slot.generation.
     * @param state     its state name.
     * @param a         initiator.
     * @param b         target.
     * @param msglim    message limit.
     * @param sentAtoB  sent A to B.
     * @param recvAtoB  received by B.
     * @param sentBtoA  sent B to A.
     * @param recvBtoA  received by A.
     * @param quiesced  no, by A, by B or both.
     */
    record PathRow(String id, String state, String a, String b, int msglim, long sentAtoB, long recvAtoB,
        long sentBtoA, long recvBtoA, String quiesced)
    {
    }

    /**
     * @param system the system.
     * @param nowMs  the time to record.
     * @return a snapshot saying no Supervisor runs the system (no tables to read).
     */
    static StatSnapshot none(final String system, final Path directory, final long nowMs)
    {
        return new StatSnapshot(nowMs, system, directory, 0, NO_SUPERVISOR, -1, 0, List.of(), List.of(), List.of());
    }

    /**
     * @param system the system name.
     * @param ns     its namespace (for the inboxes).
     * @param tables its mapped tables.
     * @return what they hold now.
     */
    static StatSnapshot read(final String system, final MappedNamespace ns, final SystemTables tables)
    {
        final long nowMs = System.currentTimeMillis();
        final List<String> corrupt = new ArrayList<>();
        int clients = 0;
        for (int c = 0; c < tables.clients().capacity(); c++)
        {
            clients += tables.clients().state(c) == ClientTable.ACTIVE ? 1 : 0;
        }
        final long pid = tables.supervisorPid();
        final String problem = TablesQuery.supervisorProblem(tables);
        final String state = tables.isShutdown() ? "shut down" : null == problem ? "running" :
            pid != 0 && !ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false) ? "dead" :
            0 == pid ? NO_SUPERVISOR : "not responding";
        final MachineDirectory d = tables.machines();
        final List<Machine> machines = new ArrayList<>();
        for (int m = 0; m < d.capacity(); m++)
        {
            final int s = d.state(m);
            if (s == MachineDirectory.FREE)
            {
                continue;
            }
            final String entryProblem = d.entryProblem(m);
            if (null != entryProblem)
            {
                corrupt.add(entryProblem);
                continue;
            }
            final String name = nameAt(d, m);
            final long[] fill = inboxFill(ns, RingFiles.inbox(name, d.generation(m)));
            machines.add(new Machine(name, d.generation(m), MachineDirectory.stateName(s), d.pid(m), d.sent(m),
                d.received(m), d.dropped(m), fill[0], fill[1]));
        }
        final PathTable p = tables.paths();
        final List<PathRow> paths = new ArrayList<>();
        for (int s = 0; s < p.capacity(); s++)
        {
            final int ps = p.state(s);
            if (ps == PathTable.FREE)
            {
                continue;
            }
            final String entryProblem = p.entryProblem(s, d);
            if (null != entryProblem)
            {
                corrupt.add(entryProblem);
                continue;
            }
            final int q = p.quiesce(s);
            paths.add(new PathRow(s + "." + p.generation(s), PathTable.stateName(ps), nameAt(d, p.endA(s)),
                nameAt(d, p.endB(s)), p.msglim(s), p.sent(s, false), p.received(s, false), p.sent(s, true),
                p.received(s, true),
                q == 0 ? "no" : q == PathTable.QUIESCED_A ? "by A" : q == PathTable.QUIESCED_B ? "by B" : "both"));
        }
        return new StatSnapshot(nowMs, system, ns.directory(), pid, state,
            0 == pid ? -1 : Math.max(0, nowMs - tables.supervisorHeartbeatMs()) /* it may beat after nowMs */, clients, machines, paths, corrupt);
    }

    private static String nameAt(final MachineDirectory machines, final int slot)
    {
        try
        {
            return machines.isValidSlot(slot) ? MachineId.fromPacked(machines.name(slot)).name() : "?";
        }
        catch (final IllegalArgumentException ex)
        {
            return "?"; // freed while we looked
        }
    }

    private static long[] inboxFill(final MappedNamespace ns, final String inbox)
    {
        try
        {
            final ManyToOneRingBuffer ring = RingFiles.open(ns, inbox);
            try
            {
                return new long[] {ring.producerPosition() - ring.consumerPosition(), ring.capacity()};
            }
            finally
            {
                ns.release(inbox);
            }
        }
        catch (final NamespaceException ex)
        {
            return new long[] {-1, -1};
        }
    }
}
