package org.vmiucv.xfl.transport;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.vmiucv.engine.ConnectOptions;
import org.vmiucv.engine.IucvException;
import org.vmiucv.engine.MachineContext;
import org.vmiucv.engine.MachineId;
import org.vmiucv.engine.PathId;
import org.vmiucv.engine.ReturnCode;
import org.vmiucv.engine.SendResult;
import org.vmiucv.engine.SmsgText;
import org.vmiucv.engine.layout.FrameDescriptor;
import org.vmiucv.engine.system.SystemClient;
import org.vmiucv.engine.system.SystemLog;
import org.vmiucv.xfl.XflContext;
import org.vmiucv.xfl.XflProtocolException;

/**
 * The Supervisor's side of one attached process: its four connectors, the host (a {@link SystemClient} of the
 * embedded system, whose thread runs the proxies of the process's machines) and the thread that reads its API
 * requests. End of file on any connector means the process has gone: its machines are logged off, so their
 * peers get SEVERED.
 */
final class ProcessLink implements Runnable
{
    private static final long OPEN_TIMEOUT_MS = 10_000;

    private final XflSupervisorProcess owner;
    private final Path dir;
    private final String key;
    private final long pid;
    private final XflContext context;
    private final SystemLog log;
    private final Set<MachineId> names = ConcurrentHashMap.newKeySet();
    private final Object apiOutLock = new Object();
    private final RelayRecord apiOutRecord = new RelayRecord();
    /** Used on the host thread only: sessions are synchronous and one at a time. */
    private final RelayRecord sessionOut = new RelayRecord();
    private final RelayRecord sessionIn = new RelayRecord();
    private final ExecutorService api;
    private final Thread thread;
    private volatile RelayConnectors conn;
    private volatile SystemClient host;
    private volatile boolean dead;
    private volatile String deathReason = "";

    ProcessLink(final XflSupervisorProcess owner, final Path dir, final String key, final XflContext context,
        final SystemLog log)
    {
        this.owner = owner;
        this.dir = dir;
        this.key = key;
        this.pid = XflNamespace.pidOfKey(key);
        this.context = context;
        this.log = log;
        this.api = Executors.newCachedThreadPool(r ->
        {
            final Thread t = new Thread(r, "xfl-api-" + pid);
            t.setDaemon(true);
            return t;
        });
        this.thread = new Thread(this, "xfl-link-" + key);
        thread.setDaemon(true);
    }

    void start()
    {
        thread.start();
    }

    long pid()
    {
        return pid;
    }

    String key()
    {
        return key;
    }

    Thread thread()
    {
        return thread;
    }

    /** Note that a machine of this process is (or is no longer) logged on, for the pids of queries. */
    void hosted(final MachineId name, final boolean on)
    {
        if (on)
        {
            names.add(name);
            owner.remotePids().put(name, pid);
        }
        else
        {
            names.remove(name);
            owner.remotePids().remove(name, pid);
        }
    }

