package org.vmiucv.engine.layout;

import static org.vmiucv.engine.layout.SystemTablesDescriptor.PATH_ENTRY_LENGTH;

import org.agrona.concurrent.AtomicBuffer;
import org.vmiucv.engine.UserData;

/**
 * The path table. The Supervisor writes the first line of an entry; each message counter sits on its own cache
 * line and has a single writer: the sender writes "sent", the receiver writes "received".
 * See {@link SystemTablesDescriptor}.
 */
public final class PathTable
{
    /** Slot unused. */
    public static final int FREE = 0;
    /** CONNECT offered to the target. */
    public static final int PENDING = 1;
    /** Accepted: data flows. */
    public static final int ESTABLISHED = 2;

    /** Quiesce bit: end A stopped incoming messages. */
    public static final int QUIESCED_A = 1;
    /** Quiesce bit: end B stopped incoming messages. */
    public static final int QUIESCED_B = 2;

    private static final int STATE = 0;
    private static final int GENERATION = 4;
    private static final int END_A = 8;
    private static final int END_B = 12;
    private static final int MSGLIM = 16;
    private static final int QUIESCE = 20;
    private static final int USER_DATA_A = 24;
    private static final int USER_DATA_B = 40;
    private static final int MACHINE_GEN_A = 56;
    private static final int MACHINE_GEN_B = 60;
    private static final int SENT_AB = SystemTablesDescriptor.COUNTER_SPACING;
    private static final int RECEIVED_AB = 2 * SystemTablesDescriptor.COUNTER_SPACING;
    private static final int SENT_BA = 3 * SystemTablesDescriptor.COUNTER_SPACING;
    private static final int RECEIVED_BA = 4 * SystemTablesDescriptor.COUNTER_SPACING;

    private final AtomicBuffer buffer;
    private final int base;
    private final int capacity;

    PathTable(final AtomicBuffer buffer, final int base, final int capacity)
    {
        this.buffer = buffer;
        this.base = base;
        this.capacity = capacity;
    }

    private int at(final int slot, final int field)
    {
        return base + slot * PATH_ENTRY_LENGTH + field;
    }

    /**
     * @param state a state.
     * @return its name.
     */
    public static String stateName(final int state)
    {
        switch (state)
        {
            case FREE: return "FREE";
            case PENDING: return "PENDING";
            case ESTABLISHED: return "ESTABLISHED";
            default: return "STATE" + state;
        }
    }

    /**
     * @return number of slots.
     */
    public int capacity()
    {
        return capacity;
    }

    /**
     * @param slot slot.
     * @return true if within the table.
     */
    public boolean isValidSlot(final int slot)
    {
        return slot >= 0 && slot < capacity;
    }

    /**
     * Check one entry as a reader sees it, so garbage in the file is reported instead of thrown as an exception
     * from deep inside a query or the CP. Not for the data path.
     *
     * @param slot     a slot within the table.
     * @param machines the machine directory the ends index.
     * @return null if the entry is FREE or consistent, else what is wrong, naming the slot and its file offset.
     */
    public String entryProblem(final int slot, final MachineDirectory machines)
    {
        return entryProblem(slot, machines, false);
    }

    /**
     * @param slot        a slot within the table.
     * @param machines    the machine directory the ends index.
     * @param alsoIfFree  check a FREE entry's ends too: a free keeps the ends of the slot's last use, which were in
     *                    range, so garbage there is damage (for the CP, after an event that failed may have freed
     *                    the entry it tripped on).
     * @return null if consistent, else what is wrong, naming the slot and its file offset.
     */
    public String entryProblem(final int slot, final MachineDirectory machines, final boolean alsoIfFree)
    {
        final int state = state(slot);
        if (state < FREE || state > ESTABLISHED)
        {
            return where(slot, STATE) + ": state " + state + " is not one of 0 to 2";
        }
        if (state == FREE && !alsoIfFree)
        {
            return null;
        }
        if (!machines.isValidSlot(endA(slot)))
        {
            return where(slot, END_A) + ": initiator machine slot " + endA(slot) + " is outside 0 to " +
                (machines.capacity() - 1);
        }
        if (!machines.isValidSlot(endB(slot)))
        {
            return where(slot, END_B) + ": target machine slot " + endB(slot) + " is outside 0 to " +
                (machines.capacity() - 1);
        }
        if (state == FREE)
        {
            return null;
        }
        final int msglim = msglim(slot);
        if (msglim < 1 || msglim > 65_535)
        {
            return where(slot, MSGLIM) + ": msglim " + msglim + " is outside 1 to 65535";
        }
        final int quiesce = quiesce(slot);
        if (quiesce < 0 || quiesce > (QUIESCED_A | QUIESCED_B))
        {
            return where(slot, QUIESCE) + ": quiesce bits " + quiesce + " are not one of 0 to 3";
        }
        return null;
    }

    private String where(final int slot, final int field)
    {
        return "path slot " + slot + " at offset " + at(slot, field);
    }

    /**
     * @param slot slot.
     * @return state.
     */
    public int state(final int slot)
    {
        return buffer.getIntVolatile(at(slot, STATE));
    }

    /**
     * @param slot  slot.
     * @param state state.
     */
    public void state(final int slot, final int state)
    {
        buffer.putIntVolatile(at(slot, STATE), state);
    }

    /**
     * @param slot slot.
     * @return generation.
     */
    public int generation(final int slot)
    {
        return buffer.getIntVolatile(at(slot, GENERATION));
    }

