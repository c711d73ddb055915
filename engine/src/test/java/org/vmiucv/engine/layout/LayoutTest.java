package org.vmiucv.engine.layout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.vmiucv.engine.UserData;

class LayoutTest
{
    @Test
    void fileHeaderIsValidOnlyAfterTheVersionIsWritten()
    {
        final UnsafeBuffer b = new UnsafeBuffer(ByteBuffer.allocateDirect(256));
        b.putLong(FileHeaderDescriptor.MAGIC_OFFSET, FileHeaderDescriptor.RING_MAGIC);
        assertTrue(FileHeaderDescriptor.problem(b, FileHeaderDescriptor.RING_MAGIC, "x.ring").contains("not initialised"));
        FileHeaderDescriptor.write(b, FileHeaderDescriptor.RING_MAGIC, 42, 1000);
        assertNull(FileHeaderDescriptor.problem(b, FileHeaderDescriptor.RING_MAGIC, "x.ring"));
        assertEquals(42, FileHeaderDescriptor.pid(b));
        assertEquals(1000, FileHeaderDescriptor.startTimestampMs(b));
    }

    @Test
    void foreignMagicWrongVersionAndShortFilesAreNamed()
    {
        final UnsafeBuffer b = new UnsafeBuffer(ByteBuffer.allocateDirect(256));
        b.putStringWithoutLengthAscii(0, "GARBAGE!");
        final String foreign = FileHeaderDescriptor.problem(b, FileHeaderDescriptor.TABLES_MAGIC, "system.tables");
        assertTrue(foreign.startsWith("system.tables has magic 'GARBAGE!'"), foreign);
        assertTrue(foreign.contains("foreign or corrupt"), foreign);
        FileHeaderDescriptor.write(b, FileHeaderDescriptor.TABLES_MAGIC, 1, 1);
        b.putInt(FileHeaderDescriptor.VERSION_OFFSET, 99);
        assertTrue(FileHeaderDescriptor.problem(b, FileHeaderDescriptor.TABLES_MAGIC, "t").contains("layout version 99"));
        final String shortFile = FileHeaderDescriptor.problem(new UnsafeBuffer(new byte[8]), 1, "tiny");
        assertTrue(shortFile.contains("shorter than the 128-byte header"), shortFile);
    }

    @Test
    void frameHeaderRoundTrips()
    {
        final UnsafeBuffer b = new UnsafeBuffer(new byte[64]);
        final FrameFlyweight f = new FrameFlyweight().wrap(b, 8);
        f.put(7, FrameDescriptor.FLAG_TWO_WAY, 0x0000_0003_0000_0002L, 99);
        assertEquals(7, f.sourceSlot());
        assertEquals(FrameDescriptor.FLAG_TWO_WAY, f.flags());
        assertEquals(0x0000_0003_0000_0002L, f.path());
        assertEquals(99, f.messageId());
        assertEquals(8 + FrameDescriptor.HEADER_LENGTH, f.payloadOffset());
    }

    @Test
    void controlPayloadRoundTripsWithText()
    {
        final UnsafeBuffer b = new UnsafeBuffer(new byte[512]);
        final ControlFlyweight c = new ControlFlyweight().wrapForEncode(b, 0);
        c.userData(UserData.of("ud")).name(5).msglim(9).rc(40).clientSlot(2).auxInt(3).auxLong(4).text("why");
        final ControlFlyweight r = new ControlFlyweight().wrap(b, 0, c.length());
        assertTrue(r.isComplete());
        assertEquals("ud", r.userData().asText());
        assertEquals(5, r.name());
        assertEquals(9, r.msglim());
        assertEquals(40, r.rc());
        assertEquals(2, r.clientSlot());
        assertEquals(3, r.auxInt());
        assertEquals(4, r.auxLong());
        assertEquals("why", r.text());
    }

    @Test
    void tableSizesAreValidatedAndCacheAligned()
    {
        final int len = SystemTablesDescriptor.computeLength(2, 3, 4);
        assertEquals(SystemTablesDescriptor.pathTableOffset(2, 3) + 4 * SystemTablesDescriptor.PATH_ENTRY_LENGTH, len);
        assertEquals(640, SystemTablesDescriptor.PATH_ENTRY_LENGTH);
        assertEquals(0, SystemTablesDescriptor.pathTableOffset(2, 3) % 64);
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
            () -> SystemTablesDescriptor.computeLength(0, 1, 1));
        assertTrue(ex.getMessage().startsWith("maxClients = 0"), ex.getMessage());
    }

    @Test
    void pathCountersSitOnTheirOwnCacheLines()
    {
        final int len = SystemTablesDescriptor.computeLength(1, 2, 2);
        final UnsafeBuffer b = new UnsafeBuffer(ByteBuffer.allocateDirect(len));
        SystemTables.initialise(b, 1, 2, 2, 1 << 20, 1 << 20, 1000, 1, 1);
        final SystemTables t = new SystemTables(b);
        final PathTable p = t.paths();
        final int gen = p.allocate(1, 0, 1, 1, 1, 10, UserData.of("x"));
        assertEquals(1, gen);
        p.sent(1, false, 5);
        p.received(1, false, 3);
        p.sent(1, true, 7);
        assertEquals(5, p.sent(1, false));
        assertEquals(3, p.received(1, false));
        assertEquals(7, p.sent(1, true));
        assertEquals(0, p.received(1, true));
        p.free(1);
        assertEquals(2, p.allocate(1, 0, 1, 1, 1, 10, UserData.EMPTY), "a reused slot gets a new generation");
        assertEquals(0, p.sent(1, false), "counters reset on allocation");
        assertNull(SystemTables.sizeProblem(b, "t"));
    }
}
