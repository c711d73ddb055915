package org.vmiucv.engine.layout;

import static org.vmiucv.engine.layout.SystemTablesDescriptor.MACHINE_ENTRY_LENGTH;

import org.agrona.concurrent.AtomicBuffer;
import org.vmiucv.engine.MachineId;

/**
 * The machine directory: name, hosting process, state, inbox generation and live counters per machine.
 * See {@link SystemTablesDescriptor}.
 */
public final class MachineDirectory
{
    /** Slot unused. */
    public static final int FREE = 0;
    /** Logged on. */
    public static final int ACTIVE = 1;
    /** LOGOFF in progress. */
    public static final int LOGGING_OFF = 2;
    /** Its handler threw; waiting for LOGOFF. */
    public static final int PANICKED = 3;

    private static final int STATE = 0;
    private static final int CLIENT = 4;
    private static final int NAME = 8;
    private static final int PID = 16;
    private static final int GENERATION = 24;
    private static final int INBOX_CAPACITY = 28;
    private static final int IPL_TIME = 32;
    private static final int SENT = SystemTablesDescriptor.COUNTER_SPACING;
    private static final int RECEIVED = SENT + 8;
    private static final int DROPPED = SENT + 16;

    private final AtomicBuffer buffer;
    private final int base;
    private final int capacity;

    MachineDirectory(final AtomicBuffer buffer, final int base, final int capacity)
    {
        this.buffer = buffer;
        this.base = base;
        this.capacity = capacity;
    }

