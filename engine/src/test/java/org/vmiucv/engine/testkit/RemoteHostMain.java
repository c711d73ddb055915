package org.vmiucv.engine.testkit;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import org.agrona.concurrent.UnsafeBuffer;
import org.vmiucv.engine.IucvException;
import org.vmiucv.engine.MachineContext;
import org.vmiucv.engine.MachineId;
import org.vmiucv.engine.PathId;
import org.vmiucv.engine.UserData;
import org.vmiucv.engine.Supervisor;
import org.vmiucv.engine.system.SystemLog;

/**
 * A child JVM hosting collector machines for cross-process tests of any transport: it attaches with the
 * {@link Attacher} class named in its first argument. Commands arrive on stdin, one per line;
 * answers and every recorded event go to stdout, one per line, fields separated by blanks, binary in base64.
 * <pre>
 *   IPL corr NAME SPEC64          SMSG corr NAME TO TEXT64          SEND corr NAME PATH DATA64
 *   SEND2 corr NAME PATH MS DATA64  SEVER|QUIESCE|RESUME corr NAME PATH UD64
 *   STREAM corr NAME PATH COUNT SIZE MS   BURST corr NAME TO PREFIX64 COUNT   HOLD corr NAME 0|1   EXIT
 *   answers: OK corr VALUE | ERR corr RC MESSAGE64 ;  events: EVT NAME KIND PEER PATH ID TWOWAY UD64 TEXT64 DATA64
 * </pre>
 * It exits when stdin closes, so a dead test JVM never leaves it behind.
 */
public final class RemoteHostMain
{
    private static final Base64.Encoder B64 = Base64.getEncoder();
    private static final Base64.Decoder D64 = Base64.getDecoder();

    private RemoteHostMain()
    {
    }

