package org.vmiucv.xfl.transport;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Function;

import org.agrona.DirectBuffer;
import org.vmiucv.engine.ConnectOptions;
import org.vmiucv.engine.IucvBuffer;
import org.vmiucv.engine.IucvException;
import org.vmiucv.engine.IucvMessage;
import org.vmiucv.engine.MachineContext;
import org.vmiucv.engine.MachineHandler;
import org.vmiucv.engine.MachineId;
import org.vmiucv.engine.MachineInfo;
import org.vmiucv.engine.PathId;
import org.vmiucv.engine.PathInfo;
import org.vmiucv.engine.PendingConnection;
import org.vmiucv.engine.ReturnCode;
import org.vmiucv.engine.SendResult;
import org.vmiucv.engine.SmsgText;
import org.vmiucv.engine.Supervisor;
import org.vmiucv.engine.UserData;
import org.vmiucv.engine.layout.FrameDescriptor;
import org.vmiucv.engine.system.SystemLog;
import org.vmiucv.engine.system.SystemOptions;
import org.vmiucv.xfl.XflProtocolException;

/**
 * A process attached to an XFL system ({@link XflSystem#attach}): the {@link Supervisor} API as RPCs to the
 * Supervisor process, and an event loop thread that runs the handlers of the machines IPLed here, one callback at
 * a time, each inside the session its proxy in the Supervisor runs. Their {@link MachineContext} calls are
 * executed by the real engine there, so every status is the engine's own.
 * <p>
 * Thread safe. The blocking calls (ipl, logoff, connect, sever, shutdown) are refused from a handler callback,
 * as in every transport; when the Supervisor has gone they fail with {@link ReturnCode#SUPERVISOR_DOWN}.
 */
public final class XflClient implements Supervisor
{
    private static final java.util.regex.Pattern RC_PREFIX = java.util.regex.Pattern.compile("^DMSIUC\\d{3}[EW] [^:]*(: )?");

    /** A machine IPLed by this process. */
    private record Hosted(MachineId name, MachineHandler handler, RemoteContext ctx)
    {
    }

    /** An execute waiting for its EXEC event. */
    private record PendingExec(MachineId machine, Function<MachineContext, ?> action, CompletableFuture<Object> future)
    {
    }

    /** An API answer. */
    private record Answer(int rc, long path, String text)
    {
        Answer orThrow() throws IucvException
        {
            if (rc != 0)
            {
                throw new IucvException(ReturnCode.of(rc), RC_PREFIX.matcher(text).replaceFirst(""));
            }
            return this;
        }
    }

    private final Path dir;
    private final String key;
    private final long supervisorPid;
    private final SystemOptions options;
    private final SystemLog log;
    private final RelayConnectors conn;
    private final Map<Long, Hosted> handlers = new ConcurrentHashMap<>();
    private final Map<Long, PendingExec> execs = new ConcurrentHashMap<>();
    private final Map<Long, CompletableFuture<Answer>> calls = new ConcurrentHashMap<>();
    private final AtomicLong nextCorr = new AtomicLong();
    private final AtomicLong nextToken = new AtomicLong();
    private final Object apiOutLock = new Object();
    private final RelayRecord apiOutRecord = new RelayRecord();
    private final Thread eventLoop;
    private final Thread apiReader;
    /** Event loop only. */
    private final RelayRecord eventIn = new RelayRecord();
    private final RelayRecord rpcIn = new RelayRecord();
    private final RelayRecord rpcOut = new RelayRecord();
    private boolean inSession;
    private volatile String downReason;
    private volatile boolean closed;

    XflClient(final Path dir, final String key, final long supervisorPid, final SystemOptions options,
        final SystemLog log, final RelayConnectors conn)
    {
        this.dir = dir;
        this.key = key;
        this.supervisorPid = supervisorPid;
        this.options = options;
        this.log = log;
        this.conn = conn;
        this.eventLoop = new Thread(this::eventLoop, "xfl-events");
        this.apiReader = new Thread(this::apiLoop, "xfl-api");
        eventLoop.setDaemon(true);
        apiReader.setDaemon(true);
        eventLoop.start();
        apiReader.start();
    }

