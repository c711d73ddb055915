package org.vmiucv.engine.system;

import org.agrona.collections.Long2LongHashMap;
import org.agrona.concurrent.ringbuffer.ManyToOneRingBuffer;
import org.vmiucv.engine.MachineId;
import org.vmiucv.engine.layout.MachineDirectory;

/**
 * This process's view of other machines' inboxes: maps an inbox on first contact and keeps it while the machine's
 * slot generation is unchanged, so steady-state sends look nothing up but two table fields. Single threaded.
 */
final class InboxDirectory
{
    private final Namespace ns;
    private final MachineDirectory machines;
    private final ManyToOneRingBuffer[] rings;
    private final int[] generations;
    private final String[] names;
    private final Long2LongHashMap slotByName = new Long2LongHashMap(-1);
    private long lastName;
    private int lastSlot;

    InboxDirectory(final Namespace ns, final MachineDirectory machines)
    {
        this.ns = ns;
        this.machines = machines;
        rings = new ManyToOneRingBuffer[machines.capacity()];
        generations = new int[machines.capacity()];
        names = new String[machines.capacity()];
    }

    /**
     * @param slot machine slot.
     * @return its inbox, or null if the slot is free or its inbox cannot be mapped.
     */
    ManyToOneRingBuffer inbox(final int slot)
    {
        if (!machines.isValidSlot(slot) || machines.state(slot) == MachineDirectory.FREE)
        {
            return null;
        }
        final int generation = machines.generation(slot);
        final ManyToOneRingBuffer ring = rings[slot];
        if (null != ring && generations[slot] == generation)
        {
            return ring;
        }
        return map(slot, generation);
    }

    private ManyToOneRingBuffer map(final int slot, final int generation)
    {
        unmap(slot);
        try
        {
            final String name = RingFiles.inbox(MachineId.fromPacked(machines.name(slot)).name(), generation);
            rings[slot] = RingFiles.open(ns, name);
            generations[slot] = generation;
            names[slot] = name;
            return rings[slot];
        }
        catch (final RuntimeException ex)
        {
            return null;
        }
    }

    private void unmap(final int slot)
    {
        if (null != names[slot])
        {
            ns.release(names[slot]);
            names[slot] = null;
            rings[slot] = null;
        }
    }

    /**
     * @param packedName a machine name.
     * @return the slot of that machine if it is logged on, else -1.
     */
    int slotOf(final long packedName)
    {
        // a stream of SMSGs goes to one machine: check the last answer before the map
        if (packedName == lastName && isActive(lastSlot, packedName))
        {
            return lastSlot;
        }
        final int slot = lookUp(packedName);
        if (slot >= 0)
        {
            lastName = packedName;
            lastSlot = slot;
        }
        return slot;
    }

    private boolean isActive(final int slot, final long packedName)
    {
        return machines.name(slot) == packedName && machines.state(slot) == MachineDirectory.ACTIVE;
    }

    private int lookUp(final long packedName)
    {
        final int cached = (int)slotByName.get(packedName);
        if (cached >= 0 && isActive(cached, packedName))
        {
            return cached;
        }
        for (int m = 0; m < machines.capacity(); m++)
        {
            if (isActive(m, packedName))
            {
                slotByName.put(packedName, m);
                return m;
            }
        }
        return -1;
    }

    /**
     * Release every mapping.
     */
    void close()
    {
        for (int i = 0; i < rings.length; i++)
        {
            unmap(i);
        }
    }
}
