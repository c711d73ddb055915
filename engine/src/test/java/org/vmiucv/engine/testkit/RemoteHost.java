package org.vmiucv.engine.testkit;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.vmiucv.engine.IucvException;
import org.vmiucv.engine.MachineId;
import org.vmiucv.engine.PathId;
import org.vmiucv.engine.ReturnCode;
import org.vmiucv.engine.UserData;

/**
 * The test side of a {@link RemoteHostMain} child JVM: sends commands, routes events into per-machine
 * {@link CollectorHandle}s, and kills the process on close.
 */
public final class RemoteHost implements AutoCloseable
{
    private static final Base64.Encoder B64 = Base64.getEncoder();
    private static final Base64.Decoder D64 = Base64.getDecoder();

    private final Process process;
    private final OutputStream stdin;
    private final Map<String, CollectorHandle> handles = new ConcurrentHashMap<>();
    private final Map<Long, CompletableFuture<Long>> pending = new ConcurrentHashMap<>();
    private final AtomicLong nextCorr = new AtomicLong();
    private final CompletableFuture<Long> ready = new CompletableFuture<>();
    private final Thread reader;

    private RemoteHost(final Process process)
    {
        this.process = process;
        this.stdin = process.getOutputStream();
        this.reader = new Thread(this::readLoop, "remote-host-" + process.pid());
        reader.setDaemon(true);
        reader.start();
    }

    /**
     * Start a child JVM that attaches to a system.
     *
     * @param attacher how the child attaches (the transport under test).
     * @param base     base directory.
     * @param system   system name.
     * @return the host, not yet ready: call {@link #awaitReady}.
     * @throws IOException if the JVM cannot start.
     */
    public static RemoteHost start(final Class<? extends Attacher> attacher, final Path base, final String system)
        throws IOException
    {
        return new RemoteHost(ChildJvm.start(RemoteHostMain.class, attacher.getName(), base.toString(), system));
    }

    /**
     * @return the child's pid once it attached.
     * @throws Exception if it failed to attach within 20 s.
     */
    public long awaitReady() throws Exception
    {
        return ready.get(20, TimeUnit.SECONDS);
    }

    /**
     * @return the process.
     */
    public Process process()
    {
        return process;
    }

