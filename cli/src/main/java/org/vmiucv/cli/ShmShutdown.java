package org.vmiucv.cli;

import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

import org.agrona.concurrent.AtomicBuffer;
import org.vmiucv.engine.layout.FileHeaderDescriptor;
import org.vmiucv.engine.layout.SystemTables;
import org.vmiucv.engine.system.NamespaceException;
import org.vmiucv.engine.system.RingFiles;
import org.vmiucv.engine.system.SupervisorConductor;
import org.vmiucv.shm.MappedNamespace;

/**
 * Stops the Supervisor of a shm system without attaching to it: {@code iucv shutdown} must work with every client
 * slot taken, with no free space left, and with the tables or rings damaged, as long as the CP lives.
 * <p>
 * First choice: a SHUTDOWN request written straight into the control ring with no client to answer (as the
 * Supervisor's own SIGTERM hook does), which needs neither a slot nor a ring of our own. Last resort, when the ring
 * is unusable or the CP does not stop: SIGTERM to the Supervisor's pid, which its shutdown hook turns into the same
 * orderly shutdown. The pid comes from the tables, or, when their header is gone, from the control ring's header;
 * a process is signalled only if it is alive, is not us and runs {@code iucv supervisor} (and, for the ring's pid,
 * started before the ring was made), so a reused pid is not hit.
 */
final class ShmShutdown
{
    private final MappedNamespace ns;

    ShmShutdown(final MappedNamespace ns)
    {
        this.ns = ns;
    }

    /**
     * @return the pid of the Supervisor running the system (from the tables, else from the control ring's header
     * if that process runs {@code iucv supervisor}), 0 if no live one is recorded.
     */
    long supervisorPid()
    {
        final long fromTables = tablesPid();
        if (isAlive(fromTables))
        {
            return fromTables;
        }
        return ringCreatorPid();
    }

    /**
     * Write SHUTDOWN into the control ring, with no client to answer.
     *
     * @return null when written, else why not (then signal the pid).
     */
    String request()
    {
        try
        {
            return RingFiles.requestShutdown(ns) ? null : "the control ring is full";
        }
        catch (final NamespaceException | IllegalArgumentException | IllegalStateException ex)
        {
            return "the control ring is not usable (" + ex.getMessage() + ")";
        }
    }

    /**
     * Send SIGTERM to the Supervisor, which its shutdown hook turns into an orderly shutdown.
     *
     * @param pid from {@link #supervisorPid()}.
     * @return true if the signal was sent.
     */
    static boolean terminate(final long pid)
    {
        return isSupervisor(pid, Long.MAX_VALUE) && ProcessHandle.of(pid).map(ProcessHandle::destroy).orElse(false);
    }

    static boolean isAlive(final long pid)
    {
        return pid > 0 && ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    private long tablesPid()
    {
        try
        {
            final AtomicBuffer file = SupervisorConductor.openTables(ns);
            try
            {
                return new SystemTables(file).supervisorPid();
            }
            finally
            {
                ns.release(RingFiles.TABLES);
            }
        }
        catch (final NamespaceException ex)
        {
            return 0; // header damaged: the control ring's header still names its creator
        }
    }

    /** @return the pid in the control ring's header if that process is the Supervisor that made the ring. */
    private long ringCreatorPid()
    {
        try
        {
            final AtomicBuffer buffer = ns.open(RingFiles.CONTROL);
            try
            {
                if (buffer.capacity() < FileHeaderDescriptor.HEADER_LENGTH ||
                    buffer.getLong(FileHeaderDescriptor.MAGIC_OFFSET) != FileHeaderDescriptor.RING_MAGIC)
                {
                    return 0;
                }
                final long pid = FileHeaderDescriptor.pid(buffer);
                return isSupervisor(pid, FileHeaderDescriptor.startTimestampMs(buffer)) ? pid : 0;
            }
            finally
            {
                ns.release(RingFiles.CONTROL);
            }
        }
        catch (final NamespaceException ex)
        {
            return 0;
        }
    }

    /**
     * @param pid         a recorded pid.
     * @param startedByMs when that Supervisor had certainly started (Long.MAX_VALUE if unknown).
     * @return true if pid is a live {@code iucv supervisor} other than this process (a Supervisor embedded in an
     * application is never signalled: SIGTERM would end the application).
     */
    static boolean isSupervisor(final long pid, final long startedByMs)
    {
        if (pid <= 0 || pid == ProcessHandle.current().pid())
        {
            return false;
        }
        final Optional<ProcessHandle> handle = ProcessHandle.of(pid);
        if (handle.isEmpty() || !handle.get().isAlive())
        {
            return false;
        }
        final ProcessHandle.Info info = handle.get().info();
        final String[] args = info.arguments().orElse(new String[0]);
        boolean supervisor = false;
        for (final String a : args)
        {
            final String s = a.toLowerCase(Locale.ROOT);
            supervisor |= s.equals("supervisor") || s.endsWith("supervisormain");
        }
        final long startedMs = info.startInstant().map(Instant::toEpochMilli).orElse(Long.MAX_VALUE);
        return supervisor && (startedByMs == Long.MAX_VALUE || startedMs <= startedByMs + 1_000);
    }
}
