package org.vmiucv.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.vmiucv.engine.IucvException;
import org.vmiucv.engine.ReturnCode;
import org.vmiucv.engine.system.SystemClient;

/**
 * Issue 10, bug 8, through the public command: the Supervisor's limits are options, and {@code query}, {@code stat}
 * and {@code shutdown} neither take a client slot nor need free space.
 */
class LimitsTest
{
    private static final long STOP_TIMEOUT_S = 20;

    @Test
    void queryStatAndShutdownWorkWithEveryClientSlotTaken() throws Exception
    {
        final List<SystemClient> clients = new ArrayList<>();
        try (CliSystem sys = new CliSystem("LM"))
        {
            sys.startSupervisor("--max-clients", "4");
            sys.ipl("ECHO", "echo"); // holds one slot
            IucvException full = null;
            while (null == full && clients.size() < 10)
            {
                try
                {
                    clients.add(sys.attach());
                }
                catch (final IucvException ex)
                {
                    full = ex;
                }
            }
            assertTrue(null != full && full.returnCode() == ReturnCode.RESOURCES_EXHAUSTED,
                () -> "attached " + clients.size() + " clients to a system of 4 slots");
            assertEquals(3, clients.size(), "one slot is the ipl process's");

            final CliProcess.Result smsg = sys.iucv("smsg", "OPER", "ECHO", "hi");
            assertEquals(44, smsg.status(), "smsg attaches, so it meets the limit: " + smsg);

            final CliProcess.Result names = sys.iucv("query", "names");
            assertEquals(0, names.status(), names::toString);
            assertTrue(names.out().startsWith("ECHO "), names::toString);
            final CliProcess.Result paths = sys.iucv("query", "paths");
            assertEquals(0, paths.status(), paths::toString);
            assertTrue(paths.out().contains("no paths"), paths::toString);
            final CliProcess.Result stat = sys.iucv("stat", "--once");
            assertEquals(0, stat.status(), stat::toString);
            assertTrue(stat.out().contains("4 processes attached"), stat::toString);

            final CliProcess.Result down = sys.iucv("shutdown");
            assertEquals(0, down.status(), down::toString);
            assertTrue(down.out().contains("is down"), down::toString);
            assertFalse(down.out().contains("SIGTERM"), "the request alone stops it: " + down);
            assertTrue(sys.supervisor.process().waitFor(STOP_TIMEOUT_S, TimeUnit.SECONDS), "CP still running");
        }
        finally
        {
            clients.forEach(SystemClient::close);
        }
    }

    @Test
    void supervisorLimitsAreCheckedWithWhatIsAllowed() throws Exception
    {
        try (CliSystem sys = new CliSystem("LV"))
        {
            final CliProcess.Result r = CliProcess.run(sys.base, CliSystem.COMMAND_TIMEOUT_MS, "supervisor",
                "--system", sys.system, "--inbox-capacity", "1000");
            assertEquals(24, r.status(), r::toString);
            assertTrue(r.err().startsWith("DMSIUC024E") && r.err().contains("--inbox-capacity 1000") &&
                r.err().contains("power of two"), r::toString);
            final CliProcess.Result c = CliProcess.run(sys.base, CliSystem.COMMAND_TIMEOUT_MS, "supervisor",
                "--system", sys.system, "--max-clients", "0");
            assertEquals(24, c.status(), c::toString);
            assertTrue(c.err().contains("--max-clients = 0; 1 to 1048576 is allowed"), c::toString);
            final CliProcess.Result help = CliProcess.run(sys.base, CliSystem.COMMAND_TIMEOUT_MS, "supervisor",
                "--help");
            for (final String option : new String[] {"--max-clients", "--max-machines", "--max-paths",
                "--inbox-capacity", "--control-ring-capacity"})
            {
                assertTrue(help.out().contains(option), help::toString);
            }
        }
    }

    @Test
    void shutdownAndQueryWorkOnAFullFileSystem() throws Exception
    {
        final Path mnt = Files.createTempDirectory(Path.of("/tmp"), "iucvfull");
        mountTmpfs(mnt, 48 << 20);
        try (CliSystem sys = new CliSystem("FL", mnt))
        {
            sys.startSupervisor("--max-clients", "16", "--max-machines", "64", "--max-paths", "64",
                "--inbox-capacity", "65536");
            sys.ipl("ECHO", "echo");
            fill(mnt.resolve("filler"));
            final CliProcess.Result names = sys.iucv("query", "names");
            assertEquals(0, names.status(), names::toString);
            assertTrue(names.out().startsWith("ECHO "), names::toString);
            final CliProcess.Result down = sys.iucv("shutdown");
            assertEquals(0, down.status(), down::toString);
            assertTrue(down.out().contains("is down"), down::toString);
            assertFalse(down.out().contains("SIGTERM"), "the CP must accept a SHUTDOWN with its journal full: " + down);
            assertTrue(sys.supervisor.process().waitFor(STOP_TIMEOUT_S, TimeUnit.SECONDS), "CP still running");
        }
        finally
        {
            unmount(mnt);
            Files.deleteIfExists(mnt);
        }
    }

    /** Write until the file system says it is full. */
    private static void fill(final Path file) throws IOException
    {
        final byte[] chunk = new byte[1 << 16];
        try (OutputStream out = Files.newOutputStream(file))
        {
            for (int i = 0; i < 1 << 16; i++)
            {
                out.write(chunk);
            }
            fail("the tmpfs never filled up");
        }
        catch (final IOException ex)
        {
            assertTrue(String.valueOf(ex.getMessage()).contains("No space left"), ex::toString);
        }
        assertTrue(Files.getFileStore(file.getParent()).getUsableSpace() < (1 << 16), "not full");
    }

    private static void mountTmpfs(final Path mnt, final int bytes) throws Exception
    {
        final String[] result = run("mount", "-t", "tmpfs", "-o", "size=" + bytes + ",mode=0700", "tmpfs",
            mnt.toString());
        if (!"0".equals(result[0]))
        {
            final String out = result[1].toLowerCase(Locale.ROOT);
            Files.deleteIfExists(mnt);
            // skip only where mounting is not permitted; any other failure is a failure
            assumeFalse(out.contains("permission denied") || out.contains("operation not permitted") ||
                out.contains("only root") || out.contains("must be superuser"),
                () -> "cannot mount a tmpfs here: " + result[1].strip());
            fail("mount of a tmpfs on " + mnt + " failed (exit " + result[0] + "): " + result[1]);
        }
    }

    private static void unmount(final Path mnt) throws Exception
    {
        final String[] result = run("umount", mnt.toString());
        if (!"0".equals(result[0]))
        {
            run("umount", "-l", mnt.toString());
            fail("umount " + mnt + " failed (exit " + result[0] + "): " + result[1]);
        }
    }

    private static String[] run(final String... command) throws Exception
    {
        final Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        if (!p.waitFor(30, TimeUnit.SECONDS))
        {
            p.destroyForcibly();
            fail(String.join(" ", command) + " did not finish in 30 s");
        }
        return new String[] {Integer.toString(p.exitValue()),
            new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8)};
    }
}