    private void readLoop()
    {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(),
            StandardCharsets.US_ASCII)))
        {
            String line;
            while (null != (line = r.readLine()))
            {
                final String[] f = line.split(" ");
                switch (f[0])
                {
                    case "READY": ready.complete(Long.parseLong(f[1])); break;
                    case "FAIL": ready.completeExceptionally(new IllegalStateException(RemoteHostMain.dec(f[1]))); break;
                    case "OK": complete(f[1], Long.parseLong(f[2]), null); break;
                    case "ERR":
                        complete(f[1], 0, new IucvException(ReturnCode.of(Integer.parseInt(f[2])),
                            RemoteHostMain.dec(f[3]).replaceFirst("^DMSIUC\\d{3}[EW] [^:]*: ", "")));
                        break;
                    case "EVT": event(f); break;
                    default: break;
                }
            }
        }
        catch (final IOException ignore)
        {
            // the child died; pending calls fail below
        }
        final IllegalStateException gone = new IllegalStateException("remote host exited");
        ready.completeExceptionally(gone);
        pending.values().forEach(p -> p.completeExceptionally(gone));
    }

    private void complete(final String corr, final long value, final Throwable error)
    {
        final CompletableFuture<Long> f = pending.remove(Long.parseLong(corr));
        if (null != f)
        {
            if (null == error)
            {
                f.complete(value);
            }
            else
            {
                f.completeExceptionally(error);
            }
        }
    }

    private void event(final String[] f)
    {
        final CollectorHandle h = handles.get(f[1]);
        if (null == h)
        {
            return;
        }
        h.add(new CollectorHandle.Event(
            CollectorHandle.Kind.valueOf(f[2]),
            "-".equals(f[3]) ? null : MachineId.of(f[3]),
            "-".equals(f[4]) ? null : PathId.fromPacked(packedPath(f[4])),
            "-".equals(f[8]) ? null : RemoteHostMain.dec(f[8]),
            "-".equals(f[9]) ? null : D64.decode(f[9].substring(0, f[9].length() - 1)),
            "-".equals(f[7]) ? null : UserData.of(D64.decode(f[7])),
            Long.parseLong(f[5]),
            Boolean.parseBoolean(f[6])));
    }

    private static long packedPath(final String text)
    {
        final int dot = text.indexOf('.');
        return PathId.pack(Integer.parseInt(text.substring(0, dot)), Integer.parseInt(text.substring(dot + 1)));
    }

    /**
     * Run one command and wait for its answer.
     *
     * @param command the command word.
     * @param args    its arguments after the correlation id.
     * @return the value answered.
     * @throws IucvException as the child reported it.
     */
    public long call(final String command, final String... args) throws IucvException
    {
        final long corr = nextCorr.incrementAndGet();
        final CompletableFuture<Long> f = new CompletableFuture<>();
        pending.put(corr, f);
        final StringBuilder sb = new StringBuilder(command).append(' ').append(corr);
        for (final String a : args)
        {
            sb.append(' ').append(a);
        }
        sb.append('\n');
        try
        {
            synchronized (stdin)
            {
                stdin.write(sb.toString().getBytes(StandardCharsets.US_ASCII));
                stdin.flush();
            }
            return f.get(60, TimeUnit.SECONDS);
        }
        catch (final java.util.concurrent.ExecutionException ex)
        {
            if (ex.getCause() instanceof IucvException)
            {
                throw (IucvException)ex.getCause();
            }
            throw new AssertionError(command + " failed in pid " + process.pid() + ": " + ex.getCause(), ex);
        }
        catch (final Exception ex)
        {
            pending.remove(corr);
            throw new AssertionError(command + " got no answer from pid " + process.pid() + ": " + ex, ex);
        }
    }

    /**
     * IPL a collector machine in the child.
     *
     * @param name machine name.
     * @param spec behaviour spec.
     * @return the machine.
     * @throws IucvException if refused.
     */
    public TestMachine ipl(final String name, final String spec) throws IucvException
    {
        final CollectorHandle handle = new CollectorHandle();
        final String upper = name.toUpperCase(java.util.Locale.ROOT);
        handles.put(upper, handle);
        try
        {
            call("IPL", name.isEmpty() ? "-" : name, RemoteHostMain.enc(spec));
        }
        catch (final IucvException ex)
        {
            handles.remove(upper);
            throw ex;
        }
        return new Machine(MachineId.of(upper), handle);
    }

    private static String b64(final byte[] b)
    {
        return B64.encodeToString(b);
    }

    /** Kill the child, descendants first, and wait for it. */
    public void close()
    {
        ChildJvm.kill(process);
    }

    private final class Machine implements TestMachine
    {
        private final MachineId id;
        private final CollectorHandle handle;

        Machine(final MachineId id, final CollectorHandle handle)
        {
            this.id = id;
            this.handle = handle;
        }

        private long run(final String command, final String... args)
        {
            try
            {
                return call(command, args);
            }
            catch (final IucvException ex)
            {
                throw new AssertionError(command + " on " + id + ": " + ex.getMessage(), ex);
            }
        }

        public MachineId id()
        {
            return id;
        }

        public CollectorHandle events()
        {
            return handle;
        }

        public long pid()
        {
            return process.pid();
        }

        public long smsg(final String to, final String text)
        {
            return run("SMSG", id.name(), to, RemoteHostMain.enc(text));
        }

        public long send(final PathId path, final byte[] data)
        {
            return run("SEND", id.name(), path.toString(), nonEmpty(data));
        }

        public long sendTwoWay(final PathId path, final byte[] data, final long timeoutMs)
        {
            return run("SEND2", id.name(), path.toString(), Long.toString(timeoutMs), nonEmpty(data));
        }

        public long reply(final PathId path, final long messageId, final byte[] data)
        {
            return run("REPLY", id.name(), path.toString(), Long.toString(messageId), nonEmpty(data));
        }

        private String nonEmpty(final byte[] data)
        {
            return data.length == 0 ? "-" : b64(data);
        }

        public int sever(final PathId path, final UserData ud)
        {
            return (int)run("SEVER", id.name(), path.toString(), b64(ud.toByteArray()));
        }

        public int quiesce(final PathId path, final UserData ud)
        {
            return (int)run("QUIESCE", id.name(), path.toString(), b64(ud.toByteArray()));
        }

        public int resume(final PathId path, final UserData ud)
        {
            return (int)run("RESUME", id.name(), path.toString(), b64(ud.toByteArray()));
        }

        public long stream(final PathId path, final int count, final int size, final long timeoutMs)
        {
            return run("STREAM", id.name(), path.toString(), Integer.toString(count), Integer.toString(size),
                Long.toString(timeoutMs));
        }

        public long smsgBurst(final String to, final String prefix, final int count)
        {
            return run("BURST", id.name(), to, RemoteHostMain.enc(prefix), Integer.toString(count));
        }

        public void hold(final boolean hold)
        {
            run("HOLD", id.name(), hold ? "1" : "0");
        }
    }
}
