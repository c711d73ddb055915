package org.vmiucv.shm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.vmiucv.engine.IucvException;
import org.vmiucv.engine.MachineId;
import org.vmiucv.engine.ReturnCode;
import org.vmiucv.engine.SmsgText;
import org.vmiucv.engine.testkit.CollectorHandle;
import org.vmiucv.engine.testkit.TestMachine;
import org.vmiucv.engine.testkit.TmpfsMount;
import org.vmiucv.shm.testkit.ShmTestSystem;

/**
 * IPL when the namespace's file system is full: a clear refusal (44) naming the inbox, nothing half-made, and the
 * space comes back at logoff. Runs on a 4 MiB tmpfs mounted for the test.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class ShmSpaceTest
{
    @Test
    void iplOnAFullFileSystemIsRefusedAndRecoversAfterLogoff() throws Exception
    {
        final TmpfsMount tmpfs = TmpfsMount.mount("iucv-tiny-tmpfs", "4m");
        final Path mount = tmpfs.path();
        ShmTestSystem sys = null;
        try
        {
            sys = new ShmTestSystem(mount.resolve("base"), 1, "--max-machines", "16", "--max-paths", "16");
            final List<TestMachine> ok = new ArrayList<>();
            IucvException refused = null;
            for (int i = 0; i < 8 && null == refused; i++)
            {
                try
                {
                    ok.add(sys.ipl("FILL" + i, 0));
                }
                catch (final IucvException ex)
                {
                    refused = ex;
                }
            }
            assertTrue(null != refused, "a 4 MiB file system cannot hold 8 inboxes of 1 MiB");
            assertEquals(ReturnCode.RESOURCES_EXHAUSTED, refused.returnCode());
            assertTrue(refused.getMessage().contains("cannot create the inbox of FILL" + ok.size()), refused.getMessage());
            assertTrue(refused.getMessage().contains("no space left"), refused.getMessage());
            assertEquals(ok.size(), sys.supervisor().queryNames().size(), "nothing half-made");

            sys.supervisor().logoff(ok.get(0).id());
            final TestMachine again = sys.ipl("AGAIN", 0);
            sys.supervisor().smsg(MachineId.of("OP"), again.id(), SmsgText.of("room again"));
            assertEquals("room again", again.events().await(CollectorHandle.Kind.SMSG, Duration.ofSeconds(10)).text());
        }
        finally
        {
            if (null != sys)
            {
                sys.close();
            }
            tmpfs.close();
        }
    }
}
