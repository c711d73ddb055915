package org.vmiucv.shm.testkit;

import java.nio.file.Path;

import org.agrona.concurrent.ringbuffer.ManyToOneRingBuffer;
import org.vmiucv.engine.MachineId;
import org.vmiucv.engine.layout.FrameType;
import org.vmiucv.engine.layout.MachineDirectory;
import org.vmiucv.engine.system.RingFiles;
import org.vmiucv.engine.system.SystemClient;
import org.vmiucv.engine.system.SystemLog;
import org.vmiucv.engine.system.SystemOptions;
import org.vmiucv.shm.MappedNamespace;
import org.vmiucv.shm.ShmSystem;

/**
 * A process that attaches to a system, claims space in a machine's inbox and dies before committing, as a
 * process killed mid-write would. Args: base, system, machine name.
 */
public final class ClaimAndDieMain
{
    private ClaimAndDieMain()
    {
    }

    /**
     * @param args base directory, system name, machine name.
     * @throws Exception on failure.
     */
    public static void main(final String[] args) throws Exception
    {
        final SystemClient client = ShmSystem.attach(Path.of(args[0]), args[1], new SystemOptions(), SystemLog.NONE);
        final MachineDirectory d = client.tables().machines();
        final long packed = MachineId.of(args[2]).packed();
        int slot = -1;
        for (int m = 0; m < d.capacity(); m++)
        {
            if (d.name(m) == packed && d.state(m) == MachineDirectory.ACTIVE)
            {
                slot = m;
            }
        }
        final MappedNamespace ns = MappedNamespace.open(Path.of(args[0]), args[1]);
        final ManyToOneRingBuffer inbox = RingFiles.open(ns, RingFiles.inbox(args[2], d.generation(slot)));
        final int index = inbox.tryClaim(FrameType.SMSG, 64);
        System.out.println("CLAIMED " + index);
        System.out.flush();
        Runtime.getRuntime().halt(9);
    }
}
