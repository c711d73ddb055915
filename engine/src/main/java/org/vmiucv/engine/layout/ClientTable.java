package org.vmiucv.engine.layout;

import static org.vmiucv.engine.layout.SystemTablesDescriptor.CLIENT_ENTRY_LENGTH;

import org.agrona.concurrent.AtomicBuffer;

/**
 * The table of processes attached to the system (clients). See {@link SystemTablesDescriptor}.
 */
public final class ClientTable
{
    /** Slot unused. */
    public static final int FREE = 0;
    /** Process attached. */
    public static final int ACTIVE = 1;

    private static final int STATE = 0;
    private static final int GENERATION = 4;
    private static final int PID = 8;
    private static final int HEARTBEAT = 16;
    private static final int KEY = 24;

    private final AtomicBuffer buffer;
    private final int base;
    private final int capacity;

    ClientTable(final AtomicBuffer buffer, final int base, final int capacity)
    {
        this.buffer = buffer;
        this.base = base;
        this.capacity = capacity;
    }

    private int at(final int slot, final int field)
    {
        return base + slot * CLIENT_ENTRY_LENGTH + field;
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
     * @param slot       slot.
     * @param generation generation.
     */
    public void generation(final int slot, final int generation)
    {
        buffer.putIntVolatile(at(slot, GENERATION), generation);
    }

    /**
     * @param slot slot.
     * @return pid.
     */
    public long pid(final int slot)
    {
        return buffer.getLongVolatile(at(slot, PID));
    }

    /**
     * @param slot slot.
     * @param pid  pid.
     */
    public void pid(final int slot, final long pid)
    {
        buffer.putLongVolatile(at(slot, PID), pid);
    }

    /**
     * @param slot slot.
     * @return last heartbeat, epoch ms.
     */
    public long heartbeatMs(final int slot)
    {
        return buffer.getLongVolatile(at(slot, HEARTBEAT));
    }

    /**
     * Written by the client itself.
     *
     * @param slot  slot.
     * @param nowMs heartbeat time.
     */
    public void heartbeatMs(final int slot, final long nowMs)
    {
        buffer.putLongRelease(at(slot, HEARTBEAT), nowMs);
    }

    /**
     * @param slot slot.
     * @return registration key (names the client's response ring).
     */
    public long key(final int slot)
    {
        return buffer.getLongVolatile(at(slot, KEY));
    }

    /**
     * @param slot slot.
     * @param key  registration key.
     */
    public void key(final int slot, final long key)
    {
        buffer.putLongVolatile(at(slot, KEY), key);
    }
}
