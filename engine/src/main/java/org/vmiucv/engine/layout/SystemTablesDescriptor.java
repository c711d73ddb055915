package org.vmiucv.engine.layout;

import static org.agrona.BitUtil.CACHE_LINE_LENGTH;

/**
 * Layout of the Supervisor's tables file: a header, the client (process) table, the machine directory and the
 * path table. Only the Supervisor writes them, except the fields marked (client), (host), (sender) and (receiver).
 * <pre>
 *  +----------------------------+ 0
 *  | FileHeaderDescriptor       |
 *  +----------------------------+ 128
 *  | system header (2 lines)    |  supervisor pid, heartbeat, epoch, shutdown, death epoch, sizes
 *  +----------------------------+ 256
 *  | client table               |  maxClients x 64
 *  +----------------------------+
 *  | machine directory          |  maxMachines x 128
 *  +----------------------------+
 *  | path table                 |  maxPaths x 320
 *  +----------------------------+
 * </pre>
 * System header (offsets from the start of the file):
 * <pre>
 *  128 supervisor pid (long)          136 supervisor heartbeat, epoch ms (long)
 *  144 supervisor epoch (long)        152 shutdown flag (int)   156 death epoch (int)
 *  160 max clients (int)  164 max machines (int)  168 max paths (int)  172 inbox capacity (int)
 *  176 control ring capacity (int)    180 heartbeat timeout ms (int)   184 CP token (long)
 *  192 data trace on (int)
 * </pre>
 * The CP token is a random number fixed when the system is created: every interrupt the CP writes into an inbox
 * carries it as its message id, so a stray or garbage frame cannot pass for one.
 * Client entry, one cache line:
 * <pre>
 *   0 state (int)  4 generation (int)  8 pid (long)  16 heartbeat ms (long, client)  24 key (long)
 * </pre>
 * Written fields of different writers sit {@link #COUNTER_SPACING} (two cache lines) apart, as Agrona spaces its
 * ring counters, so that adjacent-line prefetching cannot couple a line one process writes with a line another
 * process reads on every message.
 * <p>
 * Machine entry, 256 bytes; the counters are written by the hosting process (host):
 * <pre>
 *   0 state (int)  4 client slot (int)  8 name (long)  16 pid (long)  24 generation (int)
 *  28 inbox capacity (int)  32 IPL time ms (long)
 * 128 frames sent (long, host)  136 frames received (long, host)  144 frames dropped (long, host)
 * </pre>
 * Path entry, 640 bytes, each counter on a line of its own:
 * <pre>
 *   0 state (int)  4 generation (int)  8 end A slot (int)  12 end B slot (int)  16 msglim (int)
 *  20 quiesce bits (int: 1 = A quiesced, 2 = B quiesced)  24 user data A (16)  40 user data B (16)
 *  56 machine generation A (int)  60 machine generation B (int)
 * 128 sent A to B (long, sender)  256 received A to B (long, receiver)
 * 384 sent B to A (long, sender)  512 received B to A (long, receiver)
 * </pre>
 */
