package org.vmiucv.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import org.agrona.concurrent.ringbuffer.ManyToOneRingBuffer;
import org.vmiucv.engine.IucvException;
import org.vmiucv.engine.MachineId;
import org.vmiucv.engine.ReturnCode;
import org.vmiucv.engine.layout.ClientTable;
import org.vmiucv.engine.layout.MachineDirectory;
import org.vmiucv.engine.layout.PathTable;
import org.vmiucv.engine.layout.SystemTables;
import org.vmiucv.engine.system.NamespaceException;
import org.vmiucv.engine.system.RingFiles;
import org.vmiucv.engine.system.TablesQuery;
import org.vmiucv.shm.MappedNamespace;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code iucv stat}: the live counters in the shared tables, read from outside like AeronStat reads the CnC file.
 * It does not attach (it takes no client slot and the CP does not see it).
 */
@Command(name = "stat", description = "Show live counters per machine and per path (read-only, does not attach).")
final class StatCommand implements Callable<Integer>
{
    @Mixin
    SystemMixin system;

    @ParentCommand
    Iucv root;

    @Option(names = "--watch", paramLabel = "MS", description = "print again every MS milliseconds until interrupted")
    Long watchMs;

    /** {@inheritDoc} */
    public Integer call() throws Exception
    {
        final Path dir = system.existingDirectory();
        final MappedNamespace ns = MappedNamespace.open(system.base(), system.system);
        try
        {
            final SystemTables tables = TablesQuery.open(ns);
            while (true)
            {
                print(ns, tables);
                if (null == watchMs)
                {
                    return 0;
                }
                Thread.sleep(Math.max(10, watchMs));
                if (!Files.isDirectory(dir))
                {
                    root.out.println("system " + system.system + " is gone");
                    return 0;
                }
                root.out.println();
            }
        }
        finally
        {
            ns.close();
        }
    }

    private void print(final MappedNamespace ns, final SystemTables tables) throws IucvException
    {
        final List<String> corrupt = new ArrayList<>();
        final long nowMs = System.currentTimeMillis();
        int clients = 0;
        for (int c = 0; c < tables.clients().capacity(); c++)
        {
            clients += tables.clients().state(c) == ClientTable.ACTIVE ? 1 : 0;
        }
        root.out.println("system " + system.system + " in " + ns.directory() + ": Supervisor pid=" +
            tables.supervisorPid() + ", heartbeat " + (nowMs - tables.supervisorHeartbeatMs()) + " ms ago, " +
            clients + " processes attached" + (tables.isShutdown() ? ", SHUT DOWN" : ""));
        final MachineDirectory machines = tables.machines();
        root.out.println(String.format("%-8s %-11s %-8s %12s %12s %9s  %s",
            "MACHINE", "STATE", "PID", "SENT", "RECEIVED", "DROPPED", "INBOX used/capacity bytes"));
        for (int m = 0; m < machines.capacity(); m++)
        {
            final int state = machines.state(m);
            if (state == MachineDirectory.FREE)
            {
                continue;
            }
            final String problem = machines.entryProblem(m);
            if (null != problem)
            {
                corrupt.add(problem);
                continue;
            }
            final String name = nameAt(machines, m);
            root.out.println(String.format("%-8s %-11s %-8d %12d %12d %9d  %s", name,
                MachineDirectory.stateName(state), machines.pid(m), machines.sent(m), machines.received(m),
                machines.dropped(m), inboxFill(ns, RingFiles.inbox(name, machines.generation(m)))));
        }
        final PathTable paths = tables.paths();
        root.out.println(String.format("%-7s %-11s %-8s %-8s %6s %10s %10s %10s %10s  %s",
            "PATH", "STATE", "A", "B", "MSGLIM", "SENT A>B", "RECV A>B", "SENT B>A", "RECV B>A", "QUIESCED"));
        for (int p = 0; p < paths.capacity(); p++)
        {
            final int state = paths.state(p);
            if (state == PathTable.FREE)
            {
                continue;
            }
            final String problem = paths.entryProblem(p, machines);
            if (null != problem)
            {
                corrupt.add(problem);
                continue;
            }
            final int q = paths.quiesce(p);
            root.out.println(String.format("%-7s %-11s %-8s %-8s %6d %10d %10d %10d %10d  %s",
                p + "." + paths.generation(p), PathTable.stateName(state), nameAt(machines, paths.endA(p)),
                nameAt(machines, paths.endB(p)), paths.msglim(p), paths.sent(p, false), paths.received(p, false),
                paths.sent(p, true), paths.received(p, true),
                q == 0 ? "no" : q == PathTable.QUIESCED_A ? "by A" : q == PathTable.QUIESCED_B ? "by B" : "both"));
        }
        if (!corrupt.isEmpty())
        {
            // the rest was printed: say what is garbage, once, as the reader of a corrupt file must
            throw new IucvException(ReturnCode.INVALID_PARAMETER, RingFiles.TABLES + " in " + ns.describe() +
                " is corrupt: " + corrupt.get(0) + (corrupt.size() > 1 ? " (and " + (corrupt.size() - 1) +
                " more entries)" : "") + "; " + TablesQuery.AFTER_CORRUPTION);
        }
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

    private static String inboxFill(final MappedNamespace ns, final String inbox)
    {
        try
        {
            final ManyToOneRingBuffer ring = RingFiles.open(ns, inbox);
            try
            {
                return (ring.producerPosition() - ring.consumerPosition()) + "/" + ring.capacity();
            }
            finally
            {
                ns.release(inbox);
            }
        }
        catch (final NamespaceException ex)
        {
            return "-";
        }
    }
}
