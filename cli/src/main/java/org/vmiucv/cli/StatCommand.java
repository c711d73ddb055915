package org.vmiucv.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.concurrent.Callable;

import org.vmiucv.engine.IucvException;
import org.vmiucv.engine.ReturnCode;
import org.vmiucv.engine.layout.SystemTables;
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
 * <p>
 * Live by default: on a terminal it redraws in place every interval; into a pipe or file it appends snapshots,
 * each starting with its time. It follows the system across a Supervisor restart: when the tables file is replaced
 * or the Supervisor's pid changes it maps the tables again, and while there are none it says so and waits.
 */
@Command(name = "stat", description = {
    "Show live counters per machine and per path, with per-second rates, the time, and the Supervisor's pid and " +
        "state (read-only: it does not attach).",
    "Live until interrupted: on a terminal the screen is redrawn in place; otherwise snapshots are appended, " +
        "separated by a blank line, each starting with its time. It follows a restarted Supervisor and waits " +
        "while the system is down.",
    "--once prints one snapshot and ends (status 32 if the system is not running); --format prometheus prints " +
        "one snapshot in the Prometheus text format (for node_exporter's textfile collector: " +
        "iucv stat --format prometheus > vmiucv.prom.tmp && mv vmiucv.prom.tmp vmiucv.prom)."})
final class StatCommand implements Callable<Integer>
{
    /** Output formats. */
    enum Format
    {
        /** The table, for people. */
        text,
        /** The Prometheus text exposition format, one snapshot. */
        prometheus
    }

    private static final String CLEAR_HOME = "\033[H\033[2J";

    @Mixin
    SystemMixin system;

    @ParentCommand
    Iucv root;

    @Option(names = "--interval", paramLabel = "MS", defaultValue = "1000",
        description = "time between snapshots in milliseconds (default ${DEFAULT-VALUE}, at least 10)")
    long intervalMs;

    @Option(names = "--once", description = "print one snapshot and end")
    boolean once;

    @Option(names = "--format", paramLabel = "text|prometheus", defaultValue = "text",
        description = "text (default) or prometheus (one snapshot, Prometheus text exposition format)")
    Format format;

    /** {@inheritDoc} */
    public Integer call() throws Exception
    {
        if (once || format == Format.prometheus)
        {
            return snapshotOnce();
        }
        final boolean terminal = isTerminal();
        final TablesReader reader = new TablesReader(system);
        try
        {
            StatSnapshot previous = null;
            while (true)
            {
                final StatSnapshot now = reader.read();
                final String text = StatText.render(now, previous);
                root.out.print(terminal ? CLEAR_HOME + text : (null == previous ? "" : "\n") + text);
                root.out.flush();
                throwIfCorrupt(now, reader.describe());
                previous = now;
                Thread.sleep(Math.max(10, intervalMs));
            }
        }
        finally
        {
            reader.close();
        }
    }

    private int snapshotOnce() throws IucvException
    {
        system.existingDirectory();
        final MappedNamespace ns = ShmSystemTables.open(system);
        try
        {
            final StatSnapshot now = StatSnapshot.read(system.system, ns, TablesQuery.open(ns));
            root.out.print(format == Format.prometheus ? StatPrometheus.render(now) : StatText.render(now, null));
            root.out.flush();
            throwIfCorrupt(now, ns.describe());
            return 0;
        }
        finally
        {
            ns.close();
        }
    }

    private static void throwIfCorrupt(final StatSnapshot s, final String where) throws IucvException
    {
        if (!s.corrupt().isEmpty())
        {
            // the rest was printed: say what is garbage, once, as the reader of a corrupt file must
            throw new IucvException(ReturnCode.INVALID_PARAMETER, RingFiles.TABLES + " in " + where +
                " is corrupt: " + s.corrupt().get(0) + (s.corrupt().size() > 1 ? " (and " +
                (s.corrupt().size() - 1) + " more entries)" : "") + "; " + TablesQuery.AFTER_CORRUPTION);
        }
    }

    /** Redraw in place only on a terminal that understands ANSI, and only when printing to this JVM's stdout. */
    private boolean isTerminal()
    {
        final java.io.Console console = System.console();
        if (root.out != System.out || null == console || "dumb".equals(System.getenv("TERM")))
        {
            return false;
        }
        try
        {
            // JDK 22+ has a console even when redirected; Console.isTerminal says whether it is one
            return (Boolean)java.io.Console.class.getMethod("isTerminal").invoke(console);
        }
        catch (final ReflectiveOperationException ex)
        {
            return true; // JDK 17 to 21: a console means stdin and stdout are a terminal
        }
    }

    /**
     * Keeps a system's tables mapped across snapshots and maps them again when a restarted Supervisor recreated
     * the file or took it over (its pid changed). Never creates anything: while there are no tables it reports
     * {@link StatSnapshot#none}.
     */
    static final class TablesReader implements AutoCloseable
    {
        /** How long a new tables file may look invalid while a Supervisor makes it. */
        private static final long BEING_MADE_MS = 5_000;

        private final SystemMixin system;
        private MappedNamespace ns;
        private SystemTables tables;
        private Object fileKey;
        private long pid;
        private Object invalidKey;
        private long invalidSinceMs;

        TablesReader(final SystemMixin system)
        {
            this.system = system;
        }

        StatSnapshot read() throws IucvException
        {
            final Path dir = system.directory();
            final Object key = fileKey(dir.resolve(RingFiles.TABLES));
            if (null != ns && (null == key || !key.equals(fileKey) || tables.supervisorPid() != pid))
            {
                close(); // a new file, or a new Supervisor: read the tables afresh (unmapped by this thread only)
            }
            if (null == ns && null != key)
            {
                try
                {
                    ns = ShmSystemTables.open(system);
                    tables = TablesQuery.open(ns);
                    fileKey = key;
                    pid = tables.supervisorPid();
                }
                catch (final IucvException ex)
                {
                    close();
                    if (ex.code() == ReturnCode.INVALID_PARAMETER.code())
                    {
                        // a starting Supervisor's file is short or has no magic until it is made: garbage only if
                        // it stays so
                        final long nowMs = System.currentTimeMillis();
                        if (!key.equals(invalidKey))
                        {
                            invalidKey = key;
                            invalidSinceMs = nowMs;
                        }
                        else if (nowMs - invalidSinceMs > BEING_MADE_MS)
                        {
                            throw ex; // garbage in the file: waiting will not help
                        }
                    }
                    // else 32: removed or still being made by a starting Supervisor; try again next time
                }
            }
            return null == ns ? StatSnapshot.none(system.system, dir, System.currentTimeMillis()) :
                StatSnapshot.read(system.system, ns, tables);
        }

        String describe()
        {
            return null == ns ? system.system : ns.describe();
        }

        private static Object fileKey(final Path file)
        {
            try
            {
                return Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey();
            }
            catch (final IOException ex)
            {
                return null;
            }
        }

        /** {@inheritDoc} */
        public void close()
        {
            if (null != ns)
            {
                ns.close();
            }
            ns = null;
            tables = null;
        }
    }
}
