package org.vmiucv.bench.xproc;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.vmiucv.engine.ConnectOptions;
import org.vmiucv.engine.MachineId;
import org.vmiucv.engine.PathId;
import org.vmiucv.engine.system.SystemLog;
import org.vmiucv.engine.system.SystemOptions;
import org.vmiucv.xfl.transport.XflClient;
import org.vmiucv.xfl.transport.XflSupervisorMain;
import org.vmiucv.xfl.transport.XflSystem;

/**
 * Our engine over the XFL transport, measured as {@link ShmIucv} measures it over shm: an XFL relay Supervisor
 * process, the {@link XflIucvPeer} process (machine ECHO) and this process, which IPLs PING. A round trip is an
 * IUCV SEND on one path that ECHO sends back; PING drives the loop from its own callbacks and times it on the XFL
 * client's event loop thread. Every hop passes through the Supervisor (PING's SEND is an RPC in PING's session,
 * ECHO's callback a session with the peer process), so expect hundreds of microseconds. Round trips only, 1 KiB
 * at most (the XFL rows' sizes); no streaming.
 */
final class XflIucv implements Subject
{
    /** The largest payload measured. */
    static final int MAX_PAYLOAD = 1024;
    /** The name in tables and plots. */
    static final String NAME = "vm-iucv over XFL";
    private static final String SYSTEM = "XBENCH";
    private static final MachineId PING = MachineId.of("PING");
    private static final MachineId ECHO = MachineId.of("ECHO");

    private final List<Process> children = new ArrayList<>();
    private final XflClient client;
    private final PathId path;
    private final IucvPingHandler ping = new IucvPingHandler(PING);

    /**
     * @param parent where the system's base directory goes.
     * @throws Exception if the system cannot be set up within 30 s.
     */
    XflIucv(final Path parent) throws Exception
    {
        final Path base = parent.resolve("xfl-iucv");
        XflClient c = null;
        try
        {
            children.add(Spin.start(XflSupervisorMain.class, "--base", base.toString(), "--system", SYSTEM));
            c = SystemSubjects.attach(() -> XflSystem.attach(base, SYSTEM, new SystemOptions(), SystemLog.NONE));
            children.add(Spin.start(XflIucvPeer.class, base.toString(), SYSTEM));
            SystemSubjects.awaitMachines(c, ECHO);
            c.ipl(PING, ping);
            path = c.connect(PING, ECHO, ConnectOptions.msglim(64));
            client = c;
        }
        catch (final Exception | Error ex)
        {
            if (null != c)
            {
                c.close();
            }
            children.forEach(Spin::kill);
            throw ex;
        }
    }

    /** {@inheritDoc} */
    public String name()
    {
        return NAME;
    }

    /** {@inheritDoc} */
    public boolean pingPongs(final int payload)
    {
        return payload <= MAX_PAYLOAD;
    }

    /** {@inheritDoc} */
    public Rtt roundTrips(final int n, final int payload) throws Exception
    {
        return ping.run(client, path, n, payload);
    }

    /** {@inheritDoc} */
    public void close()
    {
        SystemSubjects.shutDown(client, children, "the XFL bench system");
    }

}
