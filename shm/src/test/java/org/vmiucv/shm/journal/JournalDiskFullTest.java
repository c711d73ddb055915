package org.vmiucv.shm.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.vmiucv.engine.testkit.CollectorHandle.Kind.COMPLETE;
import static org.vmiucv.engine.testkit.CollectorHandle.Kind.DATA;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.vmiucv.engine.IucvException;
import org.vmiucv.engine.PathId;
import org.vmiucv.engine.ReturnCode;
import org.vmiucv.engine.testkit.FileSystemFill;
import org.vmiucv.engine.testkit.TestMachine;
import org.vmiucv.engine.testkit.TmpfsMount;
import org.vmiucv.shm.testkit.ShmTestSystem;

/**
 * A real full file system under the journal: a small tmpfs filled up. The Supervisor refuses control operations
 * with RC 44, logs the cause once, keeps the data plane, and accepts again once space is freed.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class JournalDiskFullTest
{
    private static final Duration T = Duration.ofSeconds(10);

    @Test
    void fullFileSystemFailsClosedAndRecoversWhenSpaceIsFreed() throws Exception
    {
        final TmpfsMount tmpfs = TmpfsMount.mount("iucv-journal-tmpfs", "24m");
        final Path mount = tmpfs.path();
        ShmTestSystem sys = null;
        final Path filler = mount.resolve("filler");
        try
        {
            final ShmTestSystem s = new ShmTestSystem(mount.resolve("base"), 2, "--max-machines", "8",
                "--max-paths", "16", "--inbox-capacity", "65536");
            sys = s;
            final TestMachine a = sys.ipl("WRITER", 0);
            final TestMachine b = sys.ipl("READER", 1);
            final PathId path = sys.supervisor().connect(a.id(), b.id());
            a.events().await(COMPLETE, T);

            FileSystemFill.fillLeaving(filler, 64 << 10);
            Thread.sleep(100);
            final IucvException refused = assertThrows(IucvException.class, () -> s.supervisor().connect(b.id(), a.id()));
            assertEquals(ReturnCode.RESOURCES_EXHAUSTED, refused.returnCode());
            assertTrue(refused.getMessage().contains("journal cannot be written"), refused.getMessage());
            assertTrue(refused.getMessage().contains("no space left for the journal"), refused.getMessage());
            final IucvException again = assertThrows(IucvException.class, () -> s.ipl("LATE", 0));
            assertEquals(ReturnCode.RESOURCES_EXHAUSTED, again.returnCode());
            assertTrue(a.send(path, "disk full, data flows".getBytes()) > 0);
            assertEquals("disk full, data flows", new String(b.events().await(DATA, T).data()));
            assertEquals(2, sys.supervisor().queryNames().size());

            Files.delete(filler);
            Thread.sleep(ChronicleJournalStore.SPACE_CHECK_INTERVAL_NS / 1_000_000 + 50);
            final TestMachine late = sys.ipl("LATE", 0);
            final PathId back = sys.supervisor().connect(b.id(), late.id());
            late.events().awaitMatching(e -> e.kind() == COMPLETE && back.equals(e.path()), 1, T, "COMPLETE");
            final String log = Files.readString(sys.logFile());
            assertEquals(1, log.lines().filter(l -> l.contains("journal FAILED")).count(), log);
            assertTrue(log.contains("journal writable again"), log);
        }
        finally
        {
            Files.deleteIfExists(filler);
            if (null != sys)
            {
                sys.close();
            }
            tmpfs.close();
        }
    }
}