    /**
     * @return pid of the Supervisor process.
     */
    public long supervisorPid()
    {
        return supervisorPid;
    }

    /**
     * @return null while the Supervisor is reachable, else why not.
     */
    public String supervisorProblem()
    {
        return downReason;
    }

    /**
     * @return the system's directory.
     */
    public Path directory()
    {
        return dir;
    }

    // ------------------------------------------------------------------ API

    private void checkUp() throws IucvException
    {
        final String down = downReason;
        if (null != down)
        {
            throw new IucvException(ReturnCode.SUPERVISOR_DOWN, down);
        }
    }

    private void notFromHandler(final String what) throws IucvException
    {
        if (Thread.currentThread() == eventLoop)
        {
            throw new IucvException(ReturnCode.INVALID_PARAMETER,
                what + "() blocks and cannot be called from a handler callback; use connectAsync or another thread");
        }
    }

    private CompletableFuture<Answer> submit(final int type, final long corr, final Consumer<RelayRecord> fill)
        throws IucvException
    {
        checkUp();
        final CompletableFuture<Answer> f = new CompletableFuture<>();
        calls.put(corr, f);
        if (null != downReason)
        {
            // close() or a dead connector failed every call before this one was registered: nobody would answer it
            calls.remove(corr);
            checkUp();
        }
        boolean sent = false;
        synchronized (apiOutLock)
        {
            try
            {
                fill.accept(apiOutRecord.begin(type).messageId(corr));
                sent = apiOutRecord.send(conn.apiOut);
            }
            catch (final IOException | RuntimeException ex)
            {
                down("the XFL Supervisor (pid " + supervisorPid + ") connection failed: " + ex.getMessage());
            }
        }
        if (!sent)
        {
            calls.remove(corr);
            down("the XFL Supervisor (pid " + supervisorPid + ") has gone: end of file on its API connector");
            checkUp();
        }
        return f;
    }

    private CompletableFuture<Answer> submit(final int type, final Consumer<RelayRecord> fill) throws IucvException
    {
        return submit(type, nextCorr.incrementAndGet(), fill);
    }

    private Answer await(final CompletableFuture<Answer> f, final String what) throws IucvException
    {
        final long timeoutMs = 2L * options.controlTimeoutMs();
        try
        {
            return f.get(timeoutMs, TimeUnit.MILLISECONDS).orThrow();
        }
        catch (final TimeoutException ex)
        {
            throw new IucvException(ReturnCode.SUPERVISOR_DOWN, "no answer to " + what +
                " from the XFL Supervisor (pid " + supervisorPid + ") within " + timeoutMs + " ms");
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new IucvException(ReturnCode.SUPERVISOR_DOWN, "interrupted while waiting for " + what);
        }
        catch (final ExecutionException ex)
        {
            if (ex.getCause() instanceof IucvException)
            {
                final IucvException cause = (IucvException)ex.getCause();
                throw new IucvException(cause.returnCode(), RC_PREFIX.matcher(cause.getMessage()).replaceFirst(""));
            }
            throw new IucvException(ReturnCode.DELIVERY_FAILED, what + " failed: " + ex.getCause());
        }
    }

    /** {@inheritDoc} */
    public void ipl(final MachineId name, final MachineHandler handler) throws IucvException
    {
        if (null == name || null == handler)
        {
            throw new IucvException(ReturnCode.INVALID_PARAMETER, "ipl needs a machine name and a handler");
        }
        notFromHandler("ipl");
        final long token = nextToken.incrementAndGet();
        handlers.put(token, new Hosted(name, handler, new RemoteContext(name)));
        try
        {
            await(submit(RelayRecordType.API_IPL, r -> r.machine(name.packed()).token(token)), "IPL " + name);
        }
        catch (final IucvException ex)
        {
            handlers.remove(token);
            throw ex;
        }
    }

    /** {@inheritDoc} */
    public void logoff(final MachineId name) throws IucvException
    {
        notFromHandler("logoff");
        await(submit(RelayRecordType.API_LOGOFF, r -> r.machine(name.packed())), "LOGOFF " + name);
    }