    /**
     * @param slot slot.
     * @return end A (initiator) machine slot.
     */
    public int endA(final int slot)
    {
        return buffer.getInt(at(slot, END_A));
    }

    /**
     * @param slot slot.
     * @return end B (target) machine slot.
     */
    public int endB(final int slot)
    {
        return buffer.getInt(at(slot, END_B));
    }

    /**
     * @param slot slot.
     * @return machine generation of end A.
     */
    public int machineGenerationA(final int slot)
    {
        return buffer.getInt(at(slot, MACHINE_GEN_A));
    }

    /**
     * @param slot slot.
     * @return machine generation of end B.
     */
    public int machineGenerationB(final int slot)
    {
        return buffer.getInt(at(slot, MACHINE_GEN_B));
    }

    /**
     * @param slot slot.
     * @return msglim.
     */
    public int msglim(final int slot)
    {
        return buffer.getInt(at(slot, MSGLIM));
    }

    /**
     * @param slot   slot.
     * @param msglim msglim.
     */
    public void msglim(final int slot, final int msglim)
    {
        buffer.putIntVolatile(at(slot, MSGLIM), msglim);
    }

    /**
     * @param slot slot.
     * @return quiesce bits.
     */
    public int quiesce(final int slot)
    {
        return buffer.getIntVolatile(at(slot, QUIESCE));
    }

    /**
     * @param slot slot.
     * @param bits quiesce bits.
     */
    public void quiesce(final int slot, final int bits)
    {
        buffer.putIntVolatile(at(slot, QUIESCE), bits);
    }

    /**
     * @param slot slot.
     * @return CONNECT's user data.
     */
    public UserData userDataA(final int slot)
    {
        return userData(at(slot, USER_DATA_A));
    }

    /**
     * @param slot slot.
     * @return ACCEPT's user data.
     */
    public UserData userDataB(final int slot)
    {
        return userData(at(slot, USER_DATA_B));
    }

    /**
     * @param slot     slot.
     * @param userData ACCEPT's user data.
     */
    public void userDataB(final int slot, final UserData userData)
    {
        buffer.putBytes(at(slot, USER_DATA_B), userData.toByteArray());
    }

    private UserData userData(final int offset)
    {
        final byte[] b = new byte[UserData.LENGTH];
        buffer.getBytes(offset, b);
        return UserData.of(b);
    }

    /**
     * Take a slot for a new pending path: bump the generation, reset counters, publish the state last.
     *
     * @param slot     slot.
     * @param endA     initiator machine slot.
     * @param genA     initiator machine generation.
     * @param endB     target machine slot.
     * @param genB     target machine generation.
     * @param msglim   requested msglim.
     * @param userData CONNECT's user data.
     * @return the new generation.
     */
    public int allocate(
        final int slot, final int endA, final int genA, final int endB, final int genB, final int msglim,
        final UserData userData)
    {
        final int generation = Math.max(1, generation(slot) + 1);
        buffer.putIntVolatile(at(slot, GENERATION), generation);
        buffer.putInt(at(slot, END_A), endA);
        buffer.putInt(at(slot, END_B), endB);
        buffer.putInt(at(slot, MACHINE_GEN_A), genA);
        buffer.putInt(at(slot, MACHINE_GEN_B), genB);
        buffer.putInt(at(slot, MSGLIM), msglim);
        buffer.putInt(at(slot, QUIESCE), 0);
        buffer.putBytes(at(slot, USER_DATA_A), userData.toByteArray());
        buffer.putBytes(at(slot, USER_DATA_B), UserData.EMPTY.toByteArray());
        buffer.putLongVolatile(at(slot, SENT_AB), 0);
        buffer.putLongVolatile(at(slot, RECEIVED_AB), 0);
        buffer.putLongVolatile(at(slot, SENT_BA), 0);
        buffer.putLongVolatile(at(slot, RECEIVED_BA), 0);
        state(slot, PENDING);
        return generation;
    }

    /**
     * Free a slot; the generation stays, so the next allocation gets a new one.
     *
     * @param slot slot.
     */
    public void free(final int slot)
    {
        state(slot, FREE);
    }

    /**
     * @param slot slot.
     * @param bToA direction: false = A to B.
     * @return messages sent in that direction.
     */
    public long sent(final int slot, final boolean bToA)
    {
        return buffer.getLongVolatile(at(slot, bToA ? SENT_BA : SENT_AB));
    }

    /**
     * Sender only: publish the new count.
     *
     * @param slot  slot.
     * @param bToA  direction.
     * @param value count.
     */
    public void sent(final int slot, final boolean bToA, final long value)
    {
        buffer.putLongRelease(at(slot, bToA ? SENT_BA : SENT_AB), value);
    }

    /**
     * @param slot slot.
     * @param bToA direction.
     * @return messages received in that direction.
     */
    public long received(final int slot, final boolean bToA)
    {
        return buffer.getLongVolatile(at(slot, bToA ? RECEIVED_BA : RECEIVED_AB));
    }

    /**
     * Receiver only: publish the new count.
     *
     * @param slot  slot.
     * @param bToA  direction.
     * @param value count.
     */
    public void received(final int slot, final boolean bToA, final long value)
    {
        buffer.putLongRelease(at(slot, bToA ? RECEIVED_BA : RECEIVED_AB), value);
    }
}
