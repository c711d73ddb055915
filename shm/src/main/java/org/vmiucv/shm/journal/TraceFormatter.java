package org.vmiucv.shm.journal;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.Map;

import org.vmiucv.engine.MachineId;
import org.vmiucv.engine.PathId;
import org.vmiucv.engine.layout.FrameType;
import org.vmiucv.engine.system.SupervisorConductor;

/**
 * Turns journal records into CP-TRACE-like lines: time, kind, event, machine(s), path, RC, details.
 * Answers are labelled with the request they answer (matched by correlation id).
 */
public final class TraceFormatter
{
    private static final DateTimeFormatter TIME =
        DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS").withZone(ZoneId.systemDefault());

    private final Map<Long, String> requests = new HashMap<>();

    /**
     * @param r a record.
     * @return one line.
     */
    public String format(final JournalRecordFlyweight r)
    {
        final String time = TIME.format(Instant.ofEpochMilli(r.timeMs()));
        String event = FrameType.name(r.type());
        String machines = "";
        String path = 0 == r.path() ? "-" : PathId.fromPacked(r.path()).toString();
        String rc = "";
        String detail = "";
        switch (r.kind())
        {
            case JournalRecordDescriptor.KIND_START:
                event = "START";
                path = "-";
                detail = "Supervisor pid=" + r.aux() + " " + r.text();
                break;
            case JournalRecordDescriptor.KIND_REQUEST:
                switch (r.type())
                {
                    case FrameType.CONNECT_REQ:
                        machines = name(r.aux()) + " -> " + name(r.name());
                        detail = "msglim=" + r.msglim();
                        break;
                    case FrameType.IPL_REQ:
                    case FrameType.LOGOFF_REQ:
                        machines = name(r.name());
                        break;
                    case FrameType.REGISTER_REQ:
                        detail = "process pid=" + r.aux();
                        break;
                    case SupervisorConductor.CLIENT_DIED:
                        event = "DEATH";
                        detail = "process pid=" + r.aux() + " (client " + r.client() + ") " + r.text();
                        break;
                    case FrameType.UNREGISTER_REQ:
                    case FrameType.SHUTDOWN_REQ:
                        detail = "client " + r.client();
                        break;
                    case FrameType.LOGOFF_DONE:
                        machines = name(r.machine());
                        rc = "RC=" + r.rc();
                        break;
                    default:
                        machines = 0 == r.machine() ? "(api)" : name(r.machine());
                        break;
                }
                if (r.corr() != 0)
                {
                    requests.put(r.corr(), event + (machines.isEmpty() ? "" : " " + machines));
                }
                break;
            case JournalRecordDescriptor.KIND_INTERRUPT:
                machines = name(r.machine()) + (0 == r.name() ? "" : " <- " + name(r.name()));
                break;
            case JournalRecordDescriptor.KIND_RESPONSE:
            {
                final String asked = requests.remove(r.corr());
                event = "ANSWER";
                machines = null == asked ? "client " + r.client() : asked;
                rc = "RC=" + r.rc();
                detail = r.text();
                break;
            }
            case JournalRecordDescriptor.KIND_DATA:
                event = FrameType.name(r.type());
                machines = name(r.machine()) + " -> " + name(r.name());
                detail = "len=" + r.aux() + " " + printable(r.textBytes());
                break;
            default:
                break;
        }
        final StringBuilder sb = new StringBuilder(128);
        sb.append(time).append(' ').append(pad(JournalRecordDescriptor.kindName(r.kind()), 3)).append(' ')
            .append(pad(event, 11)).append(' ').append(pad(machines, 30)).append(' ').append(pad(path, 8))
            .append(' ').append(pad(rc, 5));
        if (!detail.isEmpty())
        {
            sb.append(' ').append(detail);
        }
        return sb.toString().stripTrailing();
    }

    private static String pad(final String s, final int width)
    {
        if (s.length() >= width)
        {
            return s;
        }
        return s + " ".repeat(width - s.length());
    }

    private static String name(final long packed)
    {
        if (0 == packed)
        {
            return "-";
        }
        try
        {
            return MachineId.fromPacked(packed).name();
        }
        catch (final IllegalArgumentException ex)
        {
            return "?";
        }
    }

    private static String printable(final byte[] b)
    {
        final StringBuilder sb = new StringBuilder(b.length + 2).append('\'');
        for (final byte x : b)
        {
            sb.append(x >= 32 && x < 127 ? (char)x : '.');
        }
        return sb.append('\'').toString();
    }
}
