package org.vmiucv.cli;

import org.vmiucv.engine.Supervisor;

import java.util.List;
import java.util.concurrent.Callable;

import org.vmiucv.engine.MachineInfo;
import org.vmiucv.engine.PathInfo;
import org.vmiucv.engine.system.SystemClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code iucv query names|paths}: one line per machine or path, like CP QUERY.
 */
@Command(name = "query", description = "QUERY NAMES or QUERY PATHS: one line each, with the hosting pids.")
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
        try (Supervisor client = system.attach())
        {
            if (what == What.names)
            {
                print(client.queryNames(), root);
            }
            else
            {
                printPaths(client.queryPaths(), root);
            }
        }
        return 0;
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
