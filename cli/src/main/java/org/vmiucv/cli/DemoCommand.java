package org.vmiucv.cli;

import org.vmiucv.engine.Supervisor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.stream.Stream;

import org.agrona.concurrent.BusySpinIdleStrategy;
import org.vmiucv.engine.ConnectOptions;
import org.vmiucv.engine.IucvBuffer;
import org.vmiucv.engine.IucvException;
import org.vmiucv.engine.MachineContext;
import org.vmiucv.engine.MachineId;
import org.vmiucv.engine.MachineInfo;
import org.vmiucv.engine.PathId;
import org.vmiucv.engine.PathInfo;
import org.vmiucv.engine.ReturnCode;
import org.vmiucv.engine.SendResult;
import org.vmiucv.engine.SmsgText;
import org.vmiucv.engine.UserData;
import org.vmiucv.engine.layout.PathTable;
import org.vmiucv.engine.system.SystemClient;
import org.vmiucv.engine.system.SystemLog;
import org.vmiucv.engine.system.SystemOptions;
import org.vmiucv.shm.MappedNamespace;
import org.vmiucv.shm.ShmSystem;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code iucv demo}: a whole system in four processes (Supervisor, ECHO, GATE and this one hosting CLIENT and
 * MALLORY) walking through SMSG, a refused and an accepted CONNECT, one-way and two-way SEND, QUIESCE/RESUME,
 * SEVER with user data and a latency ping-pong; then SHUTDOWN, and nothing is left behind: no process, no file.
 */
@Command(name = "demo", description = "Run a whole system in 4 processes through every IUCV function, then clean up.")
final class DemoCommand implements Callable<Integer>
{
    private static final MachineId CLIENT = MachineId.of("CLIENT");
    private static final MachineId MALLORY = MachineId.of("MALLORY");
    private static final MachineId ECHO = MachineId.of("ECHO");
    private static final MachineId GATE = MachineId.of("GATE");
    private static final long STEP_TIMEOUT_MS = 5_000;
    private static final long START_TIMEOUT_MS = 30_000;
    private static final long EXIT_TIMEOUT_MS = 15_000;

    @ParentCommand
    Iucv root;

    @Option(names = "--system", paramLabel = "S",
        description = "system name (default DEMO<pid>, unique, so a running VM1 is never touched)")
    String system;

    @Option(names = "--round-trips", defaultValue = "20000", paramLabel = "N",
        description = "ping-pong round trips measured (default ${DEFAULT-VALUE}, or 5 s, whichever comes first)")
    int roundTrips;

    @Option(names = "--transport", defaultValue = "auto", paramLabel = "auto|shm|xfl",
        description = "transport of the demo system: shm, xfl, or auto (shm, else XFL) (default ${DEFAULT-VALUE})")
    SupervisorCommand.Transport transport;

    @Option(names = "--idle", defaultValue = "backoff", paramLabel = "backoff|spin",
        description = "idle strategy of ECHO and of this process (default ${DEFAULT-VALUE}; spin burns 2 cores)")
    IplCommand.Idle idle;

    private final long pid = ProcessHandle.current().pid();
    private SystemLog log;