    /** {@inheritDoc} */
    public void smsg(final MachineId from, final MachineId to, final SmsgText text) throws IucvException
    {
        await(submit(RelayRecordType.API_SMSG, r -> r.machine(from.packed()).appendLong(to.packed())
            .appendText(text.toString())), "SMSG " + to);
    }

    /** {@inheritDoc} */
    public PathId connect(final MachineId from, final MachineId to, final ConnectOptions options) throws IucvException
    {
        notFromHandler("connect");
        return PathId.fromPacked(await(requestConnect(from, to, options), "CONNECT " + from + " " + to).path());
    }

    private CompletableFuture<Answer> requestConnect(final MachineId from, final MachineId to,
        final ConnectOptions options) throws IucvException
    {
        final ConnectOptions o = null == options ? ConnectOptions.DEFAULT : options;
        return submit(RelayRecordType.API_CONNECT, r -> r.machine(from.packed()).aux(o.msglim())
            .appendLong(to.packed()).appendUserData(o.userData()));
    }

    /** {@inheritDoc} */
    public CompletableFuture<PathId> connectAsync(final MachineId from, final MachineId to,
        final ConnectOptions options)
    {
        try
        {
            return requestConnect(from, to, options)
                .orTimeout(2L * this.options.controlTimeoutMs(), TimeUnit.MILLISECONDS)
                .thenApply(a ->
                {
                    try
                    {
                        return PathId.fromPacked(a.orThrow().path());
                    }
                    catch (final IucvException ex)
                    {
                        throw new CompletionException(ex);
                    }
                });
        }
        catch (final IucvException ex)
        {
            return CompletableFuture.failedFuture(ex);
        }
    }

    /** {@inheritDoc} */
    @SuppressWarnings("unchecked")
    public <T> CompletableFuture<T> execute(final MachineId machine, final Function<MachineContext, T> action)
    {
        final long corr = nextCorr.incrementAndGet();
        final CompletableFuture<Object> future = new CompletableFuture<>();
        execs.put(corr, new PendingExec(machine, action, future));
        try
        {
            submit(RelayRecordType.API_EXECUTE, corr, r -> r.machine(machine.packed())).whenComplete((a, t) ->
            {
                final PendingExec e = execs.remove(corr);
                if (null == e)
                {
                    return; // the action ran
                }
                if (null != t)
                {
                    e.future().completeExceptionally(t);
                }
                else if (a.rc() != 0)
                {
                    try
                    {
                        a.orThrow();
                    }
                    catch (final IucvException ex)
                    {
                        e.future().completeExceptionally(ex);
                    }
                }
                else
                {
                    e.future().completeExceptionally(new IucvException(ReturnCode.SUPERVISOR_DOWN,
                        "the Supervisor ran the action's session but this process did not get it"));
                }
            });
        }
        catch (final IucvException ex)
        {
            execs.remove(corr);
            future.completeExceptionally(ex);
        }
        return (CompletableFuture<T>)future;
    }

    /** {@inheritDoc} */
    public void sever(final PathId path, final UserData userData) throws IucvException
    {
        notFromHandler("sever");
        await(submit(RelayRecordType.API_SEVER, r -> r.path(path.packed()).appendUserData(userData)), "SEVER " + path);
    }

    /** {@inheritDoc} */
    public void sever(final PathId path, final MachineId by, final UserData userData) throws IucvException
    {
        notFromHandler("sever");
        await(submit(RelayRecordType.API_SEVER, r -> r.machine(by.packed()).path(path.packed())
            .appendUserData(userData)), "SEVER " + path + " by " + by);
    }

    /** {@inheritDoc} */
    public List<MachineInfo> queryNames() throws IucvException
    {
        return QueryLines.parseNames(await(submit(RelayRecordType.API_QUERY_NAMES, r -> { }), "QUERY NAMES").text());
    }

    /** {@inheritDoc} */
    public List<PathInfo> queryPaths() throws IucvException
    {
        return QueryLines.parsePaths(await(submit(RelayRecordType.API_QUERY_PATHS, r -> { }), "QUERY PATHS").text());
    }