public final class SystemTablesDescriptor
{
    /** Offset of the supervisor pid. */
    public static final int SUPERVISOR_PID_OFFSET = FileHeaderDescriptor.HEADER_LENGTH;
    /** Offset of the supervisor heartbeat. */
    public static final int SUPERVISOR_HEARTBEAT_OFFSET = SUPERVISOR_PID_OFFSET + 8;
    /** Offset of the supervisor epoch, bumped at every Supervisor start. */
    public static final int SUPERVISOR_EPOCH_OFFSET = SUPERVISOR_PID_OFFSET + 16;
    /** Offset of the shutdown flag. */
    public static final int SHUTDOWN_OFFSET = SUPERVISOR_PID_OFFSET + 24;
    /** Offset of the death epoch, bumped when a client process is found dead. */
    public static final int DEATH_EPOCH_OFFSET = SUPERVISOR_PID_OFFSET + 28;
    /** Offset of max clients. */
    public static final int MAX_CLIENTS_OFFSET = SUPERVISOR_PID_OFFSET + 32;
    /** Offset of max machines. */
    public static final int MAX_MACHINES_OFFSET = SUPERVISOR_PID_OFFSET + 36;
    /** Offset of max paths. */
    public static final int MAX_PATHS_OFFSET = SUPERVISOR_PID_OFFSET + 40;
    /** Offset of the default inbox capacity. */
    public static final int INBOX_CAPACITY_OFFSET = SUPERVISOR_PID_OFFSET + 44;
    /** Offset of the control ring capacity. */
    public static final int CONTROL_RING_CAPACITY_OFFSET = SUPERVISOR_PID_OFFSET + 48;
    /** Offset of the heartbeat timeout. */
    public static final int HEARTBEAT_TIMEOUT_OFFSET = SUPERVISOR_PID_OFFSET + 52;
    /** Offset of the CP token. */
    public static final int CP_TOKEN_OFFSET = SUPERVISOR_PID_OFFSET + 56;
    /** Offset of the data-trace flag: when set, hosts report the metadata of every message to the CP. */
    public static final int TRACE_DATA_OFFSET = SUPERVISOR_PID_OFFSET + 64;
    /** Where the client table starts. */
    public static final int CLIENT_TABLE_OFFSET = FileHeaderDescriptor.HEADER_LENGTH + 2 * CACHE_LINE_LENGTH;

    /** Length of a client entry. */
    public static final int CLIENT_ENTRY_LENGTH = CACHE_LINE_LENGTH;
    /** Distance between fields written by different processes: two cache lines. */
    public static final int COUNTER_SPACING = 2 * CACHE_LINE_LENGTH;
    /** Length of a machine entry. */
    public static final int MACHINE_ENTRY_LENGTH = 2 * COUNTER_SPACING;
    /** Length of a path entry. */
    public static final int PATH_ENTRY_LENGTH = 5 * COUNTER_SPACING;

    /** Largest table size accepted, to keep offsets in an int. */
    public static final int MAX_TABLE_ENTRIES = 1 << 20;

    private SystemTablesDescriptor()
    {
    }

    /**
     * @param maxClients number of client slots.
     * @return where the machine directory starts.
     */
    public static int machineTableOffset(final int maxClients)
    {
        return CLIENT_TABLE_OFFSET + maxClients * CLIENT_ENTRY_LENGTH;
    }

    /**
     * @param maxClients  number of client slots.
     * @param maxMachines number of machine slots.
     * @return where the path table starts.
     */
    public static int pathTableOffset(final int maxClients, final int maxMachines)
    {
        return machineTableOffset(maxClients) + maxMachines * MACHINE_ENTRY_LENGTH;
    }

    /**
     * Validate the sizes and compute the file length.
     *
     * @param maxClients  1 to 2^20.
     * @param maxMachines 1 to 2^20.
     * @param maxPaths    1 to 2^20.
     * @return total length of the tables file.
     * @throws IllegalArgumentException saying which size is out of range.
     */
    public static int computeLength(final int maxClients, final int maxMachines, final int maxPaths)
    {
        checkCount("maxClients", maxClients);
        checkCount("maxMachines", maxMachines);
        checkCount("maxPaths", maxPaths);
        final long length = (long)pathTableOffset(maxClients, maxMachines) + (long)maxPaths * PATH_ENTRY_LENGTH;
        if (length > Integer.MAX_VALUE)
        {
            throw new IllegalArgumentException("tables of " + length + " bytes exceed 2 GiB; lower the sizes");
        }
        return (int)length;
    }

    private static void checkCount(final String what, final int n)
    {
        if (n < 1 || n > MAX_TABLE_ENTRIES)
        {
            throw new IllegalArgumentException(what + " = " + n + "; 1 to " + MAX_TABLE_ENTRIES + " is allowed");
        }
    }
}
