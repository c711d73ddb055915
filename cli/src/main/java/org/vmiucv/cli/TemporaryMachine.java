package org.vmiucv.cli;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

import org.agrona.concurrent.BusySpinIdleStrategy;
import org.vmiucv.engine.ConnectOptions;
import org.vmiucv.engine.IucvException;
import org.vmiucv.engine.MachineContext;
import org.vmiucv.engine.MachineId;
import org.vmiucv.engine.PathId;
import org.vmiucv.engine.ReturnCode;
import org.vmiucv.engine.Supervisor;
import org.vmiucv.engine.system.SystemLog;
import org.vmiucv.engine.system.SystemOptions;

/**
 * A machine that {@code iucv send} and {@code iucv ping} log on for the length of one command: a path has two ends
 * and each end is a machine hosted by some process, so a command-line process that wants to send must host a
 * machine of its own. It IPLs, CONNECTs to the target and, on {@link #close} (or SIGINT/SIGTERM), SEVERs and LOGs
 * OFF, then detaches.
 */
final class TemporaryMachine implements AutoCloseable
{
    private static final long EXECUTE_TIMEOUT_MS = 10_000;

    private final Supervisor client;
    private final MachineId id;
    private final Thread hook;
    private PathId path;
    private boolean closed;

    private TemporaryMachine(final Supervisor client, final MachineId id)
    {
        this.client = client;
        this.id = id;
        this.hook = new Thread(this::close, "iucv-temporary-logoff");
    }

    /**
     * @return the default name: {@code $CL} and this process's pid in base 36 (at most 8 characters, unique
     * among the processes of this host).
     */
    static String defaultName()
    {
        final String pid = Long.toString(ProcessHandle.current().pid(), 36).toUpperCase();
        return "$CL" + (pid.length() > 5 ? pid.substring(pid.length() - 5) : pid);
    }

    /**
     * Attach and log the machine on.
     *
     * @param system  where.
     * @param name    its name, null for {@link #defaultName()}.
     * @param spin    busy-spin instead of backing off (lower latency, one core busy).
     * @param handler its handler.
     * @return the machine, logged on.
     * @throws IucvException 24 for a bad name, 8 if the name is taken, 32 if no Supervisor runs the system.
     */
    static TemporaryMachine ipl(final SystemMixin system, final String name, final boolean spin,
        final CallerHandler handler) throws IucvException
    {
        final MachineId id = MachineId.parse(null == name ? defaultName() : name);
        final SystemOptions options = new SystemOptions().clientRingCapacity(1 << 16);
        if (spin)
        {
            options.idleStrategy(BusySpinIdleStrategy::new);
        }
        final Supervisor client = system.attach(options, SystemLog.NONE);
        try
        {
            client.ipl(id, handler);
        }
        catch (final IucvException | RuntimeException ex)
        {
            client.close();
            throw ex;
        }
        final TemporaryMachine m = new TemporaryMachine(client, id);
        Runtime.getRuntime().addShutdownHook(m.hook); // Ctrl-C: do not leave the machine for the reaper
        return m;
    }

    MachineId id()
    {
        return id;
    }

    /**
     * @param target  the machine to connect to.
     * @param options message limit and user data.
     * @return the path, established.
     * @throws IucvException as CONNECT does.
     */
    PathId connect(final MachineId target, final ConnectOptions options) throws IucvException
    {
        path = client.connect(id, target, options);
        return path;
    }

    /**
     * @param action runs on the machine's thread.
     * @param <T>    its result.
     * @return the result.
     * @throws IucvException what the action threw, or 32 if the machine's thread did not run it in time.
     * @throws InterruptedException if interrupted.
     */
    <T> T execute(final Function<MachineContext, T> action) throws IucvException, InterruptedException
    {
        try
        {
            return client.execute(id, action).get(EXECUTE_TIMEOUT_MS, TimeUnit.MILLISECONDS);
        }
        catch (final ExecutionException ex)
        {
            if (ex.getCause() instanceof IucvException)
            {
                throw (IucvException)ex.getCause();
            }
            throw new IucvException(ReturnCode.DELIVERY_FAILED, "on " + id + ": " + ex.getCause());
        }
        catch (final TimeoutException ex)
        {
            throw new IucvException(ReturnCode.SUPERVISOR_DOWN, id + " did not run the send within " +
                EXECUTE_TIMEOUT_MS + " ms");
        }
    }

    /** SEVER the path (if any), LOG OFF the machine and detach; errors are moot by now and not reported. */
    public void close()
    {
        synchronized (this)
        {
            if (closed)
            {
                return;
            }
            closed = true;
        }
        try
        {
            if (null != path)
            {
                client.sever(path);
            }
        }
        catch (final IucvException | RuntimeException ignore)
        {
            // the target may have severed it already
        }
        try
        {
            client.logoff(id);
        }
        catch (final IucvException | RuntimeException ignore)
        {
            // the CP logs it off when it reaps this process anyway
        }
        client.close();
        if (Thread.currentThread() != hook)
        {
            try
            {
                Runtime.getRuntime().removeShutdownHook(hook);
            }
            catch (final IllegalStateException ignore)
            {
                // the JVM is stopping
            }
        }
    }
}