    /** {@inheritDoc} */
    public void shutdown() throws IucvException
    {
        notFromHandler("shutdown");
        await(submit(RelayRecordType.API_SHUTDOWN, r -> { }), "SHUTDOWN");
    }

    /**
     * Detach: the Supervisor logs off the machines of this process (their peers get SEVERED). Idempotent.
     */
    public void close()
    {
        synchronized (calls)
        {
            if (closed)
            {
                return;
            }
            closed = true;
        }
        down("this client is closed");
        conn.closeOutputs();
        final long deadline = System.currentTimeMillis() + 3_000;
        for (final Thread t : new Thread[] {apiReader, eventLoop})
        {
            if (t != Thread.currentThread())
            {
                try
                {
                    t.join(Math.max(1, deadline - System.currentTimeMillis()));
                }
                catch (final InterruptedException ex)
                {
                    Thread.currentThread().interrupt();
                }
            }
        }
        conn.close();
        XflNamespace.deleteClientFiles(dir, key);
        log.log("detached from XFL system in " + dir);
    }

    private void down(final String why)
    {
        if (null == downReason)
        {
            downReason = why;
        }
        final IucvException ex = new IucvException(ReturnCode.SUPERVISOR_DOWN, downReason);
        calls.values().forEach(f -> f.completeExceptionally(ex));
        calls.clear();
        execs.values().forEach(e -> e.future().completeExceptionally(ex));
        execs.clear();
    }

    // ------------------------------------------------------------------ API answers

    private void apiLoop()
    {
        final RelayRecord in = new RelayRecord();
        String why = "the XFL Supervisor (pid " + supervisorPid + ") has gone: end of file on its connectors";
        try
        {
            while (in.receive(conn.apiIn))
            {
                if (in.type() != RelayRecordType.API_RESPONSE)
                {
                    throw new XflProtocolException("record type " + in.type() + " on the API connector: expected " +
                        RelayRecordType.API_RESPONSE);
                }
                final CompletableFuture<Answer> f = calls.remove(in.messageId());
                if (null != f)
                {
                    f.complete(new Answer((int)in.aux(), in.path(), in.payloadText(0)));
                }
            }
        }
        catch (final IOException | RuntimeException ex)
        {
            why = "the XFL Supervisor (pid " + supervisorPid + ") connection failed: " + ex.getMessage();
        }
        down(why);
        conn.closeOutputs();
    }

    // ------------------------------------------------------------------ events

    private void eventLoop()
    {
        String why = "the XFL Supervisor (pid " + supervisorPid + ") has gone: end of file on its event connector";
        try
        {
            while (eventIn.receive(conn.sessionIn))
            {
                if (!onEvent(eventIn))
                {
                    break;
                }
            }
        }
        catch (final IOException | RuntimeException ex)
        {
            why = "the XFL Supervisor (pid " + supervisorPid + ") broke the session protocol: " + ex.getMessage();
        }
        down(why);
        conn.closeOutputs();
    }

    /** @return false when the Supervisor has gone. */
    private boolean onEvent(final RelayRecord r) throws IOException
    {
        if (r.type() == RelayRecordType.EXEC)
        {
            final PendingExec e = execs.remove(r.messageId());
            if (null != e)
            {
                inSession = true;
                try
                {
                    e.future().complete(e.action().apply(new RemoteContext(e.machine())));
                }
                catch (final Throwable t)
                {
                    e.future().completeExceptionally(t);
                }
                finally
                {
                    inSession = false;
                }
            }
            return done(rpcOut.begin(RelayRecordType.DONE));
        }
        final Hosted h = handlers.get(r.token());
        if (null == h)
        {
            return done(rpcOut.begin(RelayRecordType.DONE).flags(RelayRecordType.DONE_THREW)
                .appendText("no handler for token " + r.token() + " in process pid " + ProcessHandle.current().pid()));
        }
        boolean accept = false;
        RemotePending pending = null;
        inSession = true;
        try
        {
            accept = dispatch(h, r, pending = r.type() == RelayRecordType.PENDING ? new RemotePending(r) : null);
        }
        catch (final XflProtocolException ex)
        {
            throw ex;
        }
        catch (final Throwable t)
        {
            if (t instanceof VirtualMachineError)
            {
                throw (VirtualMachineError)t;
            }
            handlers.remove(r.token()); // the engine panics the machine: no more callbacks
            inSession = false;
            return done(rpcOut.begin(RelayRecordType.DONE).flags(RelayRecordType.DONE_THREW).appendText(t.toString()));
        }
        finally
        {
            inSession = false;
        }
        if (r.type() == RelayRecordType.LOGOFF)
        {
            handlers.remove(r.token());
        }
        rpcOut.begin(RelayRecordType.DONE);
        if (null != pending)
        {
            rpcOut.aux(accept ? 1 : 0).appendUserData(pending.acceptUserData).appendInt(pending.acceptMsglim);
        }
        return done(rpcOut);
    }