    /** {@inheritDoc} */
    public Integer call() throws Exception
    {
        if (roundTrips < 1)
        {
            throw new UsageException("--round-trips must be at least 1");
        }
        final String name = null == system ? "DEMO" + pid : system;
        final SystemMixin sys = new SystemMixin();
        sys.system = name;
        final Path dir = sys.directory();
        final Path base = sys.base();
        if (Files.exists(dir))
        {
            throw new IucvException(ReturnCode.ALREADY_RUNNING, "system " + name + " exists already in " + base +
                "; pick another with --system");
        }
        final boolean baseExisted = Files.isDirectory(base);
        log = SystemLog.to(root.out);
        final Children children = new Children(root.out);
        final AtomicBoolean cleaned = new AtomicBoolean();
        final Thread hook = new Thread(() ->
        {
            if (cleaned.compareAndSet(false, true))
            {
                // interrupted (Ctrl-C, SIGTERM): no finally block runs, so clean up here
                final int killed = children.killAll();
                removeNamespace(base, name, baseExisted);
                say("interrupted: killed " + killed + " child process(es), removed system " + name);
            }
        }, "iucv-demo-cleanup");
        Runtime.getRuntime().addShutdownHook(hook);
        Supervisor client = null;
        int status = 0;
        try
        {
            say("demo: system " + name + " in " + dir + "; this process is the demo driver");
            final Process cp = children.start("supervisor", "supervisor", "--system", name, "--transport",
                transport.name());
            say("started Supervisor process pid=" + cp.pid());
            final SystemOptions options = new SystemOptions();
            if (idle == IplCommand.Idle.spin)
            {
                options.idleStrategy(BusySpinIdleStrategy::new);
            }
            client = attach(sys, dir, cp, options);
            final Process echo = children.start("ECHO", "ipl", "ECHO", "--handler", "echo", "--idle", idle.name(),
                "--system", name);
            final Process gate = children.start("GATE", "ipl", "GATE", "--handler", "log", "--allow", "CLIENT",
                "--system", name);
            say("started machine processes pid=" + echo.pid() + " (ECHO, handler echo) and pid=" + gate.pid() +
                " (GATE, handler log, accepts CONNECT only from CLIENT)");
            awaitMachines(client, children, List.of(ECHO, GATE));
            final DemoMachine handler = new DemoMachine(log);
            client.ipl(CLIENT, handler);
            client.ipl(MALLORY, handler);
            tour(client, handler);
            step("SHUTDOWN: every machine is logged off, the Supervisor stops and removes the namespace");
            client.shutdown();
            handler.await("LOGOFF at CLIENT", e -> e.kind().equals("LOGOFF") && e.machine().equals(CLIENT),
                STEP_TIMEOUT_MS);
            client.close();
            client = null;
            if (!children.awaitExit(System.currentTimeMillis() + EXIT_TIMEOUT_MS))
            {
                throw new DemoFailure("child processes still running " + EXIT_TIMEOUT_MS + " ms after SHUTDOWN");
            }
            for (final Process p : children.processes())
            {
                say("child pid=" + p.pid() + " (" + children.label(p) + ") exited with status " + p.exitValue());
                if (p.exitValue() != 0)
                {
                    status = 16;
                }
            }
        }
        catch (final IucvException ex)
        {
            root.err.println("iucv demo: FAILED: " + ex.getMessage());
            status = ex.code();
        }
        catch (final DemoFailure ex)
        {
            root.err.println("iucv demo: FAILED: " + ex.getMessage());
            status = ReturnCode.DELIVERY_FAILED.code();
        }
        finally
        {
            if (null != client)
            {
                try
                {
                    client.shutdown(); // so the children end on their own
                }
                catch (final IucvException ignore)
                {
                    // already down
                }
                client.close();
                children.awaitExit(System.currentTimeMillis() + EXIT_TIMEOUT_MS);
            }
            if (cleaned.compareAndSet(false, true))
            {
                final int killed = children.killAll();
                if (killed > 0)
                {
                    say("killed " + killed + " child process(es) that did not end in time");
                    status = 0 == status ? 16 : status;
                }
                children.drain(2_000);
                printTrace(base, name);
                final boolean left = Files.exists(dir);
                removeNamespace(base, name, baseExisted);
                say("system " + name + (left ? " removed by the demo (the Supervisor had left it)" : " is gone") +
                    "; " + children.processes().size() + " child processes ended; demo " +
                    (0 == status ? "finished OK" : "FAILED with status " + status));
            }
            try
            {
                Runtime.getRuntime().removeShutdownHook(hook);
            }
            catch (final IllegalStateException ignore)
            {
                // already stopping
            }
        }
        return status;
    }

