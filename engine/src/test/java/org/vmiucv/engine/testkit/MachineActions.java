package org.vmiucv.engine.testkit;

import org.agrona.concurrent.UnsafeBuffer;
import org.vmiucv.engine.MachineContext;
import org.vmiucv.engine.PathId;
import org.vmiucv.engine.SendResult;

/**
 * The data-plane actions of a {@link TestMachine}, run on the machine's thread with its context. Shared by every
 * transport's fixture (in process, and the child host processes of the cross-process transports).
 */
public final class MachineActions
{
    private MachineActions()
    {
    }

    /**
     * Send as many stream messages as possible without waiting.
     *
     * @param ctx   the machine's context.
     * @param path  path.
     * @param from  first sequence number.
     * @param count last sequence number, exclusive.
     * @param size  bytes each.
     * @return how many were sent, or a negative SendResult if the path failed before any was sent.
     */
    public static long streamBatch(final MachineContext ctx, final PathId path, final int from, final int count,
        final int size)
    {
        int sent = 0;
        for (int seq = from; seq < count; seq++)
        {
            final byte[] p = TestMachine.payload(seq, size);
            final long r = ctx.iucvSend(path, new UnsafeBuffer(p), 0, p.length);
            if (r > 0)
            {
                sent++;
                continue;
            }
            if (r == SendResult.BACK_PRESSURED || r == SendResult.MESSAGE_LIMIT_EXCEEDED ||
                r == SendResult.PATH_QUIESCED)
            {
                return sent;
            }
            return sent > 0 ? sent : r;
        }
        return sent;
    }

    /**
     * @param ctx    the machine's context.
     * @param to     target name.
     * @param prefix text prefix.
     * @param count  how many.
     * @return how many were accepted.
     */
    public static long smsgBurst(final MachineContext ctx, final String to, final String prefix, final int count)
    {
        long ok = 0;
        final org.vmiucv.engine.MachineId target = org.vmiucv.engine.MachineId.of(to);
        for (int i = 0; i < count; i++)
        {
            if (ctx.trySendSmsg(target, prefix + " " + i) == SendResult.OK)
            {
                ok++;
            }
        }
        return ok;
    }
}
