package org.vmiucv.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import org.vmiucv.shm.journal.TraceMain;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code iucv trace}: the Supervisor's journal as readable lines, in the spirit of CP TRACE.
 */
@Command(name = "trace", description = "Print the Supervisor's journal: time, event, machines, path, RC.")
final class TraceCommand implements Callable<Integer>
{
    @ParentCommand
    Iucv root;

    @Option(names = "--system", paramLabel = "S", defaultValue = "VM1", description = "system name (default ${DEFAULT-VALUE})")
    String system;

    @Option(names = "--follow", description = "keep printing new events until interrupted")
    boolean follow;

    @Option(names = "--since", paramLabel = "TIME",
        description = "only events from TIME on: an ISO date-time, HH:mm[:ss] today, or an age such as 15m or 2h")
    String since;

    /** {@inheritDoc} */
    public Integer call()
    {
        final List<String> args = new ArrayList<>(List.of("--system", system));
        if (follow)
        {
            args.add("--follow");
        }
        if (null != since)
        {
            args.add("--since");
            args.add(since);
        }
        return TraceMain.run(args.toArray(new String[0]), root.out, root.err);
    }
}
