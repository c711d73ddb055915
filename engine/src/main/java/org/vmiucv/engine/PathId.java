package org.vmiucv.engine;

/**
 * A system-wide IUCV path id, shared by both ends: a slot in the path table plus the generation of that slot.
 * <p>
 * The generation changes every time a slot is reused, so a stale id never reaches a new path. The text form is
 * {@code slot.generation}, for example {@code 3.1}.
 */
public final class PathId
{
    private final int slot;
    private final int generation;

    private PathId(final int slot, final int generation)
    {
        this.slot = slot;
        this.generation = generation;
    }

    /**
     * @param slot       index in the path table, 0 or more.
     * @param generation generation of the slot, 1 or more.
     * @return the id.
     */
    public static PathId of(final int slot, final int generation)
    {
        if (slot < 0 || generation <= 0)
        {
            throw new IllegalArgumentException("invalid path id " + slot + "." + generation);
        }
        return new PathId(slot, generation);
    }

    /**
     * @param packed the packed form, see {@link #packed()}.
     * @return the id.
     */
    public static PathId fromPacked(final long packed)
    {
        return of((int)(packed >>> 32), (int)packed);
    }

    /**
     * Parse the text form {@code slot.generation}.
     *
     * @param text the text.
     * @return the id.
     * @throws IucvException with {@link ReturnCode#INVALID_PARAMETER} if the text is not a path id.
     */
    public static PathId parse(final String text) throws IucvException
    {
        final int dot = null == text ? -1 : text.indexOf('.');
        try
        {
            if (dot > 0)
            {
                return of(Integer.parseInt(text.substring(0, dot)), Integer.parseInt(text.substring(dot + 1)));
            }
        }
        catch (final IllegalArgumentException ignore)
        {
            // fall through to the error below
        }
        throw new IucvException(
            ReturnCode.INVALID_PARAMETER, "'" + text + "' is not a path id; expected SLOT.GENERATION, e.g. 3.1");
    }

    /**
     * @param slot       slot index.
     * @param generation generation.
     * @return the packed form.
     */
    public static long pack(final int slot, final int generation)
    {
        return ((long)slot << 32) | (generation & 0xFFFF_FFFFL);
    }

    /**
     * @return slot in the path table.
     */
    public int slot()
    {
        return slot;
    }

    /**
     * @return generation of the slot.
     */
    public int generation()
    {
        return generation;
    }

    /**
     * @return slot in the high 32 bits, generation in the low 32 bits.
     */
    public long packed()
    {
        return pack(slot, generation);
    }

    /** {@inheritDoc} */
    public boolean equals(final Object o)
    {
        return o instanceof PathId && ((PathId)o).slot == slot && ((PathId)o).generation == generation;
    }

    /** {@inheritDoc} */
    public int hashCode()
    {
        return 31 * slot + generation;
    }

    /** {@inheritDoc} */
    public String toString()
    {
        return slot + "." + generation;
    }
}
