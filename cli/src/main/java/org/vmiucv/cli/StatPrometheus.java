package org.vmiucv.cli;

import java.util.List;
import java.util.function.Function;

/**
 * A snapshot in the Prometheus text exposition format (version 0.0.4), for node_exporter's textfile collector:
 * {@code # HELP} and {@code # TYPE} once per metric family, then one {@code name{labels} value} line per sample.
 * No timestamps: the textfile collector refuses them.
 */
final class StatPrometheus
{
    private StatPrometheus()
    {
    }

    /**
     * @param s the snapshot.
     * @return the exposition text, ending with a newline.
     */
    static String render(final StatSnapshot s)
    {
        final StringBuilder sb = new StringBuilder(2048);
        final String sys = "system=\"" + escape(s.system()) + "\"";
        family(sb, "vmiucv_supervisor_up", "gauge", "1 while a Supervisor runs the system and beats its heartbeat.");
        sample(sb, "vmiucv_supervisor_up", sys, "running".equals(s.cpState()) ? 1 : 0);
        family(sb, "vmiucv_supervisor_pid", "gauge", "Process id of the system's Supervisor, 0 if none.");
        sample(sb, "vmiucv_supervisor_pid", sys, s.cpPid());
        family(sb, "vmiucv_supervisor_heartbeat_age_seconds", "gauge",
            "Seconds since the Supervisor last beat its heartbeat.");
        if (s.heartbeatAgeMs() >= 0)
        {
            sb.append("vmiucv_supervisor_heartbeat_age_seconds{").append(sys).append("} ")
                .append(s.heartbeatAgeMs() / 1000.0).append('\n');
        }
        family(sb, "vmiucv_processes_attached", "gauge", "Processes attached to the system.");
        sample(sb, "vmiucv_processes_attached", sys, s.processes());
        family(sb, "vmiucv_machines", "gauge", "Machines logged on.");
        sample(sb, "vmiucv_machines", sys, s.machines().size());
        family(sb, "vmiucv_paths", "gauge", "Paths pending or established.");
        sample(sb, "vmiucv_paths", sys, s.paths().size());

        machines(sb, s, sys, "vmiucv_machine_sent_total", "counter", "Messages a machine sent.",
            StatSnapshot.Machine::sent);
        machines(sb, s, sys, "vmiucv_machine_received_total", "counter", "Messages a machine received.",
            StatSnapshot.Machine::received);
        machines(sb, s, sys, "vmiucv_machine_dropped_total", "counter",
            "Messages to a machine dropped (its inbox was full or it was gone).", StatSnapshot.Machine::dropped);
        machines(sb, s, sys, "vmiucv_machine_inbox_used_bytes", "gauge", "Bytes waiting in a machine's inbox.",
            StatSnapshot.Machine::inboxUsed);
        machines(sb, s, sys, "vmiucv_machine_inbox_capacity_bytes", "gauge", "Capacity of a machine's inbox.",
            StatSnapshot.Machine::inboxCapacity);

        family(sb, "vmiucv_path_sent_total", "counter", "Messages sent on a path, per direction (from, to).");
        for (final StatSnapshot.PathRow p : s.paths())
        {
            sample(sb, "vmiucv_path_sent_total", pathLabels(sys, p, p.a(), p.b()), p.sentAtoB());
            sample(sb, "vmiucv_path_sent_total", pathLabels(sys, p, p.b(), p.a()), p.sentBtoA());
        }
        family(sb, "vmiucv_path_received_total", "counter", "Messages received on a path, per direction (from, to).");
        for (final StatSnapshot.PathRow p : s.paths())
        {
            sample(sb, "vmiucv_path_received_total", pathLabels(sys, p, p.a(), p.b()), p.recvAtoB());
            sample(sb, "vmiucv_path_received_total", pathLabels(sys, p, p.b(), p.a()), p.recvBtoA());
        }
        family(sb, "vmiucv_path_msglim", "gauge", "Message limit of a path (initiator to target).");
        for (final StatSnapshot.PathRow p : s.paths())
        {
            sample(sb, "vmiucv_path_msglim", pathLabels(sys, p, p.a(), p.b()), p.msglim());
        }
        return sb.toString();
    }

    private static void machines(final StringBuilder sb, final StatSnapshot s, final String sys, final String name,
        final String type, final String help, final Function<StatSnapshot.Machine, Long> value)
    {
        family(sb, name, type, help);
        for (final StatSnapshot.Machine m : List.copyOf(s.machines()))
        {
            final long v = value.apply(m);
            if (v >= 0)
            {
                sample(sb, name, sys + ",machine=\"" + escape(m.name()) + "\"", v);
            }
        }
    }

    private static String pathLabels(final String sys, final StatSnapshot.PathRow p, final String from, final String to)
    {
        return sys + ",path=\"" + escape(p.id()) + "\",from=\"" + escape(from) + "\",to=\"" + escape(to) + "\"";
    }

    private static void family(final StringBuilder sb, final String name, final String type, final String help)
    {
        sb.append("# HELP ").append(name).append(' ').append(help).append('\n');
        sb.append("# TYPE ").append(name).append(' ').append(type).append('\n');
    }

    private static void sample(final StringBuilder sb, final String name, final String labels, final long value)
    {
        sb.append(name).append('{').append(labels).append("} ").append(value).append('\n');
    }

    /** Label values escape backslash, double quote and newline, as the format requires. */
    static String escape(final String value)
    {
        return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }
}
