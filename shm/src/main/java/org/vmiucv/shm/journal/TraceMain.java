package org.vmiucv.shm.journal;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;

import net.openhft.chronicle.queue.ExcerptTailer;
import org.vmiucv.engine.system.SystemLog;
import org.vmiucv.shm.MappedNamespace;

/**
 * {@code iucv trace [--system S] [--base DIR] [--journal DIR] [--follow] [--since TIME]}: prints a system's
 * Supervisor journal, one line per record (time, kind, event, machine(s), path, RC, details), in the spirit of
 * CP TRACE. {@code --follow} keeps printing new records until interrupted. {@code --since} takes an ISO date-time
 * ({@code 2026-12-02T10:15:00}), a time of today ({@code 10:15} or {@code 10:15:30}), an instant
 * ({@code 2026-12-02T09:15:00Z}), or an age ({@code 90s}, {@code 15m}, {@code 2h}, {@code 1d}).
 * <p>
 * Exit status: 0, 1 for a usage error, 32 if there is no journal, 44 if a record is corrupt (lines before it are
 * printed).
 */
public final class TraceMain
{
    private static final String USAGE =
        "usage: iucv trace [--system S] [--base DIR] [--journal DIR] [--follow] [--since TIME]";

    private TraceMain()
    {
    }

    /**
     * @param args see the class comment.
     */
    public static void main(final String[] args)
    {
        JournalConfig.disableAnalytics();
        System.exit(run(args, System.out, System.err));
    }

    /**
     * Run the trace; with {@code --follow} it returns when the calling thread is interrupted.
     *
     * @param args command-line arguments after {@code trace}.
     * @param out  where the lines go.
     * @param err  where errors go.
     * @return the exit status.
     */
    public static int run(final String[] args, final PrintStream out, final PrintStream err)
    {
        JournalConfig.disableAnalytics();
        String system = org.vmiucv.shm.ShmSystem.DEFAULT_SYSTEM;
        Path base = null;
        Path journal = null;
        boolean follow = false;
        long sinceMs = Long.MIN_VALUE;
        try
        {
            for (int i = 0; i < args.length; i++)
            {
                final String value = i + 1 < args.length ? args[i + 1] : null;
                switch (args[i])
                {
                    case "--system": system = need(args[i], value); i++; break;
                    case "--base": base = Path.of(need(args[i], value)); i++; break;
                    case "--journal": journal = Path.of(need(args[i], value)); i++; break;
                    case "--follow": case "-f": follow = true; break;
                    case "--since": sinceMs = parseSince(need(args[i], value), System.currentTimeMillis()); i++; break;
                    case "--help": case "-h": out.println(USAGE); return 0;
                    default: throw new IllegalArgumentException("unknown option " + args[i]);
                }
            }
        }
        catch (final IllegalArgumentException ex)
        {
            err.println("iucv trace: " + ex.getMessage());
            err.println(USAGE);
            return 1;
        }
        if (null == journal)
        {
            journal = (null == base ? MappedNamespace.defaultBase() : base).resolve(system)
                .resolve(JournalConfig.DIRECTORY);
        }
        if (!Files.isDirectory(journal))
        {
            err.println("iucv trace: no journal in " + journal + " (has a Supervisor run system " + system + "?)");
            return 32;
        }
        return trace(journal, follow, sinceMs, out, err);
    }

    private static int trace(final Path journal, final boolean follow, final long sinceMs, final PrintStream out,
        final PrintStream err)
    {
        final ChronicleJournalStore store;
        try
        {
            store = new ChronicleJournalStore(journal, new JournalConfig().minFreeBytes(0), true, SystemLog.NONE);
        }
        catch (final RuntimeException ex)
        {
            err.println("iucv trace: cannot open the journal " + journal + ": " + ex);
            return 44;
        }
        try
        {
            final TraceFormatter formatter = new TraceFormatter();
            final ExcerptTailer tailer = store.tailer();
            final JournalStore.Visitor printer = (r, index) ->
            {
                if (r.timeMs() >= sinceMs)
                {
                    out.println(formatter.format(r));
                }
            };
            while (true)
            {
                final JournalStore.ReadResult result = store.read(tailer, printer, true);
                out.flush();
                if (null != result.problem())
                {
                    err.println("iucv trace: " + result.problem());
                    return 44;
                }
                if (!follow)
                {
                    return 0;
                }
                try
                {
                    Thread.sleep(100);
                }
                catch (final InterruptedException ex)
                {
                    Thread.currentThread().interrupt();
                    return 0;
                }
            }
        }
        finally
        {
            store.close();
        }
    }

    /**
     * @param text  a time as the class comment describes.
     * @param nowMs now.
     * @return epoch ms.
     * @throws IllegalArgumentException if it is none of the accepted forms.
     */
    static long parseSince(final String text, final long nowMs)
    {
        final String t = text.trim();
        if (t.matches("\\d+[smhd]"))
        {
            final long n = Long.parseLong(t.substring(0, t.length() - 1));
            final Duration d = switch (t.charAt(t.length() - 1))
            {
                case 's' -> Duration.ofSeconds(n);
                case 'm' -> Duration.ofMinutes(n);
                case 'h' -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            };
            return nowMs - d.toMillis();
        }
        final ZoneId zone = ZoneId.systemDefault();
        try
        {
            return Instant.parse(t).toEpochMilli();
        }
        catch (final DateTimeParseException ignore)
        {
            // next form
        }
        try
        {
            return LocalDateTime.parse(t).atZone(zone).toInstant().toEpochMilli();
        }
        catch (final DateTimeParseException ignore)
        {
            // next form
        }
        try
        {
            return LocalTime.parse(t).atDate(LocalDate.ofInstant(Instant.ofEpochMilli(nowMs), zone))
                .atZone(zone).toInstant().toEpochMilli();
        }
        catch (final DateTimeParseException ignore)
        {
            throw new IllegalArgumentException("--since needs a time such as 2026-12-02T10:15:00, 10:15, " +
                "2026-12-02T09:15:00Z or an age such as 15m, 2h, 1d; got '" + text + "'");
        }
    }

    private static String need(final String option, final String value)
    {
        if (null == value)
        {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return value;
    }
}
