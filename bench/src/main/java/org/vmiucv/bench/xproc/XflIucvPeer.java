package org.vmiucv.bench.xproc;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.vmiucv.engine.MachineId;
import org.vmiucv.engine.system.SystemLog;
import org.vmiucv.engine.system.SystemOptions;
import org.vmiucv.xfl.transport.XflClient;
import org.vmiucv.xfl.transport.XflSystem;

/**
 * The peer machine of the IUCV-over-XFL measurements ({@link XflIucv}), in its own process attached to an XFL
 * Supervisor: ECHO sends every IUCV message back on its path. Its handler runs on the XFL client's event loop, one
 * session with the Supervisor per callback. Runs until ECHO is logged off or the Supervisor has gone.
 * <p>
 * Usage: {@code XflIucvPeer BASE SYSTEM}.
 */
public final class XflIucvPeer
{
    private XflIucvPeer()
    {
    }

    /**
     * @param args base directory and system name of the XFL system.
     * @throws Exception on failure.
     */
    public static void main(final String[] args) throws Exception
    {
        final XflClient client = XflSystem.attach(Path.of(args[0]), args[1], new SystemOptions(), SystemLog.NONE);
        final CountDownLatch gone = new CountDownLatch(1);
        try
        {
            client.ipl(MachineId.of("ECHO"), new EchoHandler(gone));
            System.out.println("PEER READY");
            while (!gone.await(100, TimeUnit.MILLISECONDS) && null == client.supervisorProblem())
            {
                // a Supervisor that went away without logging ECHO off ends this process too
            }
        }
        finally
        {
            client.close();
        }
    }
}
