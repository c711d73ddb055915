package org.vmiucv.shm.journal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.vmiucv.engine.IucvException;
import org.vmiucv.engine.system.SystemClient;
import org.vmiucv.engine.system.SystemLog;
import org.vmiucv.engine.system.SystemOptions;
import org.vmiucv.shm.ShmSystem;
import org.vmiucv.shm.SupervisorMain;
import org.vmiucv.engine.testkit.ChildJvm;

/**
 * A Supervisor process, {@link StormHostMain} host processes and this JVM attached as a client, over a private
 * namespace under /dev/shm that is removed on close.
 */
final class StormCluster implements AutoCloseable
{
    private final Path base;
    private final String system;
    private final List<Host> hosts = new ArrayList<>();
    private final String[] supervisorArgs;
    private Process supervisor;
    private SystemClient client;

    StormCluster(final int hostCount, final int machinesPerHost, final String... supervisorArgs) throws Exception
    {
        this.base = Files.createTempDirectory(Path.of("/dev/shm"), "iucvstorm");
        this.supervisorArgs = supervisorArgs;
        this.system = "S" + Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xFFFFFFFL);
        try
        {
            startSupervisor();
            for (int h = 0; h < hostCount; h++)
            {
                hosts.add(new Host(ChildJvm.start(StormHostMain.class, base.toString(), system, Integer.toString(h),
                    Integer.toString(machinesPerHost), Integer.toString(hostCount))));
            }
            for (final Host h : hosts)
            {
                h.expectOk(h.next(60));
            }
        }
        catch (final Exception ex)
        {
            close();
            throw ex;
        }
    }

    void startSupervisor() throws Exception
    {
        final List<String> args = new ArrayList<>(List.of("--base", base.toString(), "--system", system));
        args.addAll(List.of(supervisorArgs));
        final Path logs = Path.of("target", "supervisor-logs");
        Files.createDirectories(logs);
        supervisor = new ProcessBuilder(ChildJvm.command(SupervisorMain.class, args.toArray(new String[0])))
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(logs.resolve(system + ".log").toFile())).start();
        final long deadline = System.currentTimeMillis() + 30_000;
        while (true)
        {
            try
            {
                if (null != client)
                {
                    client.close();
                }
                client = ShmSystem.attach(base, system, new SystemOptions(), SystemLog.NONE);
                return;
            }
            catch (final IucvException ex)
            {
                client = null;
                if (System.currentTimeMillis() > deadline || !supervisor.isAlive())
                {
                    throw new IllegalStateException("Supervisor did not start: " + ex.getMessage(), ex);
                }
                Thread.sleep(20);
            }
        }
    }

    void killSupervisor() throws InterruptedException
    {
        supervisor.destroyForcibly();
        supervisor.waitFor(10, TimeUnit.SECONDS);
    }

    SystemClient client()
    {
        return client;
    }

    Host host(final int i)
    {
        return hosts.get(i);
    }

    List<Host> hosts()
    {
        return hosts;
    }

    Path directory()
    {
        return base.resolve(system);
    }

    String system()
    {
        return system;
    }

    Path base()
    {
        return base;
    }

    Path logFile()
    {
        return Path.of("target", "supervisor-logs", system + ".log");
    }

    public void close()
    {
        for (final Host h : hosts)
        {
            ChildJvm.kill(h.process);
        }
        if (null != client)
        {
            client.close();
            client = null;
        }
        ChildJvm.kill(supervisor);
        if (Files.exists(base))
        {
            try (Stream<Path> s = Files.walk(base))
            {
                s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
            catch (final IOException ex)
            {
                throw new UncheckedIOException(ex);
            }
        }
    }

    /** One host process, driven line by line. */
    static final class Host
    {
        final Process process;
        private final OutputStream stdin;
        private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();

        Host(final Process process)
        {
            this.process = process;
            this.stdin = process.getOutputStream();
            final Thread reader = new Thread(() ->
            {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.US_ASCII)))
                {
                    String line;
                    while (null != (line = r.readLine()))
                    {
                        lines.add(line);
                    }
                }
                catch (final IOException ignore)
                {
                    // the process died
                }
                lines.add("ERR 1 " + Base64.getEncoder().encodeToString("host exited".getBytes()));
            }, "storm-host-" + process.pid());
            reader.setDaemon(true);
            reader.start();
        }

        String next(final int seconds) throws InterruptedException
        {
            final String line = lines.poll(seconds, TimeUnit.SECONDS);
            if (null == line)
            {
                throw new AssertionError("no answer from host pid " + process.pid() + " within " + seconds + " s");
            }
            return line;
        }

        /**
         * @param command a command line.
         * @return the answer line.
         */
        String call(final String command) throws Exception
        {
            stdin.write((command + "\n").getBytes(StandardCharsets.US_ASCII));
            stdin.flush();
            return next(60);
        }

        /**
         * @param command a command line.
         * @return what follows OK.
         */
        String ok(final String command) throws Exception
        {
            return expectOk(call(command));
        }

        String expectOk(final String line)
        {
            if (!line.startsWith("OK"))
            {
                throw new AssertionError("host pid " + process.pid() + " answered " + describe(line));
            }
            return line.length() > 3 ? line.substring(3) : "";
        }

        static String describe(final String line)
        {
            final String[] f = line.split(" ", 3);
            if ("ERR".equals(f[0]) && f.length == 3)
            {
                return "ERR " + f[1] + " " + new String(Base64.getDecoder().decode(f[2]), StandardCharsets.UTF_8);
            }
            return line;
        }
    }
}
