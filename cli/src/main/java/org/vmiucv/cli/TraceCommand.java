package org.vmiucv.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import org.vmiucv.shm.journal.JournalConfig;
import org.vmiucv.shm.journal.TraceMain;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code iucv trace}: the Supervisor's journal as readable lines, in the spirit of CP TRACE. A header line names the
 * journal and the time zone of the times, so a trace read elsewhere (or mailed) is not ambiguous.
 */
@Command(name = "trace", description = {
    "Print the Supervisor's journal: time, event, machines, path, RC.",
    "The first line (starting with #) names the journal and the time zone the times are in (this JVM's zone; " +
        "run with TZ=UTC or -Duser.timezone=UTC for UTC)."})
final class TraceCommand implements Callable<Integer>
{
    @ParentCommand
    Iucv root;

    @Mixin
    SystemMixin system;

    @Option(names = "--follow", description = "keep printing new events until interrupted")
    boolean follow;

    @Option(names = "--since", paramLabel = "TIME",
        description = "only events from TIME on: an ISO date-time, HH:mm[:ss] today, or an age such as 15m or 2h")
    String since;

    @Option(names = "--journal", paramLabel = "DIR",
        description = "read this journal directory instead of the system's (a copy, say)")
    Path journal;

    /** {@inheritDoc} */
    public Integer call()
    {
        final List<String> args = new ArrayList<>(List.of("--system", system.system));
        final Path dir = null != journal ? journal :
            system.base().resolve(system.system).resolve(JournalConfig.DIRECTORY);
        args.add("--journal");
        args.add(dir.toString());
        if (follow)
        {
            args.add("--follow");
        }
        if (null != since)
        {
            args.add("--since");
            args.add(since);
        }
        if (Files.isDirectory(dir))
        {
            root.out.println(header(system.system, dir, ZoneId.systemDefault(), Instant.now()));
        }
        return TraceMain.run(args.toArray(new String[0]), root.out, root.err);
    }

    /**
     * @param system the system.
     * @param dir    its journal.
     * @param zone   the zone the times are printed in.
     * @param now    for the offset in force now (a trace may cross a daylight-saving change: the zone id says so).
     * @return the header line.
     */
    static String header(final String system, final Path dir, final ZoneId zone, final Instant now)
    {
        return "# iucv trace of system " + system + " (" + dir + "); times are local to " + zone.getId() +
            " (UTC" + zone.getRules().getOffset(now).getId().replace("Z", "+00:00") + " now)";
    }
}
