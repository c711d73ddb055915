package org.vmiucv.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.StandardOpenOption;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.vmiucv.engine.layout.SystemTablesDescriptor;
import org.vmiucv.engine.system.SystemOptions;

/**
 * Issue 10, bug 7, through the public command: {@code system.tables} damaged while the Supervisor runs. Readers
 * report the garbage (RC 24 naming the file and where) instead of throwing raw exceptions, the CP answers requests
 * that hit it instead of leaving them to time out, and {@code iucv shutdown} still stops the CP in time.
 */
class CorruptTablesTest
{
    private static final SystemOptions DEFAULTS = new SystemOptions();
    private static final long STOP_TIMEOUT_S = 25;

    @Test
    void machineNamesOverwritten() throws Exception
    {
        try (CliSystem sys = startWithAPath())
        {
            final int machines = SystemTablesDescriptor.machineTableOffset(DEFAULTS.maxClients());
            for (int slot = 0; slot < 2; slot++)
            {
                // NAME is 8 bytes into an entry; "!" is never in a machine name
                write(sys, machines + slot * SystemTablesDescriptor.MACHINE_ENTRY_LENGTH + 8,
                    "ab!cd!ef".getBytes(StandardCharsets.US_ASCII));
            }
            assertReported(sys.iucv("query", "names"), "machine slot 0 at offset " + (machines + 8));
            assertReported(sys.iucv("query", "paths"), "machine slot");
            assertReported(sys.iucv("stat", "--once"), "machine slot");
            assertClear(sys.iucv("sever", "0.1"));
            assertClear(sys.iucv("logoff", "ALICE"));
            assertShutdownStopsTheCp(sys);
        }
    }

    /**
     * Issue 10, F8: 480 random bytes over the machine entries of ALICE and BOB (offset 4352 with the default limits)
     * and over two free entries. A LOGOFF that touches a garbage entry is refused whole (RC 24, and the path is not
     * severed first), an SMSG to a machine the garbage hides says the tables are damaged instead of "not logged
     * on", and {@code iucv shutdown} does not wait out its timeouts for LOGOFFs that garbage entries cannot give.
     */
    @Test
    void machineEntriesScribbled() throws Exception
    {
        try (CliSystem sys = startWithAPath())
        {
            final int machines = SystemTablesDescriptor.machineTableOffset(DEFAULTS.maxClients());
            final byte[] garbage = new byte[480];
            final Random random = new Random(4352);
            random.nextBytes(garbage);
            write(sys, machines, garbage); // ALICE (slot 0) whole, BOB (slot 1) up to its counters
            random.nextBytes(garbage);
            write(sys, machines + 4 * SystemTablesDescriptor.MACHINE_ENTRY_LENGTH, garbage); // free slots 4 and 5
            assertReported(sys.iucv("query", "names"), "machine slot 0 at offset " + machines);

            assertReported(sys.iucv("logoff", "BOB"), "machine slot");
            assertFalse(sys.supervisor.outSoFar().contains("CP SEVER path 0.1"),
                "a refused LOGOFF must apply nothing, not sever the path first:\n" + sys.supervisor.outSoFar());
            assertReported(sys.iucv("sever", "0.1"), "machine slot");
            assertFalse(sys.supervisor.outSoFar().contains("CP SEVER path 0.1"), sys.supervisor::outSoFar);
            assertReported(sys.iucv("smsg", "X", "ALICE", "hello"), "machine slot 0 at offset");

            final CliProcess.Result down = assertShutdownStopsTheCp(sys);
            assertFalse(down.out().contains("sent SIGTERM") || down.out().contains("still stopping"),
                () -> "the CP must stop on its own, skipping the garbage entries: " + down + "\nCP output:\n" +
                    sys.supervisor.outSoFar());
            assertEquals(2, sys.supervisor.outSoFar().lines().filter(l -> l.contains("logged off without waiting for it")).count(),
                sys.supervisor::outSoFar);
        }
    }

    @Test
    void pathSlotIndicesOverwritten() throws Exception
    {
        try (CliSystem sys = startWithAPath())
        {
            final int paths = SystemTablesDescriptor.pathTableOffset(DEFAULTS.maxClients(), DEFAULTS.maxMachines());
            final ByteBuffer garbage = ByteBuffer.allocate(8).putInt(0x7ff0_0000).putInt(0x7ff0_0001);
            write(sys, paths + 8, garbage.array()); // END_A and END_B of path slot 0
            assertReported(sys.iucv("query", "paths"), "path slot 0 at offset " + (paths + 8));
            assertReported(sys.iucv("stat", "--once"), "path slot 0");
            assertClear(sys.iucv("sever", "0.1"));
            assertClear(sys.iucv("logoff", "ALICE"));
            assertClear(sys.iucv("logoff", "BOB"));
            assertShutdownStopsTheCp(sys);
            assertTrue(sys.supervisor.outSoFar().contains("CP could not apply SEVER: system.tables in "),
                sys.supervisor::outSoFar);
        }
    }

