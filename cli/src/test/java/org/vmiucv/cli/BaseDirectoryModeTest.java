package org.vmiucv.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Supervisor never changes the mode of a base directory ({@code IUCV_DIR}) it did not create (issue 10, F6: it
 * chmod-ed a 0777 or 0755 base, even through a symbolic link, to 0700, so {@code IUCV_DIR=$HOME} would have locked
 * the home directory). A base others may write is refused with RC 24; one they may only read is used as it is.
 */
class BaseDirectoryModeTest
{
    private static final long TIMEOUT_MS = 60_000;

    private Path tmp;

    @BeforeEach
    void makeTmp() throws IOException
    {
        tmp = Files.createTempDirectory(Path.of("/dev/shm"), "h10base");
    }

    @AfterEach
    void cleanUp()
    {
        CliProcess.deleteTree(tmp);
    }

    @Test
    void aBaseOthersMayWriteIsRefusedWithRc24AndLeftAsItWas() throws Exception
    {
        final Path base = Files.createDirectory(tmp.resolve("wide"));
        Files.setPosixFilePermissions(base, PosixFilePermissions.fromString("rwxrwxrwx"));
        final CliProcess.Result r = CliProcess.run(base, TIMEOUT_MS, "supervisor", "--system", "WIDEBASE");
        assertEquals(24, r.status(), r::toString);
        assertTrue(r.err().contains("DMSIUC024E") && r.err().contains("has mode 0777, writable by others and not " +
            "sticky: refusing to use it as the vm-iucv base") && r.err().contains("set IUCV_DIR"), r::toString);
        assertEquals("rwxrwxrwx", mode(base), "the user's directory is not chmod-ed");
        assertFalse(Files.exists(base.resolve("WIDEBASE")), "nothing created in it");
    }

    @Test
    void aBaseOthersMayReadIsUsedAndNotChmodedEvenThroughALink() throws Exception
    {
        final Path real = Files.createDirectory(tmp.resolve("home"));
        Files.setPosixFilePermissions(real, PosixFilePermissions.fromString("rwxr-x---"));
        final Path link = Files.createSymbolicLink(tmp.resolve("link"), real);
        runsAndStops(link, "READBASE");
        assertEquals("rwxr-x---", mode(real), "followed through the link, still not chmod-ed");

        final Path open = Files.createDirectory(tmp.resolve("open"));
        Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rwxr-xr-x"));
        runsAndStops(open, "READBASE");
        assertEquals("rwxr-xr-x", mode(open));
        assertEquals("rwx------", mode(open.resolve("READBASE")), "the system directory inside is private");
    }

    @Test
    void aBaseVmIucvCreatesIsCreated0700() throws Exception
    {
        final Path base = tmp.resolve("new").resolve("base");
        runsAndStops(base, "NEWBASE");
        assertEquals("rwx------", mode(base));
        assertEquals("rwx------", mode(base.getParent()), "missing ancestors too");
    }

    private static void runsAndStops(final Path base, final String system) throws Exception
    {
        final CliProcess cp = CliProcess.start(base, "supervisor", "--system", system);
        try
        {
            final long deadline = System.currentTimeMillis() + TIMEOUT_MS;
            while (!cp.outSoFar().contains("CP ready"))
            {
                if (!cp.process().isAlive() || System.currentTimeMillis() > deadline)
                {
                    throw new AssertionError("no CP ready from pid " + cp.pid() + ":\n" + cp.outSoFar() +
                        (cp.process().isAlive() ? "" : cp.await(TIMEOUT_MS)));
                }
                Thread.sleep(50);
            }
            final CliProcess.Result down = CliProcess.run(base, TIMEOUT_MS, "shutdown", "--system", system);
            assertEquals(0, down.status(), down::toString);
            assertTrue(cp.process().waitFor(30, TimeUnit.SECONDS), cp::outSoFar);
        }
        finally
        {
            cp.kill();
        }
    }

    private static String mode(final Path p) throws IOException
    {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }
}
