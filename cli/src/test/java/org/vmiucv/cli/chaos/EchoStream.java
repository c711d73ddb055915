package org.vmiucv.cli.chaos;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.agrona.concurrent.UnsafeBuffer;
import org.vmiucv.engine.ConnectOptions;
import org.vmiucv.engine.IucvException;
import org.vmiucv.engine.IucvMessage;
import org.vmiucv.engine.MachineContext;
import org.vmiucv.engine.MachineHandler;
import org.vmiucv.engine.MachineId;
import org.vmiucv.engine.PathId;
import org.vmiucv.engine.SendResult;
import org.vmiucv.engine.UserData;
import org.vmiucv.engine.system.SystemClient;
import org.vmiucv.engine.system.SystemLog;
import org.vmiucv.engine.system.SystemOptions;
import org.vmiucv.shm.ShmSystem;

/**
 * The driver of the numbered stream: a machine {@value #DRIVER} hosted in the test JVM (attached with
 * {@link ShmSystem#attach}) that sends {@code (leg, sequence)} one-way messages to ECHO and checks what comes back.
 * <p>
 * A message counts as sent only when {@code iucvSend} returned a message id; back pressure (msglim, a full inbox, a
 * quiesced path) is retried on the next {@link #pump}. Each connection to ECHO is a {@link Leg}: its echoes must come
 * back complete and in order; a leg may be cut by a sever, and then every echo received must still be in order with
 * no gap up to the last one. Every call is made from the suite's one thread, so no client is closed while another
 * thread is inside it.
 */
final class EchoStream implements AutoCloseable
{
    static final String DRIVER = "DRIVER";
    static final int MSGLIM = ConnectOptions.DEFAULT_MSGLIM;
    private static final int BATCH = 64;
    private static final long ACTION_TIMEOUT_MS = 10_000;

    /** One connection to ECHO and what went over it. */
    static final class Leg
    {
        final int number;
        final PathId path;
        /** Messages ECHO accepted (a message id came back); written by the driver's host thread. */
        volatile long sent;
        /** The sequence number of the next echo expected (every echo before it came or was found missing). */
        volatile long received;
        /** Echoes found missing (gaps), duplicated or reordered; written by the driver's host thread. */
        volatile long missing;
        volatile boolean severed;
        /** Why a send failed for good (path not established, closed), or null. */
        volatile String sendFailure;
        /** Echoes out of order, duplicated or foreign, as found; at most a few are kept. */
        final List<String> orderProblems = new ArrayList<>();

        Leg(final int number, final PathId path)
        {
            this.number = number;
            this.path = path;
        }

        boolean broken()
        {
            return severed || null != sendFailure;
        }

        @Override
        public String toString()
        {
            return "leg " + number + " (path " + path + ": sent " + sent + ", received " + (received - missing) +
                (missing > 0 ? ", missing " + missing : "") +
                (severed ? ", severed" : "") + (null == sendFailure ? "" : ", send failed: " + sendFailure) + ")";
        }
    }

    private final Path base;
    private final String system;
    private final MachineId driver;
    private final Map<PathId, Leg> legs = new ConcurrentHashMap<>();
    private final UnsafeBuffer payload = new UnsafeBuffer(ByteBuffer.allocateDirect(16));
    private SystemClient client;
    private volatile boolean loggedOff;
    private Leg leg;
    private int legsStarted;

    EchoStream(final Path base, final String system)
    {
        this.base = base;
        this.system = system;
        try
        {
            this.driver = MachineId.parse(DRIVER);
        }
        catch (final IucvException ex)
        {
            throw new IllegalArgumentException(ex);
        }
    }

    /**
     * @return the current leg, or null before the first connect.
     */
    Leg leg()
    {
        return leg;
    }

    /**
     * @return every leg so far.
     */
    List<Leg> legs()
    {
        return legs.values().stream().sorted((a, b) -> Integer.compare(a.number, b.number)).toList();
    }

    /**
     * @return the driver's client, or null when detached.
     */
    SystemClient client()
    {
        return client;
    }

    /**
     * @return true while the driver is attached, logged on, and its Supervisor answers.
     */
    boolean usable()
    {
        return !needsAttach() && null == client.supervisorProblem();
    }

    /**
     * @return true if the driver must attach again: never attached, logged off, or its system was shut down. A
     *         Supervisor that is merely down or restarting is not a reason: the driver's paths outlive it.
     */
    boolean needsAttach()
    {
        return null == client || loggedOff || client.hostedMachines() == 0 || client.tables().isShutdown();
    }

