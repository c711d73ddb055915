package org.vmiucv.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.vmiucv.engine.testkit.FileSystemFill;
import org.vmiucv.engine.testkit.TmpfsMount;

/**
 * README, RC 44 through the command, on a small tmpfs as {@code IUCV_DIR} (skipped only where mounting is not
 * permitted): a journal that cannot be written refuses CONNECT with RC 44 naming the journal and accepts again once
 * space is freed; {@code iucv ipl} on a full file system exits 44 with DMSIUC044E instead of crashing later.
 */
class DiskFullCommandTest
{
    /** Less than the journal's 256 KiB minimum, more than a command's client ring needs. */
    private static final long LEAVE_FOR_THE_CLIENT_RING = 160 << 10;
    /** A process's client ring file (256 KiB ring and its trailer) as {@code iucv ipl} makes it. */
    private static final long CLIENT_RING_BYTES = 263040;
    private static final int INBOX_CAPACITY = 1 << 20;

    @Test
    void connectExits44NamingTheJournalWhileItsDiskIsFullAndWorksOnceSpaceIsFreed() throws Exception
    {
        try (TmpfsMount tmpfs = TmpfsMount.mount("iucvjfull", "48m");
            CliSystem sys = new CliSystem("JF", Files.createDirectory(tmpfs.path().resolve("base"))))
        {
            sys.startSupervisor("--max-clients", "16", "--max-machines", "64", "--max-paths", "64",
                "--inbox-capacity", "65536");
            sys.ipl("A", "log");
            sys.ipl("B", "log");
            // the client rings of this JVM's attaches (awaiting A and B) go once the CP has seen them detach:
            // fill only then, or their space comes back under the journal after the fill
            awaitClientRings(sys.base.resolve(sys.system), 2);
            final Path filler = tmpfs.path().resolve("filler");
            FileSystemFill.fillLeaving(filler, LEAVE_FOR_THE_CLIENT_RING);
            Thread.sleep(200); // past the journal's space check interval (50 ms)
            final CliProcess.Result full = sys.iucv("connect", "B", "A");
            assertEquals(44, full.status(), full::toString);
            assertTrue(full.err().contains("DMSIUC044E") && full.err().contains("journal"), full::toString);
            assertFalse(full.err().contains("Exception in thread"), full::toString);
            System.out.println("connect with the journal full: " + full.err().strip());

            Files.delete(filler);
            final long deadline = System.currentTimeMillis() + 20_000;
            CliProcess.Result again = sys.iucv("connect", "B", "A");
            while (again.status() == 44 && System.currentTimeMillis() < deadline)
            {
                Thread.sleep(200);
                again = sys.iucv("connect", "B", "A");
            }
            final CliProcess.Result last = again;
            assertEquals(0, last.status(), () -> "CONNECT after the space was freed: " + last);
        }
    }

    @Test
    void iplOnAFullFileSystemExits44() throws Exception
    {
        try (TmpfsMount tmpfs = TmpfsMount.mount("iucvshmfull", "48m");
            CliSystem sys = new CliSystem("SF", Files.createDirectory(tmpfs.path().resolve("base"))))
        {
            sys.startSupervisor("--max-clients", "16", "--max-machines", "64", "--max-paths", "64",
                "--inbox-capacity", Integer.toString(INBOX_CAPACITY));
            awaitClientRings(sys.base.resolve(sys.system), 0); // see above: no space may come back after the fill
            final Path filler = tmpfs.path().resolve("filler");
            fill(filler);
            final CliProcess.Result ipl = ipl(sys, "C");
            System.out.println("ipl on a full tmpfs: " + ipl.err().strip());

            // room for the process's client ring and the journal's minimum, not for the 1 MiB inbox
            Files.delete(filler);
            FileSystemFill.fillLeaving(filler, CLIENT_RING_BYTES + (512 << 10));
            final CliProcess.Result inbox = ipl(sys, "D");
            assertTrue(inbox.err().contains("inbox"), () -> "the refusal names the inbox: " + inbox);
            System.out.println("ipl with no room for its inbox: " + inbox.err().strip());

            final CliProcess.Result names = sys.iucv("query", "names");
            assertEquals(0, names.status(), names::toString);
            assertFalse(names.out().contains("C ") || names.out().contains("D "), names::toString);
            final CliProcess.Result down = sys.iucv("shutdown");
            assertEquals(0, down.status(), down::toString);
            assertTrue(sys.supervisor.process().waitFor(20, TimeUnit.SECONDS), "CP still running");
        }
    }

    /** {@code iucv ipl name} must be refused with RC 44, cleanly, and leave the Supervisor running. */
    private static CliProcess.Result ipl(final CliSystem sys, final String name) throws Exception
    {
        final CliProcess.Result ipl = CliProcess.run(sys.base, CliSystem.COMMAND_TIMEOUT_MS, "ipl", name,
            "--handler", "log", "--system", sys.system);
        assertEquals(44, ipl.status(), ipl::toString);
        assertTrue(ipl.err().contains("DMSIUC044E"), ipl::toString);
        assertFalse(ipl.err().contains("Exception in thread") || ipl.err().contains("SIGBUS"), ipl::toString);
        assertTrue(sys.supervisor.process().isAlive(), sys.supervisor::outSoFar);
        return ipl;
    }

    private static void awaitClientRings(final Path dir, final int count) throws Exception
    {
        final long deadline = System.currentTimeMillis() + 20_000;
        while (true)
        {
            final List<String> rings;
            try (Stream<Path> s = Files.list(dir))
            {
                rings = s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("client-")).toList();
            }
            if (rings.size() == count)
            {
                return;
            }
            if (System.currentTimeMillis() > deadline)
            {
                fail("expected " + count + " client rings in " + dir + ", found " + rings);
            }
            Thread.sleep(100);
        }
    }

    /** Write until the file system says it is full. */
    private static void fill(final Path file) throws IOException
    {
        final byte[] chunk = new byte[1 << 12];
        try (OutputStream out = Files.newOutputStream(file))
        {
            for (int i = 0; i < 1 << 20; i++)
            {
                out.write(chunk);
            }
            fail("the tmpfs never filled up");
        }
        catch (final IOException ex)
        {
            assertTrue(String.valueOf(ex.getMessage()).contains("No space left"), ex::toString);
        }
    }
}
