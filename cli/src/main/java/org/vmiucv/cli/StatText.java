package org.vmiucv.cli;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.Map;

/**
 * The table {@code iucv stat} shows: a line with the time, the Supervisor's pid and state, then one line per
 * machine and one per path, with per-second rates against the previous snapshot ({@code -} on the first one, or
 * for a machine or path that is new since).
 */
final class StatText
{
    /** The time of a snapshot, with the zone offset so a saved screen is not ambiguous. */
    static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS xxx")
        .withZone(ZoneId.systemDefault());

    private StatText()
    {
    }

    /**
     * @param now      this snapshot.
     * @param previous the one before, or null.
     * @return the lines, each ending with a newline.
     */
    static String render(final StatSnapshot now, final StatSnapshot previous)
    {
        final StringBuilder sb = new StringBuilder(1024);
        final double seconds = null == previous ? 0 : (now.timeMs() - previous.timeMs()) / 1000.0;
        sb.append(TIME.format(Instant.ofEpochMilli(now.timeMs()))).append("  system ").append(now.system())
            .append(" in ").append(now.directory()).append(": Supervisor pid=").append(now.cpPid()).append(' ')
            .append(now.cpState());
        if (now.heartbeatAgeMs() >= 0)
        {
            sb.append(", heartbeat ").append(now.heartbeatAgeMs()).append(" ms ago, ").append(now.processes())
                .append(" processes attached");
        }
        if (StatSnapshot.NO_SUPERVISOR.equals(now.cpState()) && now.cpPid() == 0)
        {
            sb.append(" (waiting; start one with: iucv supervisor --system ").append(now.system()).append(')');
        }
        sb.append('\n');
        final Map<String, StatSnapshot.Machine> lastMachines = new HashMap<>();
        final Map<String, StatSnapshot.PathRow> lastPaths = new HashMap<>();
        if (null != previous && previous.cpPid() == now.cpPid())
        {
            previous.machines().forEach(m -> lastMachines.put(m.key(), m));
            previous.paths().forEach(p -> lastPaths.put(p.id(), p));
        }
        sb.append(String.format("%-8s %-11s %-8s %12s %12s %9s %9s %9s  %s%n",
            "MACHINE", "STATE", "PID", "SENT", "RECEIVED", "DROPPED", "SENT/s", "RECV/s", "INBOX used/capacity bytes"));
        for (final StatSnapshot.Machine m : now.machines())
        {
            final StatSnapshot.Machine last = lastMachines.get(m.key());
            sb.append(String.format("%-8s %-11s %-8d %12d %12d %9d %9s %9s  %s%n", m.name(), m.state(), m.pid(),
                m.sent(), m.received(), m.dropped(),
                rate(null == last ? -1 : m.sent() - last.sent(), seconds),
                rate(null == last ? -1 : m.received() - last.received(), seconds),
                m.inboxUsed() < 0 ? "-" : m.inboxUsed() + "/" + m.inboxCapacity()));
        }
        sb.append(String.format("%-7s %-11s %-8s %-8s %6s %10s %10s %10s %10s %9s  %s%n",
            "PATH", "STATE", "A", "B", "MSGLIM", "SENT A>B", "RECV A>B", "SENT B>A", "RECV B>A", "MSGS/s", "QUIESCED"));
        for (final StatSnapshot.PathRow p : now.paths())
        {
            final StatSnapshot.PathRow last = lastPaths.get(p.id());
            sb.append(String.format("%-7s %-11s %-8s %-8s %6d %10d %10d %10d %10d %9s  %s%n", p.id(), p.state(),
                p.a(), p.b(), p.msglim(), p.sentAtoB(), p.recvAtoB(), p.sentBtoA(), p.recvBtoA(),
                rate(null == last ? -1 : p.sentAtoB() + p.sentBtoA() - last.sentAtoB() - last.sentBtoA(), seconds),
                p.quiesced()));
        }
        return sb.toString();
    }

    private static String rate(final long delta, final double seconds)
    {
        if (delta < 0 || seconds <= 0)
        {
            return "-";
        }
        final double r = delta / seconds;
        return r >= 100 ? Long.toString(Math.round(r)) : String.format("%.1f", r);
    }
}
