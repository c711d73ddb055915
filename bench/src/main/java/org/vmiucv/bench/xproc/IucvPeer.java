package org.vmiucv.bench.xproc;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

import org.vmiucv.engine.MachineContext;
import org.vmiucv.engine.MachineHandler;
import org.vmiucv.engine.MachineId;
import org.vmiucv.engine.SendResult;
import org.vmiucv.engine.system.SystemClient;
import org.vmiucv.engine.system.SystemLog;
import org.vmiucv.engine.system.SystemOptions;
import org.vmiucv.shm.ShmSystem;

/**
 * The peer machine of the IUCV measurements, in its own process with a busy-spin host: ECHO sends every IUCV
 * message back on its path; SINK counts SMSGs. Runs until logged off.
 */
public final class IucvPeer
{
    private IucvPeer()
    {
    }

    /**
     * @param args base, system.
     * @throws Exception on failure.
     */
    public static void main(final String[] args) throws Exception
    {
        final SystemClient client = ShmSystem.attach(Path.of(args[0]), args[1],
            new SystemOptions().idleStrategy(Spin::idle), SystemLog.NONE);
        final CountDownLatch gone = new CountDownLatch(2);
        client.ipl(MachineId.of("ECHO"), new EchoHandler(gone));
        client.ipl(MachineId.of("SINK"), new MachineHandler()
        {
            public void onSmsg(final MachineContext ctx, final MachineId from, final CharSequence text)
            {
                if (text.length() == 3 && text.charAt(0) == 'E' && text.charAt(1) == 'N' && text.charAt(2) == 'D')
                {
                    while (ctx.trySendSmsg(from, "DONE") == SendResult.DROPPED)
                    {
                        Thread.onSpinWait();
                    }
                }
            }

            public void onLogoff(final MachineContext ctx)
            {
                gone.countDown();
            }
        });
        System.out.println("PEER READY");
        gone.await();
        client.close();
    }
}
