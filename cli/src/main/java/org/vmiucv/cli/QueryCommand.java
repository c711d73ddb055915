package org.vmiucv.cli;

import org.vmiucv.engine.Supervisor;

import java.util.List;
import java.util.concurrent.Callable;

import org.vmiucv.engine.MachineInfo;
import org.vmiucv.engine.PathInfo;
import org.vmiucv.engine.IucvException;
import org.vmiucv.engine.ReturnCode;
import org.vmiucv.engine.layout.SystemTables;
import org.vmiucv.engine.system.RingFiles;
import org.vmiucv.engine.system.TablesQuery;
import org.vmiucv.shm.MappedNamespace;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code iucv query names|paths}: one line per machine or path, like CP QUERY. On shared memory it reads the
 * mapped tables and does not attach: no client slot, no ring, no free space needed.
 */
@Command(name = "query", description = "QUERY NAMES or QUERY PATHS: one line each, with the hosting pids " +
    "(read from the shared tables: it does not attach, so it works with every client slot taken).")
final class QueryCommand implements Callable<Integer>
{
    /** What to query. */
    enum What
    {
        /** The machines logged on. */
        names,
        /** The paths pending or established. */
        paths
    }

    @Mixin
    SystemMixin system;

    @ParentCommand
    Iucv root;

    @Parameters(index = "0", paramLabel = "names|paths")
    What what;

    /** {@inheritDoc} */
    public Integer call() throws Exception
    {
        if (null != system.xflDirectory())
        {
            try (Supervisor client = system.attach())
            {
                print(what == What.names ? client.queryNames() : null, what == What.paths ? client.queryPaths() : null);
            }
            return 0;
        }
        // shm: read the mapped tables like iucv stat, without attaching, so a query needs no client slot, no ring
        // and no free space, and works however many processes are attached
        system.existingDirectory();
        final MappedNamespace ns = ShmSystemTables.open(system);
        try
        {
            final SystemTables tables = TablesQuery.open(ns);
            final String problem = TablesQuery.supervisorProblem(tables);
            if (null != problem)
            {
                throw new IucvException(ReturnCode.SUPERVISOR_DOWN, problem + "; restart it with: iucv supervisor " +
                    "--system " + system.system + " (it recovers the machines still alive), or remove its files " +
                    "with: iucv shutdown --system " + system.system);
            }
            final String file = RingFiles.TABLES + " in " + ns.describe();
            print(what == What.names ? TablesQuery.names(tables, file) : null,
                what == What.paths ? TablesQuery.paths(tables, file) : null);
        }
        finally
        {
            ns.close();
        }
        return 0;
    }

    private void print(final List<MachineInfo> names, final List<PathInfo> paths)
    {
        if (null != names)
        {
            print(names, root);
        }
        else
        {
            printPaths(paths, root);
        }
    }

    static void print(final List<MachineInfo> names, final Iucv root)
    {
        for (final MachineInfo m : names)
        {
            root.out.println(String.format("%-8s %-11s pid=%-7d slot=%-4d sent=%d received=%d dropped=%d",
                m.name(), m.state(), m.pid(), m.slot(), m.sent(), m.received(), m.dropped()));
        }
        if (names.isEmpty())
        {
            root.out.println("no machines logged on");
        }
    }

    static void printPaths(final List<PathInfo> paths, final Iucv root)
    {
        for (final PathInfo p : paths)
        {
            root.out.println(String.format("%-7s %-11s %-8s pid=%-7d -> %-8s pid=%-7d msglim=%d quiesced=%s sent=%d/%d",
                p.path(), p.state(), p.initiator(), p.pidA(), p.target(), p.pidB(), p.msglim(),
                p.quiesced().isEmpty() ? "no" : p.quiesced(), p.sentAtoB(), p.sentBtoA()));
        }
        if (paths.isEmpty())
        {
            root.out.println("no paths");
        }
    }
}
