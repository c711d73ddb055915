package org.vmiucv.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import org.vmiucv.engine.IucvException;
import org.vmiucv.engine.MachineId;
import org.vmiucv.engine.MachineInfo;
import org.vmiucv.engine.system.SystemClient;
import org.vmiucv.engine.system.SystemLog;
import org.vmiucv.engine.system.SystemOptions;
import org.vmiucv.shm.ShmSystem;

/**
 * A system run through the public command for one test: a private {@code IUCV_DIR} under /dev/shm, a system name
 * of its own, {@code iucv supervisor} and {@code iucv ipl} as child JVMs; {@link #close} kills every process it
 * started (descendants first) and removes the directory.
 */
final class CliSystem implements AutoCloseable
{
    static final long COMMAND_TIMEOUT_MS = 30_000;

    final Path base;
    final String system;
    final List<CliProcess> started = new ArrayList<>();
    CliProcess supervisor;

    CliSystem(final String prefix) throws Exception
    {
        this(prefix, Files.createTempDirectory(Path.of("/dev/shm"), "iucvcli"));
    }

    /**
     * @param prefix of the system name.
     * @param base   IUCV_DIR, made by the caller (removed by {@link #close}).
     */
    CliSystem(final String prefix, final Path base)
    {
        this.base = base;
        system = prefix + Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xFFFFFFL).toUpperCase();
    }

    /**
     * Start {@code iucv supervisor} and wait until a client can attach.
     *
     * @param options extra supervisor options.
     * @return this.
     * @throws Exception if it does not come up within 30 s.
     */
    CliSystem startSupervisor(final String... options) throws Exception
    {
        final List<String> args = new ArrayList<>(List.of("supervisor", "--system", system));
        args.addAll(List.of(options));
        supervisor = start(args.toArray(String[]::new));
        awaitMachines();
        return this;
    }

    /**
     * @param name    the machine.
     * @param handler echo, log or a class.
     * @return the ipl process, once the machine is listed.
     * @throws Exception if it is not listed within 30 s.
     */
    CliProcess ipl(final String name, final String handler) throws Exception
    {
        final CliProcess p = start("ipl", name, "--handler", handler, "--system", system);
        awaitMachines(name.toUpperCase());
        return p;
    }

    CliProcess start(final String... args) throws Exception
    {
        final CliProcess p = CliProcess.start(base, args);
        started.add(p);
        return p;
    }

    /**
     * Run {@code iucv args --system S} to completion.
     *
     * @param args the command.
     * @return what it did.
     * @throws Exception on timeout.
     */
    CliProcess.Result iucv(final String... args) throws Exception
    {
        final String[] all = new String[args.length + 2];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = "--system";
        all[args.length + 1] = system;
        return CliProcess.run(base, COMMAND_TIMEOUT_MS, all);
    }

    SystemClient attach() throws IucvException
    {
        return ShmSystem.attach(base, system, new SystemOptions(), SystemLog.NONE);
    }

    Path tables()
    {
        return base.resolve(system).resolve("system.tables");
    }

    void awaitMachines(final String... names) throws Exception
    {
        final long deadline = System.currentTimeMillis() + 30_000;
        while (true)
        {
            if (Files.exists(tables()))
            {
                try (SystemClient c = attach())
                {
                    final List<String> up = c.queryNames().stream().map(MachineInfo::name).map(MachineId::name)
                        .toList();
                    if (up.containsAll(List.of(names)))
                    {
                        return;
                    }
                }
                catch (final IucvException ex)
                {
                    // not up yet
                }
            }
            if (System.currentTimeMillis() > deadline || !supervisor.process().isAlive())
            {
                final StringBuilder sb = new StringBuilder("system did not come up with " + List.of(names));
                for (final CliProcess p : started)
                {
                    sb.append("\n--- pid ").append(p.pid()).append(":\n").append(p.outSoFar());
                }
                throw new AssertionError(sb.toString());
            }
            Thread.sleep(50);
        }
    }

    /** Kills every process started here, newest first, and removes the directory. */
    public void close()
    {
        for (int i = started.size() - 1; i >= 0; i--)
        {
            started.get(i).kill();
        }
        CliProcess.deleteTree(base);
    }
}
