package org.vmiucv.shm.journal;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.agrona.concurrent.UnsafeBuffer;
import org.vmiucv.engine.IucvException;
import org.vmiucv.engine.IucvMessage;
import org.vmiucv.engine.MachineContext;
import org.vmiucv.engine.MachineHandler;
import org.vmiucv.engine.MachineId;
import org.vmiucv.engine.PathId;
import org.vmiucv.engine.PendingConnection;
import org.vmiucv.engine.UserData;
import org.vmiucv.engine.system.SystemClient;
import org.vmiucv.engine.system.SystemLog;
import org.vmiucv.engine.system.SystemOptions;
import org.vmiucv.shm.ShmSystem;

/**
 * A child JVM hosting machines {@code H<h>M<m>} that storm the Supervisor with connects and severs. One command per
 * stdin line, exactly one answer line each ({@code OK ...} or {@code ERR rc message64}):
 * <pre>
 *   STORM seed | QUIET | REPORT | PROBE | RECEIVED | HOLD name ms | CONNECT from to | RESULT id | EXIT
 * </pre>
 * REPORT lists the paths the machines believe established ({@code machine:path:peer}); PROBE sends one message on
 * each of them; RECEIVED lists the probes that arrived ({@code text@machine}).
 */
public final class StormHostMain
{
    private static final Map<String, StormHandler> HANDLERS = new ConcurrentHashMap<>();
    private static final List<CompletableFuture<PathId>> OUTSTANDING = new ArrayList<>();
    private static final Map<Integer, CompletableFuture<PathId>> NAMED = new ConcurrentHashMap<>();
    private static final AtomicInteger NEXT_ID = new AtomicInteger();
    private static volatile boolean storming;
    private static Thread storm;

    private StormHostMain()
    {
    }

