package org.vmiucv.engine.layout;

import static org.agrona.BitUtil.CACHE_LINE_LENGTH;

import org.agrona.concurrent.AtomicBuffer;

/**
 * The header every mapped file starts with. The version is written last with a volatile store, so a non-zero
 * version means the rest of the file is initialised.
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------------------------------------------------------+
 *  |                      Magic (8 ASCII bytes)                    |
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |                     Layout version                            |
 *  +---------------------------------------------------------------+
 *  |                     Reserved                                  |
 *  +---------------------------------------------------------------+
 *  |                     Creator pid                               |
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |                     Start timestamp (epoch ms)                |
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |                     Pad to two cache lines                   ...
 * </pre>
 */
public final class FileHeaderDescriptor
{
    /** Offset of the magic. */
    public static final int MAGIC_OFFSET = 0;
    /** Offset of the layout version. */
    public static final int VERSION_OFFSET = 8;
    /** Offset of the creator's pid. */
    public static final int PID_OFFSET = 16;
    /** Offset of the start timestamp. */
    public static final int START_TIMESTAMP_OFFSET = 24;
    /** Length of the header: content starts here, cache aligned. */
    public static final int HEADER_LENGTH = 2 * CACHE_LINE_LENGTH;

    /** Current layout version of every file kind. */
    public static final int LAYOUT_VERSION = 2;
    /** Magic of the Supervisor's tables file: "VMIUCVTB". */
    public static final long TABLES_MAGIC = magic("VMIUCVTB");
    /** Magic of a ring file (inbox, control, client): "VMIUCVRB". */
    public static final long RING_MAGIC = magic("VMIUCVRB");

    private FileHeaderDescriptor()
    {
    }

    /**
     * Write a header: everything, then the version last with a volatile store.
     *
     * @param buffer whole file.
     * @param magic  file kind.
     * @param pid    creator.
     * @param nowMs  start time.
     */
    public static void write(final AtomicBuffer buffer, final long magic, final long pid, final long nowMs)
    {
        buffer.putLong(MAGIC_OFFSET, magic);
        buffer.putLong(PID_OFFSET, pid);
        buffer.putLong(START_TIMESTAMP_OFFSET, nowMs);
        buffer.putIntVolatile(VERSION_OFFSET, LAYOUT_VERSION);
    }

    /**
     * Check a file's header.
     *
     * @param buffer whole file.
     * @param magic  expected kind.
     * @param name   file name for the message.
     * @return null if valid, else what is wrong.
     */
    public static String problem(final AtomicBuffer buffer, final long magic, final String name)
    {
        if (buffer.capacity() < HEADER_LENGTH)
        {
            return name + " is " + buffer.capacity() + " bytes, shorter than the " + HEADER_LENGTH +
                "-byte header: not a vm-iucv file";
        }
        final long found = buffer.getLong(MAGIC_OFFSET);
        if (found != magic)
        {
            return name + " has magic " + printable(found) + ", expected " + printable(magic) +
                ": not a vm-iucv file of this kind (foreign or corrupt)";
        }
        final int version = buffer.getIntVolatile(VERSION_OFFSET);
        if (version != LAYOUT_VERSION)
        {
            return 0 == version ?
                name + " is not initialised yet (layout version 0)" :
                name + " has layout version " + version + ", this build reads version " + LAYOUT_VERSION;
        }
        return null;
    }

    /**
     * @param buffer whole file.
     * @return the creator's pid.
     */
    public static long pid(final AtomicBuffer buffer)
    {
        return buffer.getLong(PID_OFFSET);
    }

    /**
     * @param buffer whole file.
     * @return the start timestamp.
     */
    public static long startTimestampMs(final AtomicBuffer buffer)
    {
        return buffer.getLong(START_TIMESTAMP_OFFSET);
    }

    private static long magic(final String eight)
    {
        long v = 0;
        for (int i = 7; i >= 0; i--)
        {
            v = (v << 8) | eight.charAt(i);
        }
        return v;
    }

    private static String printable(final long magic)
    {
        final StringBuilder sb = new StringBuilder("'");
        for (int i = 0; i < 8; i++)
        {
            final int c = (int)(magic >>> (8 * i)) & 0xFF;
            sb.append(c >= 32 && c < 127 ? (char)c : '.');
        }
        return sb.append("' (0x").append(Long.toHexString(magic)).append(')').toString();
    }
}
