package org.vmiucv.bench;

import java.util.function.Supplier;

import org.agrona.concurrent.BusySpinIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import org.vmiucv.engine.system.SystemOptions;

/**
 * Which agents of the embedded system busy-spin.
 * <p>
 * On a 2-vCPU machine a busy-spinning CP takes a whole core although it has no part in the data plane once a path
 * is established; with two busy-spinning hosts that is three spinners on two cores, and the operating system's
 * time slices, not the engine, set the figure. {@link #HOSTS_BUSY_SPIN} lets only the machine hosts spin.
 */
public enum AgentIdle
{
    /** Every agent, the CP included, busy-spins: {@code idleStrategy(BusySpinIdleStrategy::new)}. */
    ALL_BUSY_SPIN,

    /** The host agents busy-spin; the CP backs off ({@link SystemOptions#backoff()}). */
    HOSTS_BUSY_SPIN;

    /**
     * @return the supplier to hand to {@link SystemOptions#idleStrategy}.
     */
    Supplier<IdleStrategy> supplier()
    {
        return this == ALL_BUSY_SPIN ? BusySpinIdleStrategy::new : ByRole::new;
    }

    /**
     * Chooses its strategy on first use from the agent's role: Agrona's {@code AgentRunner} names its thread after
     * {@code Agent.roleName()}, which is {@code iucv-cp} for the CP and {@code iucv-host-N} for a host. This keeps
     * the choice independent of the order in which the engine creates its agents.
     */
    static final class ByRole implements IdleStrategy
    {
        private IdleStrategy delegate;

        private IdleStrategy delegate()
        {
            if (null == delegate)
            {
                delegate = Thread.currentThread().getName().startsWith("iucv-cp") ?
                    SystemOptions.backoff() : new BusySpinIdleStrategy();
            }
            return delegate;
        }

        /** {@inheritDoc} */
        public void idle(final int workCount)
        {
            delegate().idle(workCount);
        }

        /** {@inheritDoc} */
        public void idle()
        {
            delegate().idle();
        }

        /** {@inheritDoc} */
        public void reset()
        {
            delegate().reset();
        }

        /** {@inheritDoc} */
        public String alias()
        {
            return "by-role";
        }
    }
}