    private void tour(final Supervisor client, final DemoMachine handler) throws Exception
    {
        step("QUERY NAMES: four machines in three processes");
        QueryCommand.print(client.queryNames(), root);

        step("SMSG CLIENT -> ECHO");
        client.smsg(CLIENT, ECHO, SmsgText.of("hello ECHO"));
        say("CLIENT sent SMSG to ECHO: hello ECHO");
        handler.await("echoed SMSG at CLIENT", e -> e.kind().equals("SMSG") && e.machine().equals(CLIENT),
            STEP_TIMEOUT_MS);

        step("CONNECT MALLORY -> GATE (GATE accepts only CLIENT)");
        try
        {
            final PathId p = client.connect(MALLORY, GATE);
            throw new DemoFailure("GATE accepted MALLORY on path " + p);
        }
        catch (final IucvException ex)
        {
            if (ex.returnCode() != ReturnCode.CONNECTION_REFUSED)
            {
                throw ex;
            }
            say("CONNECT MALLORY -> GATE refused: " + ex.getMessage());
        }

        step("CONNECT CLIENT -> GATE");
        final PathId toGate = client.connect(CLIENT, GATE, ConnectOptions.userData(UserData.of("HELLO GATE")));
        say("path " + toGate + " established CLIENT -> GATE");
        handler.await("path complete at CLIENT", e -> e.kind().equals("COMPLETE") && toGate.equals(e.path()),
            STEP_TIMEOUT_MS);

        step("CONNECT CLIENT -> ECHO");
        final PathId toEcho = client.connect(CLIENT, ECHO, ConnectOptions.msglim(ConnectOptions.DEFAULT_MSGLIM));
        say("path " + toEcho + " established CLIENT -> ECHO msglim " + ConnectOptions.DEFAULT_MSGLIM);
        handler.await("path complete at CLIENT", e -> e.kind().equals("COMPLETE") && toEcho.equals(e.path()),
            STEP_TIMEOUT_MS);
        step("QUERY PATHS");
        QueryCommand.printPaths(client.queryPaths(), root);

        step("IUCV SEND one-way on path " + toEcho + " (ECHO sends it back)");
        final long oneWay = send(client, toEcho, "hello over IUCV", false);
        say("CLIENT sent one-way message " + oneWay + ": 'hello over IUCV'");
        handler.await("the one-way echo", e -> e.kind().equals("DATA") && e.text().equals("hello over IUCV"),
            STEP_TIMEOUT_MS);

        step("IUCV SEND two-way on path " + toEcho + " (ECHO answers with REPLY)");
        final long twoWay = send(client, toEcho, "what is IUCV?", true);
        say("CLIENT sent two-way message " + twoWay + ": 'what is IUCV?'");
        final DemoMachine.Event reply = handler.await("REPLY at CLIENT", e -> e.kind().equals("REPLY"),
            STEP_TIMEOUT_MS);
        say("REPLY received for message " + twoWay + ": '" + reply.text() + "'");

        quiesceAndResume(client, handler, toEcho);

        step("SEVER path " + toGate + " by CLIENT with user data 'GOODBYE' (GATE is told)");
        final int sever = execute(client, CLIENT, ctx -> ctx.severPath(toGate, UserData.of("GOODBYE")));
        if (sever != 0)
        {
            throw new DemoFailure("SEVER " + toGate + " returned " + sever);
        }
        awaitPath(client, toGate, p -> null == p, "path " + toGate + " to disappear");
        say("path " + toGate + " severed by CLIENT");

        pingPong(client, handler, toEcho);

        step("SEVER path " + toEcho + " through the CP with user data 'DONE' (both ends are told)");
        client.sever(toEcho, UserData.of("DONE"));
        handler.await("SEVERED at CLIENT", e -> e.kind().equals("SEVERED") && toEcho.equals(e.path()),
            STEP_TIMEOUT_MS);
        say("path " + toEcho + " severed");
    }

    private void quiesceAndResume(final Supervisor client, final DemoMachine handler, final PathId path)
        throws Exception
    {
        step("QUIESCE path " + path + " by CLIENT: ECHO is told, and its SEND fails with path quiesced");
        final int q = execute(client, CLIENT, ctx -> ctx.quiesce(path, UserData.of("HOLD")));
        if (q != 0)
        {
            throw new DemoFailure("QUIESCE " + path + " returned " + q);
        }
        awaitPath(client, path, p -> null != p && !p.quiesced().isEmpty(), "path " + path + " to be quiesced");
        say("path " + path + " quiesced by CLIENT (user data 'HOLD')");
        final long backBefore = sentBack(client, path);
        final String text = "sent while quiesced";
        final long id = send(client, path, text, false);
        say("CLIENT sent one-way message " + id + ": '" + text + "' (CLIENT may send; it is ECHO that may not)");
        Thread.sleep(300); // ECHO receives it and tries to send it back: the engine refuses with IUCV RC 2
        if (sentBack(client, path) != backBefore ||
            handler.seen(e -> e.kind().equals("DATA") && e.text().equals(text)))
        {
            throw new DemoFailure("ECHO could send on the quiesced path " + path);
        }
        say("ECHO received it, but nothing came back: messages ECHO -> CLIENT still " + backBefore +
            " (its SEND was refused with IUCV RC 2)");

        step("RESUME path " + path + " by CLIENT: ECHO sends the message it held");
        final int r = execute(client, CLIENT, ctx -> ctx.resume(path, UserData.of("GO")));
        if (r != 0)
        {
            throw new DemoFailure("RESUME " + path + " returned " + r);
        }
        handler.await("the held echo after RESUME", e -> e.kind().equals("DATA") && e.text().equals(text),
            STEP_TIMEOUT_MS);
        say("path " + path + " resumed; the held message arrived");
    }

