package org.vmiucv.engine;

import java.util.Locale;

/**
 * The name of a machine: 1 to 8 characters of {@code [A-Z0-9@#$]}, upper-cased on input.
 * <p>
 * Names starting with {@code *} are reserved for system services and refused here. A name packs into one
 * {@code long} ({@link #packed()}), which is how it travels in frames and tables.
 */
public final class MachineId implements Comparable<MachineId>
{
    /** Maximum length of a machine name. */
    public static final int MAX_LENGTH = 8;

    private final String name;
    private final long packed;

    private MachineId(final String name, final long packed)
    {
        this.name = name;
        this.packed = packed;
    }

    /**
     * Parse and validate a machine name; lower case is upper-cased.
     *
     * @param name the name.
     * @return the id.
     * @throws IllegalArgumentException with a message saying what is allowed, if the name is invalid.
     */
    public static MachineId of(final String name)
    {
        final String problem = problem(name);
        if (null != problem)
        {
            throw new IllegalArgumentException(problem);
        }
        final String upper = name.toUpperCase(Locale.ROOT);
        return new MachineId(upper, pack(upper));
    }

    /**
     * Parse a machine name for a control-plane call.
     *
     * @param name the name.
     * @return the id.
     * @throws IucvException with {@link ReturnCode#INVALID_PARAMETER} if the name is invalid.
     */
    public static MachineId parse(final String name) throws IucvException
    {
        final String problem = problem(name);
        if (null != problem)
        {
            throw new IucvException(ReturnCode.INVALID_PARAMETER, problem);
        }
        return of(name);
    }

    /**
     * Rebuild an id from its packed form (as found in a frame or table).
     *
     * @param packed the packed name.
     * @return the id.
     * @throws IllegalArgumentException if the packed form is not a valid name.
     */
    public static MachineId fromPacked(final long packed)
    {
        final StringBuilder sb = new StringBuilder(MAX_LENGTH);
        for (int i = 0; i < MAX_LENGTH; i++)
        {
            final int c = (int)(packed >>> (56 - 8 * i)) & 0xFF;
            if (0 == c)
            {
                break;
            }
            sb.append((char)c);
        }
        return of(sb.toString());
    }

    /**
     * Explain what is wrong with a name.
     *
     * @param name the candidate name.
     * @return null when valid, otherwise what was wrong and what is allowed.
     */
    public static String problem(final String name)
    {
        if (null == name || name.isEmpty())
        {
            return "machine name is empty; use 1-8 characters of A-Z 0-9 @ # $";
        }
        if (name.charAt(0) == '*')
        {
            return "machine name '" + name + "' starts with '*', which is reserved for system services";
        }
        if (name.length() > MAX_LENGTH)
        {
            return "machine name '" + name + "' has " + name.length() + " characters; at most 8 are allowed";
        }
        for (int i = 0; i < name.length(); i++)
        {
            // ASCII is checked before upper-casing: Character.toUpperCase maps '\u0131' (dotless i) to 'I' and
            // '\u017f' (long s) to 'S', so a name could pass for another.
            final char c = name.charAt(i);
            if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '@' ||
                c == '#' || c == '$'))
            {
                return "machine name '" + name + "' has '" + name.charAt(i) + "' at position " + (i + 1) +
                    "; only A-Z 0-9 @ # $ are allowed";
            }
        }
        return null;
    }

    private static long pack(final String upper)
    {
        long v = 0;
        for (int i = 0; i < MAX_LENGTH; i++)
        {
            v = (v << 8) | (i < upper.length() ? upper.charAt(i) : 0);
        }
        return v;
    }

    /**
     * @return the name packed into a long, 8 ASCII bytes big-endian, NUL padded.
     */
    public long packed()
    {
        return packed;
    }

    /**
     * @return the upper-case name.
     */
    public String name()
    {
        return name;
    }

    /** {@inheritDoc} */
    public int compareTo(final MachineId o)
    {
        return name.compareTo(o.name);
    }

    /** {@inheritDoc} */
    public boolean equals(final Object o)
    {
        return o instanceof MachineId && ((MachineId)o).packed == packed;
    }

    /** {@inheritDoc} */
    public int hashCode()
    {
        return Long.hashCode(packed);
    }

    /** {@inheritDoc} */
    public String toString()
    {
        return name;
    }
}