    private int at(final int slot, final int field)
    {
        return base + slot * MACHINE_ENTRY_LENGTH + field;
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
            case ACTIVE: return "ACTIVE";
            case LOGGING_OFF: return "LOGGING_OFF";
            case PANICKED: return "PANICKED";
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
     * @return true if the slot is within the table.
     */
    public boolean isValidSlot(final int slot)
    {
        return slot >= 0 && slot < capacity;
    }

    /**
     * Check one entry as a reader sees it, so garbage in the file is reported instead of thrown as an exception
     * from deep inside a query. Not for the data path.
     *
     * @param slot a slot within the table.
     * @return null if the entry is FREE or consistent, else what is wrong, naming the slot and its file offset.
     */
    public String entryProblem(final int slot)
    {
        final int state = state(slot);
        if (state < FREE || state > PANICKED)
        {
            return where(slot, STATE) + ": state " + state + " is not one of 0 to 3";
        }
        if (state == FREE)
        {
            return null;
        }
        final long packed = name(slot);
        final String nameProblem = namePackedProblem(packed);
        if (null != nameProblem && state(slot) != FREE) // a logoff frees the state first, then zeroes the name
        {
            return where(slot, NAME) + ": " + nameProblem;
        }
        return null;
    }

    /**
     * @param slot            a slot within the table, not FREE.
     * @param clientsCapacity slots of the client table its client slot indexes.
     * @return null if the entry's client slot is within the client table, else what is wrong, naming slot and offset.
     */
    public String clientSlotProblem(final int slot, final int clientsCapacity)
    {
        final int client = clientSlot(slot);
        return client >= 0 && client < clientsCapacity ? null :
            "machine slot " + slot + " at offset " + at(slot, CLIENT) + ": client slot " + client +
            " is outside 0 to " + (clientsCapacity - 1);
    }

    /**
     * @param packed a packed machine name as found in a table.
     * @return null if it is a valid name, else what is wrong.
     */
    public static String namePackedProblem(final long packed)
    {
        try
        {
            MachineId.fromPacked(packed);
            return null;
        }
        catch (final IllegalArgumentException ex)
        {
            return ex.getMessage() + " (packed 0x" + Long.toHexString(packed) + ")";
        }
    }

    private String where(final int slot, final int field)
    {
        return "machine slot " + slot + " at offset " + at(slot, field);
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
     * @param state state, published last.
     */
    public void state(final int slot, final int state)
    {
        buffer.putIntVolatile(at(slot, STATE), state);
    }

    /**
     * @param slot slot.
     * @return hosting client slot.
     */
    public int clientSlot(final int slot)
    {
        return buffer.getInt(at(slot, CLIENT));
    }

    /**
     * @param slot slot.
     * @return packed name.
     */
    public long name(final int slot)
    {
        return buffer.getLongVolatile(at(slot, NAME));
    }

    /**
     * @param slot slot.
     * @return pid of the hosting process.
     */
    public long pid(final int slot)
    {
        return buffer.getLong(at(slot, PID));
    }

    /**
     * @param slot slot.
     * @return generation of the slot (names the inbox file).
     */
    public int generation(final int slot)
    {
        return buffer.getIntVolatile(at(slot, GENERATION));
    }

    /**
     * @param slot slot.
     * @return inbox capacity.
     */
    public int inboxCapacity(final int slot)
    {
        return buffer.getInt(at(slot, INBOX_CAPACITY));
    }

    /**
     * @param slot slot.
     * @return IPL time, epoch ms.
     */
    public long iplTimeMs(final int slot)
    {
        return buffer.getLong(at(slot, IPL_TIME));
    }

    /**
     * Fill an entry; the state is published last.
     *
     * @param slot          slot.
     * @param clientSlot    hosting client.
     * @param name          packed name.
     * @param pid           hosting pid.
     * @param generation    slot generation.
     * @param inboxCapacity inbox capacity.
     * @param nowMs         IPL time.
     */
    public void logOn(
        final int slot,
        final int clientSlot,
        final long name,
        final long pid,
        final int generation,
        final int inboxCapacity,
        final long nowMs)
    {
        buffer.putInt(at(slot, CLIENT), clientSlot);
        buffer.putLongVolatile(at(slot, NAME), name);
        buffer.putLong(at(slot, PID), pid);
        buffer.putIntVolatile(at(slot, GENERATION), generation);
        buffer.putInt(at(slot, INBOX_CAPACITY), inboxCapacity);
        buffer.putLong(at(slot, IPL_TIME), nowMs);
        buffer.putLongVolatile(at(slot, SENT), 0);
        buffer.putLongVolatile(at(slot, RECEIVED), 0);
        buffer.putLongVolatile(at(slot, DROPPED), 0);
        state(slot, ACTIVE);
    }

    /**
     * Free an entry, keeping the generation for the next user.
     *
     * @param slot slot.
     */
    public void free(final int slot)
    {
        state(slot, FREE);
        buffer.putLongVolatile(at(slot, NAME), 0);
    }

    /**
     * @param slot slot.
     * @return frames sent.
     */
    public long sent(final int slot)
    {
        return buffer.getLongVolatile(at(slot, SENT));
    }

    /**
     * @param slot slot.
     * @return frames received.
     */
    public long received(final int slot)
    {
        return buffer.getLongVolatile(at(slot, RECEIVED));
    }

    /**
     * @param slot slot.
     * @return frames dropped.
     */
    public long dropped(final int slot)
    {
        return buffer.getLongVolatile(at(slot, DROPPED));
    }

    /**
     * Host-written counters: single writer, so a plain increment published with a release store.
     *
     * @param slot  slot.
     * @param value new value.
     */
    public void sent(final int slot, final long value)
    {
        buffer.putLongRelease(at(slot, SENT), value);
    }

    /**
     * @param slot  slot.
     * @param value new value.
     */
    public void received(final int slot, final long value)
    {
        buffer.putLongRelease(at(slot, RECEIVED), value);
    }

    /**
     * Dropped may be counted by the host and, for a dead host, by the Supervisor: use an atomic add.
     *
     * @param slot slot.
     */
    public void incrementDropped(final int slot)
    {
        buffer.getAndAddLong(at(slot, DROPPED), 1);
    }
}