    private void pingPong(final Supervisor client, final DemoMachine handler, final PathId path) throws Exception
    {
        final int warmUp = Math.min(2_000, roundTrips);
        step("IUCV ping-pong CLIENT <-> ECHO on path " + path + ": two-way SEND + REPLY, 32 bytes, " + warmUp +
            " warm-up, then " + roundTrips + " round trips or 5 s");
        final PingPong p = new PingPong(path, 32, warmUp, roundTrips, TimeUnit.SECONDS.toNanos(5));
        handler.pingPong(p);
        try
        {
            execute(client, CLIENT, p::start);
            final long[] rtt = p.await(30_000);
            if (rtt.length == 0)
            {
                throw new DemoFailure("ping-pong measured no round trip");
            }
            say(String.format(Locale.ROOT,
                "ping-pong latency: %d round trips in %.2f s, p50 %.1f us, p99 %.1f us, max %.1f us (idle %s)",
                rtt.length, p.elapsedNs() / 1e9, micros(rtt, 0.50), micros(rtt, 0.99), rtt[rtt.length - 1] / 1e3,
                idle));
        }
        finally
        {
            handler.pingPong(null);
        }
    }

    private static double micros(final long[] sorted, final double quantile)
    {
        final int i = (int)Math.min(sorted.length - 1, Math.max(0, Math.ceil(quantile * sorted.length) - 1));
        return sorted[i] / 1e3;
    }

    private long send(final Supervisor client, final PathId path, final String text, final boolean twoWay)
        throws Exception
    {
        final IucvBuffer buffer = IucvBuffer.ofText(text);
        final long id = execute(client, CLIENT, ctx -> twoWay ?
            ctx.iucvSendTwoWay(path, buffer.view(), 0, buffer.length(), TimeUnit.SECONDS.toNanos(5)) :
            ctx.iucvSend(path, buffer));
        if (id < 0)
        {
            throw new DemoFailure("SEND on path " + path + " failed: " + SendResult.describe(id));
        }
        return id;
    }

    private static <T> T execute(final Supervisor client, final MachineId machine,
        final Function<MachineContext, T> action) throws Exception
    {
        try
        {
            return client.execute(machine, action).get(STEP_TIMEOUT_MS, TimeUnit.MILLISECONDS);
        }
        catch (final ExecutionException ex)
        {
            if (ex.getCause() instanceof IucvException)
            {
                throw (IucvException)ex.getCause();
            }
            throw new DemoFailure("action on " + machine + " failed: " + ex.getCause());
        }
        catch (final TimeoutException ex)
        {
            throw new DemoFailure("action on " + machine + " did not run within " + STEP_TIMEOUT_MS + " ms");
        }
    }

    private static long sentBack(final Supervisor client, final PathId path) throws IucvException
    {
        return client.queryPaths().stream().filter(p -> p.path().equals(path)).findFirst()
            .map(PathInfo::sentBtoA).orElse(-1L);
    }

    private static void awaitPath(final Supervisor client, final PathId path,
        final java.util.function.Predicate<PathInfo> condition, final String what) throws Exception
    {
        final long deadline = System.currentTimeMillis() + STEP_TIMEOUT_MS;
        while (true)
        {
            final PathInfo info = client.queryPaths().stream().filter(p -> p.path().equals(path)).findFirst()
                .orElse(null);
            if (condition.test(info))
            {
                return;
            }
            if (System.currentTimeMillis() > deadline)
            {
                throw new DemoFailure("timed out waiting for " + what);
            }
            Thread.sleep(2);
        }
    }

