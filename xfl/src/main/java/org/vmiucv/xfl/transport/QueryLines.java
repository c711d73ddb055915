package org.vmiucv.xfl.transport;

import java.util.ArrayList;
import java.util.List;
import java.util.function.ToLongFunction;

import org.vmiucv.engine.MachineId;
import org.vmiucv.engine.MachineInfo;
import org.vmiucv.engine.PathId;
import org.vmiucv.engine.PathInfo;

/**
 * QUERY NAMES and QUERY PATHS answers as text, one line per entry, fields separated by blanks: the payload of an
 * API response. The Supervisor puts the pid of the process that hosts a machine's handler in place of its own.
 */
final class QueryLines
{
    private QueryLines()
    {
    }

    static String names(final List<MachineInfo> list, final ToLongFunction<MachineInfo> pid)
    {
        final StringBuilder sb = new StringBuilder();
        for (final MachineInfo m : list)
        {
            sb.append(m.name().name()).append(' ').append(m.state()).append(' ').append(pid.applyAsLong(m)).append(' ')
                .append(m.slot()).append(' ').append(m.received()).append(' ').append(m.sent()).append(' ')
                .append(m.dropped()).append('\n');
        }
        return sb.toString();
    }

    static List<MachineInfo> parseNames(final String text)
    {
        final List<MachineInfo> list = new ArrayList<>();
        for (final String line : text.split("\n"))
        {
            if (line.isEmpty())
            {
                continue;
            }
            final String[] f = line.split(" ");
            list.add(new MachineInfo(MachineId.of(f[0]), f[1], Long.parseLong(f[2]), Integer.parseInt(f[3]),
                Long.parseLong(f[4]), Long.parseLong(f[5]), Long.parseLong(f[6])));
        }
        return list;
    }

    static String paths(final List<PathInfo> list, final ToLongFunction<MachineId> pidOf)
    {
        final StringBuilder sb = new StringBuilder();
        for (final PathInfo p : list)
        {
            final long pidA = pidOf.applyAsLong(p.initiator());
            final long pidB = pidOf.applyAsLong(p.target());
            sb.append(p.path().packed()).append(' ').append(p.state()).append(' ').append(p.initiator().name())
                .append(' ').append(p.target().name()).append(' ').append(p.msglim()).append(' ')
                .append(p.quiesced().isEmpty() ? "-" : p.quiesced()).append(' ').append(p.sentAtoB()).append(' ')
                .append(p.sentBtoA()).append(' ').append(pidA > 0 ? pidA : p.pidA()).append(' ')
                .append(pidB > 0 ? pidB : p.pidB()).append('\n');
        }
        return sb.toString();
    }

    static List<PathInfo> parsePaths(final String text)
    {
        final List<PathInfo> list = new ArrayList<>();
        for (final String line : text.split("\n"))
        {
            if (line.isEmpty())
            {
                continue;
            }
            final String[] f = line.split(" ");
            list.add(new PathInfo(PathId.fromPacked(Long.parseLong(f[0])), f[1], MachineId.of(f[2]),
                MachineId.of(f[3]), Integer.parseInt(f[4]), "-".equals(f[5]) ? "" : f[5], Long.parseLong(f[6]),
                Long.parseLong(f[7]), Long.parseLong(f[8]), Long.parseLong(f[9])));
        }
        return list;
    }
}