    /**
     * @param args base, system, host index, machines per host, number of hosts.
     * @throws Exception on a broken pipe.
     */
    public static void main(final String[] args) throws Exception
    {
        final PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), true,
            StandardCharsets.US_ASCII);
        final int host = Integer.parseInt(args[2]);
        final int machines = Integer.parseInt(args[3]);
        final int hosts = Integer.parseInt(args[4]);
        final SystemClient client;
        try
        {
            // connects in flight when the Supervisor dies wait for the next one's answer (it may take seconds to start)
            client = ShmSystem.attach(Path.of(args[0]), args[1], new SystemOptions().controlTimeoutMs(20_000),
                SystemLog.to(System.err));
            for (int m = 0; m < machines; m++)
            {
                final String name = "H" + host + "M" + m;
                final StormHandler h = new StormHandler(name);
                client.ipl(MachineId.of(name), h);
                HANDLERS.put(name, h);
            }
        }
        catch (final IucvException ex)
        {
            out.println("ERR " + ex.code() + " " + enc(ex.getMessage()));
            System.exit(ex.code());
            return;
        }
        out.println("OK " + ProcessHandle.current().pid());
        final BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.US_ASCII));
        String line;
        while (null != (line = in.readLine()))
        {
            final String[] f = line.split(" ");
            if ("EXIT".equals(f[0]))
            {
                break;
            }
            try
            {
                out.println(execute(client, f, host, machines, hosts));
            }
            catch (final Throwable t)
            {
                out.println("ERR 1 " + enc(String.valueOf(t)));
            }
        }
        storming = false;
        client.close();
        System.exit(0);
    }

    private static String execute(final SystemClient client, final String[] f, final int host, final int machines,
        final int hosts) throws Exception
    {
        switch (f[0])
        {
            case "STORM":
            {
                final long seed = Long.parseLong(f[1]);
                storming = true;
                storm = new Thread(() -> storm(client, new Random(seed), host, machines, hosts), "storm");
                storm.start();
                return "OK";
            }
            case "QUIET":
                return "OK " + quiet();
            case "REPORT":
            {
                final Set<String> all = new TreeSet<>();
                HANDLERS.forEach((name, h) -> h.established.forEach((p, peer) -> all.add(name + ":" + p + ":" + peer)));
                return "OK " + String.join(" ", all);
            }
            case "PROBE":
            {
                int sent = 0;
                int failed = 0;
                for (final Map.Entry<String, StormHandler> e : HANDLERS.entrySet())
                {
                    for (final PathId p : new ArrayList<>(e.getValue().established.keySet()))
                    {
                        final byte[] b = ("P:" + p + ":" + e.getKey()).getBytes(StandardCharsets.US_ASCII);
                        final long rc = client.execute(MachineId.of(e.getKey()),
                            ctx -> ctx.iucvSend(p, new UnsafeBuffer(b), 0, b.length)).get(10, TimeUnit.SECONDS);
                        if (rc > 0)
                        {
                            sent++;
                        }
                        else
                        {
                            failed++;
                        }
                    }
                }
                return "OK " + sent + " " + failed;
            }
            case "RECEIVED":
            {
                final Set<String> all = new TreeSet<>();
                HANDLERS.forEach((name, h) -> h.probes.forEach(t -> all.add(t + "@" + name)));
                return "OK " + String.join(" ", all);
            }
            case "HOLD":
                HANDLERS.get(f[1]).holdPendingMs = Long.parseLong(f[2]);
                return "OK";
            case "CONNECT":
            {
                final int id = NEXT_ID.incrementAndGet();
                NAMED.put(id, client.connectAsync(MachineId.of(f[1]), MachineId.of(f[2]), null));
                return "OK " + id;
            }
            case "RESULT":
            {
                try
                {
                    return "OK " + NAMED.get(Integer.parseInt(f[1])).get(20, TimeUnit.SECONDS);
                }
                catch (final ExecutionException ex)
                {
                    final Throwable c = ex.getCause();
                    return c instanceof IucvException ? "ERR " + ((IucvException)c).code() + " " + enc(c.getMessage()) :
                        "ERR 1 " + enc(String.valueOf(c));
                }
            }
            default:
                throw new IllegalArgumentException("unknown command " + f[0]);
        }
    }

    private static void storm(final SystemClient client, final Random random, final int host, final int machines,
        final int hosts)
    {
        final List<String> local = new ArrayList<>(HANDLERS.keySet());
        local.sort(null);
        while (storming)
        {
            final String me = local.get(random.nextInt(local.size()));
            final StormHandler h = HANDLERS.get(me);
            final List<PathId> mine = new ArrayList<>(h.established.keySet());
            if (random.nextInt(100) < 55 && mine.size() < 6)
            {
                final String to = "H" + random.nextInt(hosts) + "M" + random.nextInt(machines);
                final CompletableFuture<PathId> f = client.connectAsync(MachineId.of(me), MachineId.of(to), null);
                synchronized (OUTSTANDING)
                {
                    OUTSTANDING.add(f);
                }
            }
            else if (!mine.isEmpty())
            {
                final PathId p = mine.get(random.nextInt(mine.size()));
                // the end that severs is not told (no onConnectionSevered), so it forgets the path itself
                client.execute(MachineId.of(me), ctx ->
                {
                    final int rc = ctx.severPath(p, UserData.EMPTY);
                    h.established.remove(p);
                    return rc;
                });
            }
            try
            {
                Thread.sleep(1 + random.nextInt(4));
            }
            catch (final InterruptedException ex)
            {
                return;
            }
        }
    }

    private static String quiet() throws InterruptedException
    {
        storming = false;
        if (null != storm)
        {
            storm.join(10_000);
            storm = null;
        }
        final Map<Integer, Integer> outcomes = new java.util.TreeMap<>();
        synchronized (OUTSTANDING)
        {
            for (final CompletableFuture<PathId> f : OUTSTANDING)
            {
                int rc;
                try
                {
                    f.get(15, TimeUnit.SECONDS);
                    rc = 0;
                }
                catch (final ExecutionException ex)
                {
                    rc = ex.getCause() instanceof IucvException ? ((IucvException)ex.getCause()).code() : -1;
                }
                catch (final java.util.concurrent.TimeoutException ex)
                {
                    rc = -2;
                }
                outcomes.merge(rc, 1, Integer::sum);
            }
            OUTSTANDING.clear();
        }
        return outcomes.toString().replace(" ", "");
    }

    static String enc(final String s)
    {
        return Base64.getEncoder().encodeToString(String.valueOf(s).getBytes(StandardCharsets.UTF_8));
    }

    /** Tracks what one machine believes. */
    private static final class StormHandler implements MachineHandler
    {
        final Map<PathId, String> established = new ConcurrentHashMap<>();
        final Set<String> probes = ConcurrentHashMap.newKeySet();
        private final String name;
        volatile long holdPendingMs;

        StormHandler(final String name)
        {
            this.name = name;
        }

        public void onSmsg(final MachineContext ctx, final MachineId from, final CharSequence text)
        {
        }

        public boolean onConnectionPending(final MachineContext ctx, final PendingConnection pending)
        {
            final long hold = holdPendingMs;
            if (hold > 0)
            {
                try
                {
                    Thread.sleep(hold);
                }
                catch (final InterruptedException ex)
                {
                    Thread.currentThread().interrupt();
                }
            }
            return true;
        }

        public void onConnectionComplete(final MachineContext ctx, final PathId path, final MachineId peer,
            final UserData userData)
        {
            established.put(path, peer.name());
        }

        public void onConnectionSevered(final MachineContext ctx, final PathId path, final UserData userData)
        {
            established.remove(path);
        }

        public void onIucvData(final MachineContext ctx, final IucvMessage message)
        {
            final String text = new String(message.toByteArray(), StandardCharsets.US_ASCII);
            if (text.startsWith("P:"))
            {
                probes.add(text);
            }
        }

        @Override
        public String toString()
        {
            return name;
        }
    }
}