    private Supervisor attach(final SystemMixin sys, final Path dir, final Process cp,
        final SystemOptions options) throws Exception
    {
        final long deadline = System.currentTimeMillis() + START_TIMEOUT_MS;
        while (true)
        {
            if (!cp.isAlive())
            {
                throw new DemoFailure("the Supervisor process exited with status " + cp.exitValue());
            }
            if (Files.exists(dir.resolve(org.vmiucv.engine.system.RingFiles.TABLES)) || null != sys.xflDirectory())
            {
                try
                {
                    final Supervisor client = sys.attach(options, log);
                    say("attached to system " + sys.system + (null != sys.xflDirectory() ? " over XFL" : " over shm"));
                    return client;
                }
                catch (final IucvException ex)
                {
                    if (ex.returnCode() != ReturnCode.SUPERVISOR_DOWN || System.currentTimeMillis() > deadline)
                    {
                        throw ex;
                    }
                }
            }
            if (System.currentTimeMillis() > deadline)
            {
                throw new DemoFailure("the Supervisor did not come up within " + START_TIMEOUT_MS + " ms");
            }
            Thread.sleep(20);
        }
    }

    private void awaitMachines(final Supervisor client, final Children children, final List<MachineId> names)
        throws Exception
    {
        final long deadline = System.currentTimeMillis() + START_TIMEOUT_MS;
        while (true)
        {
            final List<MachineId> up = client.queryNames().stream().map(MachineInfo::name).toList();
            if (up.containsAll(names))
            {
                return;
            }
            for (final Process p : children.processes())
            {
                if (!p.isAlive())
                {
                    throw new DemoFailure("child pid=" + p.pid() + " (" + children.label(p) +
                        ") exited with status " + p.exitValue() + " before the demo began");
                }
            }
            if (System.currentTimeMillis() > deadline)
            {
                throw new DemoFailure("machines " + names + " were not logged on within " + START_TIMEOUT_MS +
                    " ms (logged on: " + up + ")");
            }
            Thread.sleep(20);
        }
    }

    private static void removeNamespace(final Path base, final String name, final boolean baseExisted)
    {
        try
        {
            if (Files.isDirectory(base.resolve(name)))
            {
                final MappedNamespace ns = MappedNamespace.open(base, name);
                ns.deleteAll();
                ns.close();
            }
            deleteLockFile(base, name);
            if (!baseExisted && Files.isDirectory(base))
            {
                try (Stream<Path> entries = Files.list(base))
                {
                    if (entries.findAny().isEmpty())
                    {
                        Files.delete(base); // the demo made it; leave nothing
                    }
                }
            }
        }
        catch (final IOException | RuntimeException ex)
        {
            System.err.println("iucv demo: could not remove " + base.resolve(name) + ": " + ex.getMessage());
        }
    }

    /** The demo's system is down and its name used once: its lock file goes too, under the lock. */
    private static void deleteLockFile(final Path base, final String name)
    {
        try (org.vmiucv.engine.system.SystemLock lock = org.vmiucv.engine.system.SystemLock.acquire(base, name, "demo"))
        {
            Files.deleteIfExists(lock.file());
        }
        catch (final org.vmiucv.engine.IucvException | IOException ex)
        {
            System.err.println("iucv demo: could not remove the lock file of " + name + ": " + ex.getMessage());
        }
    }

    /**
     * Show this run's journal as {@code iucv trace} prints it, before the demo removes the namespace.
     */
    private void printTrace(final Path base, final String name)
    {
        if (!Files.isDirectory(base.resolve(name).resolve("journal")))
        {
            return;
        }
        step("CP TRACE of this run (what iucv trace --system " + name + " prints)");
        final java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        final java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        final int rc = org.vmiucv.shm.journal.TraceMain.run(
            new String[] {"--base", base.toString(), "--system", name},
            new java.io.PrintStream(out, true, java.nio.charset.StandardCharsets.UTF_8),
            new java.io.PrintStream(err, true, java.nio.charset.StandardCharsets.UTF_8));
        for (final String line : out.toString(java.nio.charset.StandardCharsets.UTF_8).split("\n"))
        {
            if (!line.isBlank())
            {
                say("trace " + line);
            }
        }
        if (rc != 0)
        {
            say("iucv trace ended with RC " + rc + ": " + err.toString(java.nio.charset.StandardCharsets.UTF_8).trim());
        }
    }

    private void step(final String what)
    {
        say("== " + what);
    }

    private void say(final String line)
    {
        log.log(line);
    }
}