    private boolean done(final RelayRecord record) throws IOException
    {
        return record.send(conn.sessionOut);
    }

    private static boolean dispatch(final Hosted h, final RelayRecord r, final RemotePending pending)
    {
        final MachineHandler handler = h.handler();
        final RemoteContext ctx = h.ctx();
        switch (r.type())
        {
            case RelayRecordType.IPL:
                handler.onIpl(ctx);
                return false;
            case RelayRecordType.SMSG:
                handler.onSmsg(ctx, r.payloadMachine(0), r.payloadAscii(8));
                return false;
            case RelayRecordType.PENDING:
                return handler.onConnectionPending(ctx, pending);
            case RelayRecordType.COMPLETE:
                handler.onConnectionComplete(ctx, PathId.fromPacked(r.path()), MachineId.fromPacked(r.payloadLong(0)),
                    r.payloadUserData(8));
                return false;
            case RelayRecordType.DATA:
                handler.onIucvData(ctx, r.message((r.flags() & FrameDescriptor.FLAG_TWO_WAY) != 0));
                return false;
            case RelayRecordType.REPLY:
                handler.onReply(ctx, r.message(false));
                return false;
            case RelayRecordType.REPLY_TIMEOUT:
                handler.onReplyTimeout(ctx, PathId.fromPacked(r.path()), r.messageId());
                return false;
            case RelayRecordType.SEVERED:
                handler.onConnectionSevered(ctx, PathId.fromPacked(r.path()), r.payloadUserData(0));
                return false;
            case RelayRecordType.QUIESCED:
                handler.onPathQuiesced(ctx, PathId.fromPacked(r.path()), r.payloadUserData(0));
                return false;
            case RelayRecordType.RESUMED:
                handler.onPathResumed(ctx, PathId.fromPacked(r.path()), r.payloadUserData(0));
                return false;
            case RelayRecordType.LOGOFF:
                handler.onLogoff(ctx);
                return false;
            default:
                throw new XflProtocolException("record type " + r.type() + " on the event connector: expected an " +
                    "event (1-15, 300-302)");
        }
    }

    /** One RPC from a handler, inside its session; CLOSED outside a callback or once the Supervisor has gone. */
    private long rpc(final RelayRecord request)
    {
        if (Thread.currentThread() != eventLoop || !inSession || null != downReason)
        {
            return SendResult.CLOSED;
        }
        try
        {
            if (!request.send(conn.sessionOut) || !rpcIn.receive(conn.sessionIn))
            {
                down("the XFL Supervisor (pid " + supervisorPid + ") has gone: end of file in a session");
                return SendResult.CLOSED;
            }
        }
        catch (final IOException ex)
        {
            down("the XFL Supervisor (pid " + supervisorPid + ") connection failed: " + ex.getMessage());
            return SendResult.CLOSED;
        }
        if (rpcIn.type() != RelayRecordType.RPC_RESULT)
        {
            throw new XflProtocolException("record type " + rpcIn.type() + " answered an RPC: expected " +
                RelayRecordType.RPC_RESULT);
        }
        return rpcIn.aux();
    }

