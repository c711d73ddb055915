package org.vmiucv.shm.journal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.vmiucv.engine.layout.FrameType;
import org.vmiucv.engine.system.SupervisorConductor;

/**
 * Replays a journal for recovery: what was in flight when the previous Supervisor died. Only records after the last
 * {@link JournalRecordDescriptor#KIND_START START} matter, since a starting Supervisor settles everything before it.
 * <ul>
 *   <li>a CONNECT request with no answer recorded: its initiator (client slot, correlation id) and, if its PENDING
 *       interrupt was recorded, the path it got;</li>
 *   <li>for the paths whose PENDING was recorded: which ends got their COMPLETE interrupt.</li>
 * </ul>
 */
public final class JournalReplay implements SupervisorConductor.RecoveryHints, JournalStore.Visitor
{
    private final Map<Long, long[]> unanswered = new LinkedHashMap<>();
    private final Map<Long, long[]> pathEnds = new HashMap<>();
    private final Set<Long> completeA = new HashSet<>();
    private final Set<Long> completeB = new HashSet<>();
    private final List<byte[]> redo = new ArrayList<>();
    private long appliedIndex = Long.MAX_VALUE;
    private long records;
    private long sinceStart;
    private long lastTimeMs;

    /** {@inheritDoc} */
    public void onRecord(final JournalRecordFlyweight r, final long index)
    {
        records++;
        sinceStart++;
        lastTimeMs = r.timeMs();
        switch (r.kind())
        {
            case JournalRecordDescriptor.KIND_START:
                unanswered.clear();
                pathEnds.clear();
                completeA.clear();
                completeB.clear();
                redo.clear();
                sinceStart = 0;
                break;
            case JournalRecordDescriptor.KIND_REQUEST:
                if (index > appliedIndex)
                {
                    final byte[] copy = new byte[r.length()];
                    System.arraycopy(r.bytes(), 0, copy, 0, copy.length);
                    redo.add(copy);
                }
                if (r.type() == FrameType.CONNECT_REQ && r.corr() != 0)
                {
                    unanswered.put(r.corr(), new long[] {r.client(), r.corr(), r.aux(), r.name(), 0});
                }
                break;
            case JournalRecordDescriptor.KIND_INTERRUPT:
                onInterrupt(r);
                break;
            case JournalRecordDescriptor.KIND_RESPONSE:
                final long[] u = unanswered.get(r.corr());
                if (null != u && u[0] == r.client())
                {
                    unanswered.remove(r.corr());
                }
                break;
            default:
                break;
        }
    }

    private void onInterrupt(final JournalRecordFlyweight r)
    {
        final long path = r.path();
        if (r.type() == FrameType.PENDING)
        {
            pathEnds.put(path, new long[] {r.name(), r.machine()});
            final long[] u = unanswered.get(r.corr());
            if (null != u)
            {
                u[4] = path;
            }
        }
        else if (r.type() == FrameType.COMPLETE)
        {
            final long[] ends = pathEnds.get(path);
            if (null != ends && r.machine() == ends[1])
            {
                completeB.add(path);
            }
            else
            {
                completeA.add(path);
            }
        }
    }

    /** {@inheritDoc} */
    public List<SupervisorConductor.UnansweredConnect> unansweredConnects()
    {
        final List<SupervisorConductor.UnansweredConnect> list = new ArrayList<>();
        for (final long[] u : unanswered.values())
        {
            list.add(new SupervisorConductor.UnansweredConnect((int)u[0], u[1], u[2], u[3], u[4]));
        }
        return list;
    }

    /** {@inheritDoc} */
    public boolean completeRecorded(final long path, final int end)
    {
        if (!pathEnds.containsKey(path))
        {
            return true;
        }
        return end == 0 ? completeA.contains(path) : completeB.contains(path);
    }

    /**
     * @param index the last journal index the previous Supervisor applied; requests after it are to be redone.
     */
    void appliedIndex(final long index)
    {
        this.appliedIndex = index;
    }

    /**
     * @return recorded requests the previous Supervisor never applied, oldest first, as record bytes.
     */
    public List<byte[]> notApplied()
    {
        return redo;
    }

    /** @return records read in all. */
    public long records()
    {
        return records;
    }

    /** @return records after the last START. */
    public long recordsSinceStart()
    {
        return sinceStart;
    }

    /** @return time of the last record, epoch ms, 0 if none. */
    public long lastTimeMs()
    {
        return lastTimeMs;
    }
}