    /** {@inheritDoc} */
    public void run()
    {
        try
        {
            conn = RelayConnectors.open(dir, key, true, context, OPEN_TIMEOUT_MS,
                () -> ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));
        }
        catch (final IOException | RuntimeException ex)
        {
            log.log("CP could not open the XFL connectors of process pid=" + pid + ": " + ex.getMessage());
            XflNamespace.deleteClientFiles(dir, key);
            owner.linkEnded(this);
            return;
        }
        XflNamespace.deleteClientFiles(dir, key);
        try
        {
            host = owner.attachHost();
        }
        catch (final IucvException ex)
        {
            log.log("CP refused process pid=" + pid + ": " + ex.getMessage());
            conn.close();
            owner.linkEnded(this);
            return;
        }
        log.log("CP process pid=" + pid + " attached over XFL");
        final RelayRecord in = new RelayRecord();
        try
        {
            while (!dead && in.receive(conn.apiIn))
            {
                dispatch(ApiRequest.of(in));
            }
            died("its XFL connectors reached end of file");
        }
        catch (final IOException | RuntimeException ex)
        {
            died("its API connector failed: " + ex.getMessage());
        }
        cleanUp();
    }

    private void cleanUp()
    {
        api.shutdown();
        try
        {
            api.awaitTermination(2, TimeUnit.SECONDS);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
        api.shutdownNow();
        final Set<MachineId> left = Set.copyOf(names);
        log.log("CP process pid=" + pid + " has gone (" + deathReason + "); logging off " +
            (left.isEmpty() ? "none" : left));
        conn.close();
        // detaching the host unregisters it: the CP logs its machines off and tells their peers
        host.close();
        for (final MachineId n : left)
        {
            hosted(n, false);
        }
        owner.linkEnded(this);
    }

    /**
     * Mark the process gone and close the connectors (a blocked reader of ours wakes when the peer closes too).
     * Safe from any thread; the clean-up runs on the link thread.
     */
    void died(final String why)
    {
        if (!dead)
        {
            deathReason = why;
            dead = true;
            final RelayConnectors c = conn;
            if (null != c)
            {
                c.closeOutputs();
            }
        }
    }

    /** Ask the process to go: its readers see end of file, it closes its side, and the link cleans up. */
    void disconnect()
    {
        died("the Supervisor is stopping");
    }

    // ------------------------------------------------------------------ sessions, on the host thread

    /**
     * @param type a record type.
     * @return the host thread's record, begun; fill it, then call {@link #session}.
     */
    RelayRecord begin(final int type)
    {
        return sessionOut.begin(type);
    }

    /**
     * Send the event built with {@link #begin}, serve the handler's RPCs on the real context until DONE.
     *
     * @param ctx the real context of the machine.
     * @return the DONE record, or null when the process has gone.
     */
    RelayRecord session(final MachineContext ctx)
    {
        if (dead)
        {
            return null;
        }
        try
        {
            if (!sessionOut.send(conn.sessionOut))
            {
                died("end of file on its event connector");
                return null;
            }
            while (true)
            {
                if (!sessionIn.receive(conn.sessionIn))
                {
                    died("end of file on its RPC connector");
                    return null;
                }
                if (sessionIn.type() == RelayRecordType.DONE)
                {
                    return sessionIn;
                }
                final long status = serve(ctx, sessionIn);
                if (!sessionOut.begin(RelayRecordType.RPC_RESULT).aux(status).send(conn.sessionOut))
                {
                    died("end of file on its event connector");
                    return null;
                }
            }
        }
        catch (final IOException | RuntimeException ex)
        {
            died("session failed: " + ex.getMessage());
            return null;
        }
    }

    private static long serve(final MachineContext ctx, final RelayRecord r)
    {
        switch (r.type())
        {
            case RelayRecordType.RPC_SMSG:
            {
                final MachineId to;
                try
                {
                    to = MachineId.fromPacked(r.payloadLong(0));
                }
                catch (final IllegalArgumentException ex)
                {
                    return SendResult.MACHINE_NOT_FOUND;
                }
                return ctx.trySendSmsg(to, r.payloadText(8));
            }
            case RelayRecordType.RPC_SEND:
            {
                final PathId path = PathId.fromPacked(r.path());
                return (r.flags() & FrameDescriptor.FLAG_TWO_WAY) != 0 ?
                    ctx.iucvSendTwoWay(path, r.buffer(), r.payloadOffset(), r.payloadLength(), r.aux()) :
                    ctx.iucvSend(path, r.buffer(), r.payloadOffset(), r.payloadLength());
            }
            case RelayRecordType.RPC_REPLY:
                return ctx.reply(PathId.fromPacked(r.path()), r.messageId(), r.buffer(), r.payloadOffset(),
                    r.payloadLength());
            case RelayRecordType.RPC_SEVER:
                return ctx.severPath(PathId.fromPacked(r.path()), r.payloadUserData(0));
            case RelayRecordType.RPC_QUIESCE:
                return ctx.quiesce(PathId.fromPacked(r.path()), r.payloadUserData(0));
            case RelayRecordType.RPC_RESUME:
                return ctx.resume(PathId.fromPacked(r.path()), r.payloadUserData(0));
            default:
                throw new XflProtocolException("record type " + r.type() + " in a session: expected an RPC (310-315) " +
                    "or DONE (319)");
        }
    }

    // ------------------------------------------------------------------ API

    /** An API request copied out of its record, so the reader can take the next one at once. */
    private record ApiRequest(int type, long corr, long machine, long token, long path, long aux, long target,
        byte[] userData, String text)
    {
        static ApiRequest of(final RelayRecord r)
        {
            long target = 0;
            byte[] ud = null;
            String text = null;
            switch (r.type())
            {
                case RelayRecordType.API_SMSG:
                    target = r.payloadLong(0);
                    text = r.payloadText(8);
                    break;
                case RelayRecordType.API_CONNECT:
                    target = r.payloadLong(0);
                    ud = r.payloadBytes(8, 16);
                    break;
                case RelayRecordType.API_SEVER:
                    ud = r.payloadBytes(0, 16);
                    break;
                default:
                    break;
            }
            return new ApiRequest(r.type(), r.messageId(), r.machine(), r.token(), r.path(), r.aux(), target, ud, text);
        }

        MachineId name() throws IucvException
        {
            return id(machine);
        }

        static MachineId id(final long packed) throws IucvException
        {
            try
            {
                return MachineId.fromPacked(packed);
            }
            catch (final IllegalArgumentException ex)
            {
                throw new IucvException(ReturnCode.INVALID_PARAMETER, ex.getMessage());
            }
        }
    }

    private void dispatch(final ApiRequest q)
    {
        switch (q.type())
        {
            case RelayRecordType.API_CONNECT:
                try
                {
                    host.connectAsync(q.name(), ApiRequest.id(q.target()), new ConnectOptions((int)q.aux(),
                        org.vmiucv.engine.UserData.of(q.userData())))
                        .whenComplete((path, t) -> answer(q.corr(), null == t ? path.packed() : 0, t, ""));
                }
                catch (final IucvException | RuntimeException ex)
                {
                    answer(q.corr(), 0, ex, "");
                }
                return;
            case RelayRecordType.API_EXECUTE:
                try
                {
                    host.execute(q.name(), ctx ->
                    {
                        sessionOut.begin(RelayRecordType.EXEC).machine(q.machine()).messageId(q.corr());
                        session(ctx);
                        return null;
                    }).whenComplete((v, t) -> answer(q.corr(), 0, t, ""));
                }
                catch (final IucvException ex)
                {
                    answer(q.corr(), 0, ex, "");
                }
                return;
            default:
                api.execute(() -> serveBlocking(q));
        }
    }

    private void serveBlocking(final ApiRequest q)
    {
        try
        {
            String text = "";
            switch (q.type())
            {
                case RelayRecordType.API_IPL:
                    host.ipl(q.name(), new ProxyHandler(this, q.name(), q.token()));
                    break;
                case RelayRecordType.API_LOGOFF:
                    host.logoff(q.name());
                    break;
                case RelayRecordType.API_SMSG:
                    host.smsg(q.name(), ApiRequest.id(q.target()), SmsgText.of(q.text()));
                    break;
                case RelayRecordType.API_SEVER:
                    if (0 == q.machine())
                    {
                        host.sever(PathId.fromPacked(q.path()), org.vmiucv.engine.UserData.of(q.userData()));
                    }
                    else
                    {
                        host.sever(PathId.fromPacked(q.path()), q.name(), org.vmiucv.engine.UserData.of(q.userData()));
                    }
                    break;
                case RelayRecordType.API_QUERY_NAMES:
                    text = QueryLines.names(host.queryNames(), m -> owner.remotePids().getOrDefault(m.name(), m.pid()));
                    break;
                case RelayRecordType.API_QUERY_PATHS:
                    text = QueryLines.paths(host.queryPaths(), n -> owner.remotePids().getOrDefault(n, 0L));
                    break;
                case RelayRecordType.API_SHUTDOWN:
                    host.shutdown();
                    break;
                default:
                    throw new IucvException(ReturnCode.INVALID_PARAMETER, "unknown API request type " + q.type());
            }
            answer(q.corr(), 0, null, text);
        }
        catch (final IucvException | RuntimeException ex)
        {
            answer(q.corr(), 0, ex, "");
        }
    }

    private void answer(final long corr, final long path, final Throwable failure, final String text)
    {
        Throwable t = failure;
        while (t instanceof CompletionException && null != t.getCause())
        {
            t = t.getCause();
        }
        final ReturnCode rc = null == t ? ReturnCode.OK :
            t instanceof IucvException ? ((IucvException)t).returnCode() :
            t instanceof IllegalArgumentException ? ReturnCode.INVALID_PARAMETER :
            t instanceof java.util.concurrent.TimeoutException ? ReturnCode.SUPERVISOR_DOWN : ReturnCode.DELIVERY_FAILED;
        final String message = null == t ? text : t instanceof IucvException ? t.getMessage() :
            IucvException.format(rc, t instanceof java.util.concurrent.TimeoutException ?
            "no answer from the Supervisor in time" : String.valueOf(t.getMessage()));
        synchronized (apiOutLock)
        {
            if (dead)
            {
                return;
            }
            try
            {
                if (!apiOutRecord.begin(RelayRecordType.API_RESPONSE).messageId(corr).path(path).aux(rc.code())
                    .appendText(message).send(conn.apiOut))
                {
                    died("end of file on its API response connector");
                }
            }
            catch (final IOException | RuntimeException ex)
            {
                died("its API response connector failed: " + ex.getMessage());
            }
        }
    }
}
