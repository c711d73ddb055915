package org.vmiucv.engine.system;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.agrona.concurrent.AtomicBuffer;
import org.vmiucv.engine.IucvException;
import org.vmiucv.engine.MachineId;
import org.vmiucv.engine.MachineInfo;
import org.vmiucv.engine.PathId;
import org.vmiucv.engine.PathInfo;
import org.vmiucv.engine.ReturnCode;
import org.vmiucv.engine.layout.MachineDirectory;
import org.vmiucv.engine.layout.PathTable;
import org.vmiucv.engine.layout.SystemTables;

/**
 * QUERY NAMES and QUERY PATHS answered from the mapped tables alone, as {@code iucv query} and {@code iucv stat} do
 * without attaching (no client slot, no ring, no free space needed), and as an attached client does.
 * <p>
 * Every entry is checked before it is used: garbage in {@code system.tables} (a file anyone with the right to
 * write it can change under a running system) is reported as RC 24 naming the file, the slot and the offset,
 * never thrown as a raw exception from deep inside the reader.
 */
public final class TablesQuery
{
    private TablesQuery()
    {
    }

    /**
     * Map and validate the tables of a running system, without attaching.
     *
     * @param ns the system's namespace.
     * @return the tables; they stay mapped until the namespace is closed.
     * @throws IucvException 32 if there are no tables, 24 if the file's header is not valid.
     */
    public static SystemTables open(final Namespace ns) throws IucvException
    {
        final AtomicBuffer file;
        try
        {
            file = SupervisorConductor.openTables(ns);
        }
        catch (final NamespaceException ex)
        {
            throw unusable(ex, ex.getMessage());
        }
        return new SystemTables(file);
    }

    /**
     * @param ex     why the tables (or a ring) could not be opened.
     * @param detail the message to give.
     * @return RC 24 if the file is garbage (a wrong magic, bad sizes), else RC 32 (none there, or one still being
     * made by a starting Supervisor).
     */
    public static IucvException unusable(final NamespaceException ex, final String detail)
    {
        return ex.reason() == NamespaceException.Reason.INVALID && !ex.getMessage().contains("not initialised yet") ?
            new IucvException(ReturnCode.INVALID_PARAMETER, detail + "; " + AFTER_CORRUPTION) :
            new IucvException(ReturnCode.SUPERVISOR_DOWN, detail);
    }

    /**
     * Scan every entry; for the CP when an event failed, to say whether garbage in the tables is why.
     *
     * @param tables the tables.
     * @param file   the file, for the message.
     * @return null if every entry is consistent, else the first problem, naming the file, slot and offset.
     */
    public static String firstProblem(final SystemTables tables, final String file)
    {
        final MachineDirectory d = tables.machines();
        for (int m = 0; m < d.capacity(); m++)
        {
            final String problem = d.entryProblem(m);
            if (null != problem)
            {
                return file + " is corrupt: " + problem;
            }
        }
        final PathTable p = tables.paths();
        for (int s = 0; s < p.capacity(); s++)
        {
            final String problem = p.entryProblem(s, d, true);
            if (null != problem)
            {
                return file + " is corrupt: " + problem;
            }
        }
        return null;
    }

    /** What to do about a corrupt tables file, said with every report of one. */
    public static final String AFTER_CORRUPTION = "the file was changed outside vm-iucv; stop the system with " +
        "iucv shutdown and start it again";

    /**
     * @param tables the tables.
     * @return null while a Supervisor runs them, else why not.
     */
    public static String supervisorProblem(final SystemTables tables)
    {
        return SystemClient.supervisorProblem(tables, new SystemOptions());
    }

    /**
     * @param tables the tables.
     * @param file   the file, for the message.
     * @return the machines logged on, by name.
     * @throws IucvException 24 if an entry is garbage.
     */
    public static List<MachineInfo> names(final SystemTables tables, final String file) throws IucvException
    {
        final MachineDirectory d = tables.machines();
        final List<MachineInfo> list = new ArrayList<>();
        for (int m = 0; m < d.capacity(); m++)
        {
            final int state = d.state(m);
            if (state == MachineDirectory.FREE)
            {
                continue;
            }
            final MachineId name = nameAt(d, m, file);
            if (null != name)
            {
                list.add(new MachineInfo(name, MachineDirectory.stateName(state), d.pid(m), m, d.received(m),
                    d.sent(m), d.dropped(m)));
            }
        }
        list.sort(Comparator.comparing(MachineInfo::name));
        return list;
    }

    /**
     * @param tables the tables.
     * @param file   the file, for the message.
     * @return the paths pending or established, by slot.
     * @throws IucvException 24 if an entry is garbage.
     */
    public static List<PathInfo> paths(final SystemTables tables, final String file) throws IucvException
    {
        final PathTable p = tables.paths();
        final MachineDirectory d = tables.machines();
        final List<PathInfo> list = new ArrayList<>();
        for (int s = 0; s < p.capacity(); s++)
        {
            final int state = p.state(s);
            if (state == PathTable.FREE)
            {
                continue;
            }
            check(p.entryProblem(s, d), file);
            final int a = p.endA(s);
            final int b = p.endB(s);
            final MachineId initiator = nameAt(d, a, file);
            final MachineId target = nameAt(d, b, file);
            if (null == initiator || null == target)
            {
                continue; // an end logged off while we looked: the path is going
            }
            final int q = p.quiesce(s);
            final String quiesced = q == 0 ? "" : q == PathTable.QUIESCED_A ? "initiator" :
                q == PathTable.QUIESCED_B ? "target" : "both";
            list.add(new PathInfo(PathId.of(s, p.generation(s)), PathTable.stateName(state), initiator, target,
                p.msglim(s), quiesced, p.sent(s, false), p.sent(s, true), d.pid(a), d.pid(b)));
        }
        return list;
    }

    /**
     * @return the name of the machine in a slot, or null if the slot is (or became, while we looked) FREE.
     */
    private static MachineId nameAt(final MachineDirectory d, final int slot, final String file)
        throws IucvException
    {
        final long packed = d.name(slot);
        check(d.entryProblem(slot), file);
        if (d.state(slot) == MachineDirectory.FREE || null != MachineDirectory.namePackedProblem(packed))
        {
            return null; // logged off while we looked (entryProblem re-read a valid name or a FREE state)
        }
        return MachineId.fromPacked(packed);
    }

    private static void check(final String problem, final String file) throws IucvException
    {
        if (null != problem)
        {
            throw new IucvException(ReturnCode.INVALID_PARAMETER, file + " is corrupt: " + problem + "; " +
                AFTER_CORRUPTION);
        }
    }
}
