package org.vmiucv.engine.layout;

import static org.vmiucv.engine.layout.SystemTablesDescriptor.*;

import org.agrona.concurrent.AtomicBuffer;

/**
 * Flyweight over a whole tables file: the system header and the three tables. See {@link SystemTablesDescriptor}.
 */
public final class SystemTables
{
    private final AtomicBuffer buffer;
    private final ClientTable clients;
    private final MachineDirectory machines;
    private final PathTable paths;

    /**
     * Wrap an initialised, validated tables file.
     *
     * @param buffer the whole file.
     */
    public SystemTables(final AtomicBuffer buffer)
    {
        this.buffer = buffer;
        final int maxClients = buffer.getInt(MAX_CLIENTS_OFFSET);
        final int maxMachines = buffer.getInt(MAX_MACHINES_OFFSET);
        final int maxPaths = buffer.getInt(MAX_PATHS_OFFSET);
        clients = new ClientTable(buffer, CLIENT_TABLE_OFFSET, maxClients);
        machines = new MachineDirectory(buffer, machineTableOffset(maxClients), maxMachines);
        paths = new PathTable(buffer, pathTableOffset(maxClients, maxMachines), maxPaths);
    }

    /**
     * Initialise a new tables file; the version is written last.
     *
     * @param buffer              the whole file, zeroed, of {@link SystemTablesDescriptor#computeLength} bytes.
     * @param maxClients          client slots.
     * @param maxMachines         machine slots.
     * @param maxPaths            path slots.
     * @param inboxCapacity       default inbox capacity.
     * @param controlRingCapacity capacity of the control ring.
     * @param heartbeatTimeoutMs  liveness timeout.
     * @param pid                 creator.
     * @param nowMs               start time.
     */
    public static void initialise(
        final AtomicBuffer buffer,
        final int maxClients,
        final int maxMachines,
        final int maxPaths,
        final int inboxCapacity,
        final int controlRingCapacity,
        final int heartbeatTimeoutMs,
        final long pid,
        final long nowMs)
    {
        buffer.putInt(MAX_CLIENTS_OFFSET, maxClients);
        buffer.putInt(MAX_MACHINES_OFFSET, maxMachines);
        buffer.putInt(MAX_PATHS_OFFSET, maxPaths);
        buffer.putInt(INBOX_CAPACITY_OFFSET, inboxCapacity);
        buffer.putInt(CONTROL_RING_CAPACITY_OFFSET, controlRingCapacity);
        buffer.putInt(HEARTBEAT_TIMEOUT_OFFSET, heartbeatTimeoutMs);
        buffer.putLong(CP_TOKEN_OFFSET, new java.security.SecureRandom().nextLong() | 1L);
        FileHeaderDescriptor.write(buffer, FileHeaderDescriptor.TABLES_MAGIC, pid, nowMs);
    }

    /**
     * Check that a validated header's sizes agree with the file length.
     *
     * @param buffer the whole file.
     * @param name   file name for the message.
     * @return null if consistent, else what is wrong.
     */
    public static String sizeProblem(final AtomicBuffer buffer, final String name)
    {
        if (buffer.capacity() < CLIENT_TABLE_OFFSET)
        {
            return name + " is truncated: " + buffer.capacity() + " bytes";
        }
        try
        {
            final int expected = computeLength(
                buffer.getInt(MAX_CLIENTS_OFFSET), buffer.getInt(MAX_MACHINES_OFFSET), buffer.getInt(MAX_PATHS_OFFSET));
            return expected <= buffer.capacity() ? null :
                name + " is " + buffer.capacity() + " bytes but its header needs " + expected + " (truncated?)";
        }
        catch (final IllegalArgumentException ex)
        {
            return name + " has invalid table sizes: " + ex.getMessage();
        }
    }

    /**
     * @return the underlying buffer.
     */
    public AtomicBuffer buffer()
    {
        return buffer;
    }

    /**
     * @return the client table.
     */
    public ClientTable clients()
    {
        return clients;
    }

    /**
     * @return the machine directory.
     */
    public MachineDirectory machines()
    {
        return machines;
    }

    /**
     * @return the path table.
     */
    public PathTable paths()
    {
        return paths;
    }

    /**
     * @return pid of the running Supervisor, 0 if none has started.
     */
    public long supervisorPid()
    {
        return buffer.getLongVolatile(SUPERVISOR_PID_OFFSET);
    }

    /**
     * @param pid pid of the Supervisor taking over.
     */
    public void supervisorPid(final long pid)
    {
        buffer.putLongVolatile(SUPERVISOR_PID_OFFSET, pid);
    }

    /**
     * @return last Supervisor heartbeat, epoch ms.
     */
    public long supervisorHeartbeatMs()
    {
        return buffer.getLongVolatile(SUPERVISOR_HEARTBEAT_OFFSET);
    }

    /**
     * @param nowMs heartbeat time.
     */
    public void supervisorHeartbeatMs(final long nowMs)
    {
        buffer.putLongRelease(SUPERVISOR_HEARTBEAT_OFFSET, nowMs);
    }

    /**
     * @return the Supervisor epoch, bumped at each Supervisor start.
     */
    public long supervisorEpoch()
    {
        return buffer.getLongVolatile(SUPERVISOR_EPOCH_OFFSET);
    }

    /**
     * @return the new epoch.
     */
    public long incrementSupervisorEpoch()
    {
        return buffer.getAndAddLong(SUPERVISOR_EPOCH_OFFSET, 1) + 1;
    }

    /**
     * @return true once the system has been shut down.
     */
    public boolean isShutdown()
    {
        return buffer.getIntVolatile(SHUTDOWN_OFFSET) != 0;
    }

    /**
     * @param shutdown shutdown flag.
     */
    public void shutdown(final boolean shutdown)
    {
        buffer.putIntVolatile(SHUTDOWN_OFFSET, shutdown ? 1 : 0);
    }

    /**
     * @return death epoch: bumped whenever a process is found dead (its ring claims may need unblocking).
     */
    public int deathEpoch()
    {
        return buffer.getIntVolatile(DEATH_EPOCH_OFFSET);
    }

    /**
     * Bump the death epoch.
     */
    public void incrementDeathEpoch()
    {
        buffer.getAndAddInt(DEATH_EPOCH_OFFSET, 1);
    }

    /**
     * @return the CP token that authenticates interrupts written by the CP.
     */
    public long cpToken()
    {
        return buffer.getLong(CP_TOKEN_OFFSET);
    }

    /**
     * @return true when hosts should report the metadata of every message (data trace).
     */
    public boolean traceData()
    {
        return buffer.getIntVolatile(TRACE_DATA_OFFSET) != 0;
    }

    /**
     * @param on whether hosts report the metadata of every message.
     */
    public void traceData(final boolean on)
    {
        buffer.putIntVolatile(TRACE_DATA_OFFSET, on ? 1 : 0);
    }

    /**
     * @return default inbox capacity.
     */
    public int inboxCapacity()
    {
        return buffer.getInt(INBOX_CAPACITY_OFFSET);
    }

    /**
     * @return control ring capacity.
     */
    public int controlRingCapacity()
    {
        return buffer.getInt(CONTROL_RING_CAPACITY_OFFSET);
    }

    /**
     * @return liveness timeout in ms.
     */
    public int heartbeatTimeoutMs()
    {
        return buffer.getInt(HEARTBEAT_TIMEOUT_OFFSET);
    }
}