    /** The context a handler of this process gets: each call is an RPC executed on the machine's real context. */
    private final class RemoteContext implements MachineContext
    {
        private final MachineId id;

        RemoteContext(final MachineId id)
        {
            this.id = id;
        }

        public MachineId machineId()
        {
            return id;
        }

        public int trySendSmsg(final MachineId to, final CharSequence text)
        {
            if (null == to)
            {
                return SendResult.MACHINE_NOT_FOUND;
            }
            if (null == text)
            {
                return SendResult.INVALID_LENGTH;
            }
            return (int)rpc(rpcOut.begin(RelayRecordType.RPC_SMSG).appendLong(to.packed()).appendText(text));
        }

        public long iucvSend(final PathId path, final DirectBuffer buffer, final int offset, final int length)
        {
            if (length < 0 || length > IucvBuffer.MAX_LENGTH)
            {
                return SendResult.INVALID_LENGTH;
            }
            return rpc(rpcOut.begin(RelayRecordType.RPC_SEND).path(path.packed()).appendBuffer(buffer, offset, length));
        }

        public long iucvSendTwoWay(final PathId path, final DirectBuffer buffer, final int offset, final int length,
            final long timeoutNs)
        {
            if (length < 0 || length > IucvBuffer.MAX_LENGTH)
            {
                return SendResult.INVALID_LENGTH;
            }
            return rpc(rpcOut.begin(RelayRecordType.RPC_SEND).path(path.packed()).flags(FrameDescriptor.FLAG_TWO_WAY)
                .aux(timeoutNs).appendBuffer(buffer, offset, length));
        }

        public int reply(final IucvMessage message, final DirectBuffer buffer, final int offset, final int length)
        {
            if (!message.isTwoWay())
            {
                return SendResult.NO_SUCH_MESSAGE;
            }
            return reply(message.path(), message.messageId(), buffer, offset, length);
        }

        public int reply(final PathId path, final long messageId, final DirectBuffer buffer, final int offset,
            final int length)
        {
            if (length < 0 || length > IucvBuffer.MAX_LENGTH)
            {
                return SendResult.INVALID_LENGTH;
            }
            return (int)rpc(rpcOut.begin(RelayRecordType.RPC_REPLY).path(path.packed()).messageId(messageId)
                .appendBuffer(buffer, offset, length));
        }

        public int severPath(final PathId path, final UserData userData)
        {
            return (int)rpc(rpcOut.begin(RelayRecordType.RPC_SEVER).path(path.packed()).appendUserData(userData));
        }

        public int quiesce(final PathId path, final UserData userData)
        {
            return (int)rpc(rpcOut.begin(RelayRecordType.RPC_QUIESCE).path(path.packed()).appendUserData(userData));
        }

        public int resume(final PathId path, final UserData userData)
        {
            return (int)rpc(rpcOut.begin(RelayRecordType.RPC_RESUME).path(path.packed()).appendUserData(userData));
        }
    }

    /** A CONNECT waiting for this process's handler to decide. */
    private static final class RemotePending implements PendingConnection
    {
        private final PathId path;
        private final MachineId from;
        private final UserData userData;
        private final int msglim;
        UserData acceptUserData = UserData.EMPTY;
        int acceptMsglim;

        RemotePending(final RelayRecord r)
        {
            this.path = PathId.fromPacked(r.path());
            this.from = MachineId.fromPacked(r.payloadLong(0));
            this.userData = r.payloadUserData(8);
            this.msglim = (int)r.aux();
        }

        public PathId path()
        {
            return path;
        }

        public MachineId from()
        {
            return from;
        }

        public UserData userData()
        {
            return userData;
        }

        public int msglim()
        {
            return msglim;
        }

        public void acceptUserData(final UserData userData)
        {
            this.acceptUserData = null == userData ? UserData.EMPTY : userData;
        }

        public void acceptMsglim(final int msglim)
        {
            if (msglim < 1 || msglim > ConnectOptions.MAX_MSGLIM)
            {
                throw new IllegalArgumentException("msglim " + msglim + " is out of range; 1 to 65535 is allowed");
            }
            this.acceptMsglim = msglim;
        }
    }
}