    /**
     * Attach (again) and IPL the driver.
     *
     * @throws IucvException if the system refuses.
     */
    void attach() throws IucvException
    {
        detach();
        final SystemClient c = ShmSystem.attach(base, system, new SystemOptions(), SystemLog.NONE);
        try
        {
            loggedOff = false;
            c.ipl(driver, new Driver());
        }
        catch (final IucvException | RuntimeException ex)
        {
            c.close();
            throw ex;
        }
        client = c;
    }

    /**
     * Close the driver's client, if any.
     */
    void detach()
    {
        if (null != leg)
        {
            leg.severed = true; // a path of a closed client is gone with it
        }
        if (null != client)
        {
            final SystemClient c = client;
            client = null;
            c.close();
        }
    }

    /**
     * CONNECT the driver to ECHO and start a new leg.
     *
     * @param echo the echo machine.
     * @throws IucvException if the connect is refused.
     */
    void connect(final String echo) throws IucvException
    {
        final PathId path = client.connect(driver, MachineId.parse(echo), ConnectOptions.msglim(MSGLIM));
        final Leg l = new Leg(++legsStarted, path);
        legs.put(path, l);
        leg = l;
    }

    /**
     * Send what the path allows now, on the driver's host thread.
     *
     * @return messages sent, or -1 if the host did not run the action in time.
     */
    int pump()
    {
        final Leg l = leg;
        if (null == l || l.broken() || null == client)
        {
            return 0;
        }
        try
        {
            return client.execute(driver, ctx -> send(ctx, l)).get(ACTION_TIMEOUT_MS, TimeUnit.MILLISECONDS);
        }
        catch (final TimeoutException ex)
        {
            return -1;
        }
        catch (final ExecutionException ex)
        {
            l.sendFailure = "execute failed: " + ex.getCause();
            return 0;
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            return 0;
        }
    }

    private int send(final MachineContext ctx, final Leg l)
    {
        int n = 0;
        while (n < BATCH && !l.broken())
        {
            payload.putLong(0, l.number);
            payload.putLong(8, l.sent);
            final long rc = ctx.iucvSend(l.path, payload, 0, 16);
            if (rc > 0)
            {
                l.sent++;
                n++;
            }
            else if (rc == SendResult.MESSAGE_LIMIT_EXCEEDED || rc == SendResult.BACK_PRESSURED ||
                rc == SendResult.PATH_QUIESCED)
            {
                break; // back pressure: retry on the next pump
            }
            else
            {
                l.sendFailure = SendResult.describe(rc);
            }
        }
        return n;
    }

    @Override
    public void close()
    {
        detach();
    }

    /** The driver machine's handler: runs on the driver's host thread. */
    private final class Driver implements MachineHandler
    {
        @Override
        public void onSmsg(final MachineContext ctx, final MachineId from, final CharSequence text)
        {
        }

        @Override
        public void onIucvData(final MachineContext ctx, final IucvMessage message)
        {
            final Leg l = legs.get(message.path());
            if (null == l)
            {
                return; // not a stream path
            }
            final long number = message.length() == 16 ? message.buffer().getLong(message.offset()) : -1;
            final long seq = message.length() == 16 ? message.buffer().getLong(message.offset() + 8) : -1;
            if (number != l.number || seq != l.received)
            {
                synchronized (l.orderProblems)
                {
                    if (l.orderProblems.size() < 5)
                    {
                        l.orderProblems.add(number != l.number ? "echo of leg " + number + " (length " +
                            message.length() + ") arrived on leg " + l.number :
                            (seq > l.received ? "gap: expected echo " + l.received + ", got " + seq + " (" +
                            (seq - l.received) + " missing)" : "duplicate or reordered: expected echo " +
                            l.received + ", got " + seq));
                    }
                }
                if (number == l.number && seq > l.received)
                {
                    l.missing += seq - l.received;
                    l.received = seq + 1; // resynchronise so one gap is reported once
                }
                return;
            }
            l.received = seq + 1;
        }

        @Override
        public void onConnectionSevered(final MachineContext ctx, final PathId path, final UserData userData)
        {
            final Leg l = legs.get(path);
            if (null != l)
            {
                l.severed = true;
            }
        }

        @Override
        public void onLogoff(final MachineContext ctx)
        {
            loggedOff = true;
            final Leg l = leg;
            if (null != l)
            {
                l.severed = true;
            }
        }
    }
}
