package org.vmiucv.engine.testkit;

import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.ManyToOneRingBuffer;
import org.vmiucv.engine.MachineId;
import org.vmiucv.engine.PathId;
import org.vmiucv.engine.layout.FrameDescriptor;
import org.vmiucv.engine.layout.FrameType;
import org.vmiucv.engine.layout.MachineDirectory;
import org.vmiucv.engine.system.Namespace;
import org.vmiucv.engine.system.RingFiles;

/**
 * Writes well-formed frames straight into a machine's inbox, as a buggy or stale process could: a real header
 * (source slot, flags, path, message id) and a payload, on whatever path the test names.
 */
public final class FrameForger
{
    private FrameForger()
    {
    }

    /**
     * Write one DATA frame.
     *
     * @param ns       the system's namespace.
     * @param machines its machine directory.
     * @param to       the machine whose inbox gets the frame.
     * @param as       the machine named as the source (its slot goes in the header).
     * @param path     the path in the header.
     * @param text     the payload.
     * @return whether the inbox took it.
     */
    public static boolean forgeData(final Namespace ns, final MachineDirectory machines, final MachineId to,
        final MachineId as, final PathId path, final String text)
    {
        final int target = slotOf(machines, to);
        final String name = RingFiles.inbox(to.name(), machines.generation(target));
        final ManyToOneRingBuffer inbox = RingFiles.open(ns, name);
        try
        {
            final byte[] payload = text.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            final UnsafeBuffer frame = new UnsafeBuffer(new byte[FrameDescriptor.HEADER_LENGTH + payload.length]);
            frame.putInt(FrameDescriptor.SOURCE_SLOT_OFFSET, slotOf(machines, as));
            frame.putInt(FrameDescriptor.FLAGS_OFFSET, 0);
            frame.putLong(FrameDescriptor.PATH_OFFSET, path.packed());
            frame.putLong(FrameDescriptor.MESSAGE_ID_OFFSET, 4242);
            frame.putBytes(FrameDescriptor.HEADER_LENGTH, payload);
            return inbox.write(FrameType.DATA, frame, 0, frame.capacity());
        }
        finally
        {
            ns.release(name);
        }
    }

    private static int slotOf(final MachineDirectory machines, final MachineId id)
    {
        for (int m = 0; m < machines.capacity(); m++)
        {
            if (machines.name(m) == id.packed() && machines.state(m) != MachineDirectory.FREE)
            {
                return m;
            }
        }
        throw new IllegalArgumentException(id + " is not logged on");
    }
}
