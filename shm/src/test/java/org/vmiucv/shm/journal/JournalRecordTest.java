package org.vmiucv.shm.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;

import org.junit.jupiter.api.Test;
import org.vmiucv.engine.MachineId;
import org.vmiucv.engine.PathId;
import org.vmiucv.engine.layout.FrameType;
import org.vmiucv.engine.system.SupervisorConductor;

/**
 * The record format (round trip, checksum, version), the replay's view of what was in flight, and
 * {@code --since} parsing.
 */
class JournalRecordTest
{
    private static byte[] copy(final JournalRecordFlyweight r)
    {
        final byte[] b = new byte[r.length()];
        System.arraycopy(r.bytes(), 0, b, 0, b.length);
        return b;
    }

    @Test
    void recordRoundTripsAndCorruptionIsDetected()
    {
        final JournalRecordFlyweight w = new JournalRecordFlyweight();
        w.reset(JournalRecordDescriptor.KIND_REQUEST, FrameType.CONNECT_REQ, 1234L).client(3).slot(-1).corr(77)
            .path(PathId.pack(5, 2)).name(MachineId.of("BOB").packed()).aux(MachineId.of("ALICE").packed())
            .msglim(10).text("hello").seal();
        final byte[] bytes = copy(w);
        final JournalRecordFlyweight r = new JournalRecordFlyweight();
        assertNull(r.load(bytes, bytes.length));
        assertEquals(1234L, r.timeMs());
        assertEquals(FrameType.CONNECT_REQ, r.type());
        assertEquals(3, r.client());
        assertEquals(77, r.corr());
        assertEquals("hello", r.text());
        assertEquals(MachineId.of("ALICE").packed(), r.aux());

        bytes[30] ^= 1;
        assertEquals("checksum mismatch", r.load(bytes, bytes.length));
        bytes[30] ^= 1;
        bytes[0] = 9;
        assertTrue(r.load(bytes, bytes.length).contains("record version 9"));
        assertTrue(r.load(bytes, 10).contains("record of 10 bytes"));
    }

    @Test
    void replayKnowsTheInitiatorOfAConnectInFlightAndForgetsWhatAStartSettled()
    {
        final JournalReplay replay = new JournalReplay();
        final JournalRecordFlyweight r = new JournalRecordFlyweight();
        final long alice = MachineId.of("ALICE").packed();
        final long bob = MachineId.of("BOB").packed();
        final long path = PathId.pack(4, 1);
        replay.onRecord(r.reset(JournalRecordDescriptor.KIND_REQUEST, FrameType.CONNECT_REQ, 1).client(2).corr(50)
            .aux(alice).name(bob).seal(), 1);
        replay.onRecord(r.reset(JournalRecordDescriptor.KIND_INTERRUPT, FrameType.PENDING, 2).corr(50).path(path)
            .machine(bob).name(alice).seal(), 2);
        assertEquals(1, replay.unansweredConnects().size());
        final SupervisorConductor.UnansweredConnect u = replay.unansweredConnects().get(0);
        assertEquals(2, u.client());
        assertEquals(50, u.corr());
        assertEquals(path, u.path());
        assertFalse(replay.completeRecorded(path, 1));
        replay.onRecord(r.reset(JournalRecordDescriptor.KIND_INTERRUPT, FrameType.COMPLETE, 3).path(path)
            .machine(bob).name(alice).seal(), 3);
        assertTrue(replay.completeRecorded(path, 1));
        assertFalse(replay.completeRecorded(path, 0));
        assertTrue(replay.completeRecorded(PathId.pack(9, 9), 0), "paths the journal never saw are left alone");
        replay.onRecord(r.reset(JournalRecordDescriptor.KIND_RESPONSE, FrameType.RESPONSE, 4).client(2).corr(50)
            .path(path).seal(), 4);
        assertTrue(replay.unansweredConnects().isEmpty());
        replay.onRecord(r.reset(JournalRecordDescriptor.KIND_REQUEST, FrameType.CONNECT_REQ, 5).client(2).corr(51)
            .aux(alice).name(bob).seal(), 5);
        replay.onRecord(r.reset(JournalRecordDescriptor.KIND_START, 0, 6).seal(), 6);
        assertTrue(replay.unansweredConnects().isEmpty());
        assertEquals(6, replay.records());
    }

    @Test
    void sinceAcceptsTimesDatesInstantsAndAges()
    {
        final long now = 1_800_000_000_000L;
        assertEquals(now - 15 * 60_000L, TraceMain.parseSince("15m", now));
        assertEquals(now - 2 * 3_600_000L, TraceMain.parseSince("2h", now));
        assertEquals(1_700_000_000_000L, TraceMain.parseSince("2023-11-14T22:13:20Z", now));
        final ZoneId zone = ZoneId.systemDefault();
        final LocalDate today = LocalDate.ofInstant(java.time.Instant.ofEpochMilli(now), zone);
        assertEquals(LocalTime.of(10, 15).atDate(today).atZone(zone).toInstant().toEpochMilli(),
            TraceMain.parseSince("10:15", now));
        assertThrows(IllegalArgumentException.class, () -> TraceMain.parseSince("yesterday", now));
    }
}
