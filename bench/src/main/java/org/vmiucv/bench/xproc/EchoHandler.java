package org.vmiucv.bench.xproc;

import java.util.concurrent.CountDownLatch;

import org.vmiucv.engine.IucvMessage;
import org.vmiucv.engine.MachineContext;
import org.vmiucv.engine.MachineHandler;
import org.vmiucv.engine.MachineId;
import org.vmiucv.engine.SendResult;

/**
 * The ECHO machine of the peer processes: sends every IUCV message back on its path (retrying while the path is
 * back-pressured or at its message limit), and counts a latch down when logged off.
 */
final class EchoHandler implements MachineHandler
{
    private final CountDownLatch gone;

    /**
     * @param gone counted down at logoff.
     */
    EchoHandler(final CountDownLatch gone)
    {
        this.gone = gone;
    }

    /** {@inheritDoc} */
    public void onSmsg(final MachineContext ctx, final MachineId from, final CharSequence text)
    {
    }

    /** {@inheritDoc} */
    public void onIucvData(final MachineContext ctx, final IucvMessage m)
    {
        long r;
        do
        {
            r = ctx.iucvSend(m.path(), m.buffer(), m.offset(), m.length());
        }
        while (r == SendResult.BACK_PRESSURED || r == SendResult.MESSAGE_LIMIT_EXCEEDED);
    }

    /** {@inheritDoc} */
    public void onLogoff(final MachineContext ctx)
    {
        gone.countDown();
    }
}
