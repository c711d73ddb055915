package org.vmiucv.bench;

import org.vmiucv.engine.ConnectOptions;
import org.vmiucv.engine.IucvException;
import org.vmiucv.engine.MachineHandler;
import org.vmiucv.engine.MachineId;
import org.vmiucv.engine.PathId;
import org.vmiucv.engine.Supervisor;
import org.vmiucv.engine.system.EmbeddedSystem;
import org.vmiucv.engine.system.SystemClient;
import org.vmiucv.engine.system.SystemOptions;

/**
 * An embedded system with busy-spinning agents (see {@link AgentIdle}), one sender machine and one receiver machine, placed on one host
 * thread or on two. Setup and teardown only: nothing here runs in the measured loop.
 */
final class EngineFixture implements AutoCloseable
{
    /** The sending machine. */
    static final MachineId SENDER = MachineId.of("SENDER");
    /** The receiving machine. */
    static final MachineId RECEIVER = MachineId.of("RECEIVER");
    /** How long the benchmark thread waits for one batch before declaring the exchange stalled. */
    static final long STALL_TIMEOUT_NS = 10_000_000_000L;

    private final EmbeddedSystem system;

    /**
     * Start the system and log both machines on.
     *
     * @param topology where the machines run.
     * @param idle     which agents busy-spin.
     * @param sender   the sender's handler.
     * @param receiver the receiver's handler.
     * @throws IucvException if a machine cannot be logged on.
     */
    EngineFixture(
        final Topology topology, final AgentIdle idle, final MachineHandler sender, final MachineHandler receiver)
        throws IucvException
    {
        system = EmbeddedSystem.start(new SystemOptions().idleStrategy(idle.supplier()));
        try
        {
            system.ipl(SENDER, sender);
            if (topology == Topology.TWO_HOSTS)
            {
                final SystemClient receiverHost = system.attachHost();
                receiverHost.ipl(RECEIVER, receiver);
            }
            else
            {
                system.ipl(RECEIVER, receiver);
            }
        }
        catch (final IucvException | RuntimeException ex)
        {
            system.close();
            throw ex;
        }
    }

    /**
     * @return the running system.
     */
    Supervisor supervisor()
    {
        return system;
    }

    /**
     * Connect the sender to the receiver.
     *
     * @param msglim the path's message limit.
     * @return the established path.
     * @throws IucvException if the CONNECT fails.
     */
    PathId connect(final int msglim) throws IucvException
    {
        return system.connect(SENDER, RECEIVER, ConnectOptions.msglim(msglim));
    }

    /** {@inheritDoc} */
    public void close()
    {
        system.close();
    }
}