    @Test
    void headerZeroed() throws Exception
    {
        try (CliSystem sys = startWithAPath())
        {
            write(sys, 0, new byte[SystemTablesDescriptor.CLIENT_TABLE_OFFSET]);
            assertReported(sys.iucv("query", "names"), "system.tables has magic");
            assertReported(sys.iucv("stat", "--once"), "system.tables has magic");
            assertReported(sys.iucv("sever", "0.1"), "system.tables has magic");
            assertShutdownStopsTheCp(sys);
        }
    }

    @Test
    void controlRingUnusableShutdownSignalsTheSupervisor() throws Exception
    {
        try (CliSystem sys = startWithAPath())
        {
            try (FileChannel ch = FileChannel.open(sys.tables().resolveSibling("control.ring"), StandardOpenOption.WRITE))
            {
                ch.write(ByteBuffer.wrap(new byte[8]), 0); // the ring's magic
            }
            final CliProcess.Result names = sys.iucv("query", "names");
            assertEquals(0, names.status(), names::toString); // the tables are fine: query does not need the ring
            final CliProcess.Result down = assertShutdownStopsTheCp(sys);
            assertTrue(down.out().contains("the control ring is not usable") && down.out().contains("sent SIGTERM"),
                down::toString);
        }
    }

    private static CliSystem startWithAPath() throws Exception
    {
        final CliSystem sys = new CliSystem("CT");
        try
        {
            sys.startSupervisor();
            sys.ipl("ALICE", "echo");
            sys.ipl("BOB", "log");
            final CliProcess.Result c = sys.iucv("connect", "ALICE", "BOB");
            assertEquals(0, c.status(), c::toString);
            final Matcher m = Pattern.compile("path (\\d+\\.\\d+) established").matcher(c.err());
            assertTrue(m.find() && m.group(1).equals("0.1"), c::toString);
            return sys;
        }
        catch (final Exception | AssertionError ex)
        {
            sys.close();
            throw ex;
        }
    }

    private static void write(final CliSystem sys, final long offset, final byte[] bytes) throws Exception
    {
        try (FileChannel ch = FileChannel.open(sys.tables(), StandardOpenOption.WRITE))
        {
            ch.write(ByteBuffer.wrap(bytes), offset);
        }
    }

    /** RC 24 naming the file and where, no Java exception. */
    private static void assertReported(final CliProcess.Result r, final String where)
    {
        assertEquals(24, r.status(), r::toString);
        assertTrue(r.err().startsWith("DMSIUC024E") && r.err().contains("system.tables") && r.err().contains(where),
            r::toString);
        assertNoException(r);
    }

    /** A DMSIUC message or success, promptly: not a time-out (RC 32) and no Java exception. */
    private static void assertClear(final CliProcess.Result r)
    {
        assertNotEquals(1, r.status(), r::toString);
        assertNotEquals(32, r.status(), r::toString);
        assertTrue(0 == r.status() || r.err().startsWith("DMSIUC"), r::toString);
        assertNoException(r);
    }

    private static void assertNoException(final CliProcess.Result r)
    {
        assertFalse(r.err().contains("Exception") || r.out().contains("Exception") || r.err().contains("\tat "),
            r::toString);
    }

    private static CliProcess.Result assertShutdownStopsTheCp(final CliSystem sys) throws Exception
    {
        final long startMs = System.currentTimeMillis();
        final CliProcess.Result down = sys.iucv("shutdown");
        assertEquals(0, down.status(), down::toString);
        System.out.println("shutdown took " + (System.currentTimeMillis() - startMs) + " ms: " + down.out().strip());
        assertTrue(sys.supervisor.process().waitFor(STOP_TIMEOUT_S, TimeUnit.SECONDS),
            () -> "the CP still runs " + STOP_TIMEOUT_S + " s after: " + down + "\nCP output:\n" +
                sys.supervisor.outSoFar());
        final String cpLog = sys.supervisor.outSoFar();
        assertTrue(cpLog.lines().filter(l -> l.contains("could not apply") || l.contains("CP error")).count() < 20,
            "the CP must report the damage, not spin on it:\n" + cpLog);
        assertFalse(cpLog.contains("Exception"), "the CP says what is damaged, not which exception it met:\n" + cpLog);
        return down;
    }
}