    /**
     * @param args the {@link Attacher} class name, the base directory and the system name.
     * @throws Exception on a broken pipe.
     */
    public static void main(final String[] args) throws Exception
    {
        final PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), false,
            StandardCharsets.US_ASCII);
        final Supervisor client;
        try
        {
            final Attacher attacher = (Attacher)Class.forName(args[0]).getDeclaredConstructor().newInstance();
            client = attacher.attach(Path.of(args[1]), args[2], SystemLog.to(System.err));
        }
        catch (final IucvException ex)
        {
            out.println("FAIL " + enc(ex.getMessage()));
            out.flush();
            System.exit(ex.code());
            return;
        }
        final Map<String, CollectorHandler> handlers = new ConcurrentHashMap<>();
        synchronized (out)
        {
            out.println("READY " + ProcessHandle.current().pid());
            out.flush();
        }
        final BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.US_ASCII));
        String line;
        while (null != (line = in.readLine()))
        {
            final String[] f = line.split(" ");
            if ("EXIT".equals(f[0]))
            {
                break;
            }
            final String corr = f[1];
            try
            {
                final long value = execute(client, handlers, f, out);
                reply(out, "OK " + corr + " " + value);
            }
            catch (final Throwable t)
            {
                final int rc = t instanceof IucvException ? ((IucvException)t).code() : 1;
                reply(out, "ERR " + corr + " " + rc + " " + enc(String.valueOf(t.getMessage())));
            }
        }
        client.close();
        System.exit(0);
    }

    private static long execute(final Supervisor client, final Map<String, CollectorHandler> handlers,
        final String[] f, final PrintStream out) throws Exception
    {
        final String name = f[2];
        switch (f[0])
        {
            case "IPL":
            {
                final String realName = "-".equals(name) ? "" : name;
                final CollectorHandle handle = new EventPrinter(realName.toUpperCase(java.util.Locale.ROOT), out);
                final CollectorHandler h = CollectorHandler.fromSpec(handle, dec(f[3])).supervisor(client);
                client.ipl(MachineId.parse(realName), h);
                handlers.put(realName.toUpperCase(java.util.Locale.ROOT), h);
                return 0;
            }
            case "HOLD":
                handlers.get(name.toUpperCase(java.util.Locale.ROOT)).hold("1".equals(f[3]));
                return 0;
            case "SMSG":
                return on(client, name, ctx -> (long)ctx.trySendSmsg(MachineId.of(f[3]), dec(f[4])));
            case "SEND":
            {
                final byte[] d = "-".equals(f[4]) ? new byte[0] : D64.decode(f[4]);
                return on(client, name, ctx -> ctx.iucvSend(path(f[3]), new UnsafeBuffer(d), 0, d.length));
            }
            case "SEND2":
            {
                final byte[] d = "-".equals(f[5]) ? new byte[0] : D64.decode(f[5]);
                final long ns = Long.parseLong(f[4]) * 1_000_000L;
                return on(client, name, ctx ->
                    ctx.iucvSendTwoWay(path(f[3]), new UnsafeBuffer(d), 0, d.length, ns));
            }
            case "REPLY":
            {
                final byte[] d = "-".equals(f[5]) ? new byte[0] : D64.decode(f[5]);
                final long messageId = Long.parseLong(f[4]);
                return on(client, name, ctx -> (long)ctx.reply(path(f[3]), messageId, new UnsafeBuffer(d), 0, d.length));
            }
            case "SEVER":
                return on(client, name, ctx -> (long)ctx.severPath(path(f[3]), UserData.of(D64.decode(f[4]))));
            case "QUIESCE":
                return on(client, name, ctx -> (long)ctx.quiesce(path(f[3]), UserData.of(D64.decode(f[4]))));
            case "RESUME":
                return on(client, name, ctx -> (long)ctx.resume(path(f[3]), UserData.of(D64.decode(f[4]))));
            case "BURST":
                return on(client, name, ctx -> MachineActions.smsgBurst(ctx, f[3], dec(f[4]), Integer.parseInt(f[5])));
            case "STREAM":
            {
                final PathId path = path(f[3]);
                final int count = Integer.parseInt(f[4]);
                final int size = Integer.parseInt(f[5]);
                final long deadline = System.nanoTime() + Long.parseLong(f[6]) * 1_000_000L;
                int sent = 0;
                while (sent < count && System.nanoTime() < deadline)
                {
                    final int from = sent;
                    final long n = on(client, name, ctx -> MachineActions.streamBatch(ctx, path, from, count, size));
                    if (n < 0)
                    {
                        break;
                    }
                    sent += (int)n;
                    if (0 == n)
                    {
                        Thread.yield();
                    }
                }
                return sent;
            }
            default:
                throw new IllegalArgumentException("unknown command " + f[0]);
        }
    }

    private static long on(final Supervisor client, final String name, final Function<MachineContext, Long> action)
        throws Exception
    {
        return client.execute(MachineId.of(name), action).get(20, TimeUnit.SECONDS);
    }

    private static PathId path(final String text)
    {
        final int dot = text.indexOf('.');
        return PathId.of(Integer.parseInt(text.substring(0, dot)), Integer.parseInt(text.substring(dot + 1)));
    }

    private static void reply(final PrintStream out, final String line)
    {
        synchronized (out)
        {
            out.println(line);
            out.flush();
        }
    }

    static String enc(final String s)
    {
        return null == s || s.isEmpty() ? "-" : B64.encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    static String dec(final String s)
    {
        return "-".equals(s) ? "" : new String(D64.decode(s), StandardCharsets.UTF_8);
    }

    /** Prints every event as it is recorded. */
    private static final class EventPrinter extends CollectorHandle
    {
        private final String name;
        private final PrintStream out;

        EventPrinter(final String name, final PrintStream out)
        {
            this.name = name;
            this.out = out;
        }

        @Override
        public void add(final Event e)
        {
            reply(out, "EVT " + name + " " + e.kind() + " " + (null == e.peer() ? "-" : e.peer().name()) + " " +
                (null == e.path() ? "-" : e.path().toString()) + " " + e.messageId() + " " + e.twoWay() + " " +
                (null == e.userData() ? "-" : B64.encodeToString(e.userData().toByteArray())) + " " +
                (null == e.text() ? "-" : enc(e.text())) + " " +
                (null == e.data() ? "-" : B64.encodeToString(e.data()) + "."));
        }
    }
}
