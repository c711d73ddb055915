package org.vmiucv.engine.system;

import java.util.function.Supplier;

import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;
import org.vmiucv.engine.layout.FrameDescriptor;

/**
 * Sizes, timeouts and the idle strategy of a system, with fluent setters. Defaults suit tests and a small
 * production system: a backing-off idle strategy, inboxes large enough for 65,535-byte messages.
 */
public final class SystemOptions
{
    /** Default inbox capacity: 1 MiB, the smallest power of two whose max message holds a 65,535-byte frame. */
    public static final int DEFAULT_INBOX_CAPACITY = 1 << 20;

    private int maxClients = 64;
    private int maxMachines = 4096;
    private int maxPaths = 16384;
    private int inboxCapacity = DEFAULT_INBOX_CAPACITY;
    private int controlRingCapacity = 1 << 20;
    private int clientRingCapacity = 1 << 18;
    private int heartbeatIntervalMs = 100;
    private int heartbeatTimeoutMs = 10_000;
    private int controlTimeoutMs = 5000;
    private Supplier<IdleStrategy> idleStrategy = SystemOptions::backoff;
    private boolean hostInvoker;

    /**
     * @return the default idle strategy: spin briefly, yield, then park up to 1 ms.
     */
    public static IdleStrategy backoff()
    {
        return new BackoffIdleStrategy(50, 10, 1_000, 1_000_000);
    }

    /**
     * @return client slots (processes attached at once).
     */
    public int maxClients()
    {
        return maxClients;
    }

    /**
     * @param n client slots.
     * @return this.
     */
    public SystemOptions maxClients(final int n)
    {
        maxClients = n;
        return this;
    }

    /**
     * @return machine slots.
     */
    public int maxMachines()
    {
        return maxMachines;
    }

    /**
     * @param n machine slots.
     * @return this.
     */
    public SystemOptions maxMachines(final int n)
    {
        maxMachines = n;
        return this;
    }

    /**
     * @return path slots.
     */
    public int maxPaths()
    {
        return maxPaths;
    }

    /**
     * @param n path slots.
     * @return this.
     */
    public SystemOptions maxPaths(final int n)
    {
        maxPaths = n;
        return this;
    }

    /**
     * @return inbox capacity in bytes.
     */
    public int inboxCapacity()
    {
        return inboxCapacity;
    }

    /**
     * @param bytes inbox capacity, a power of two; below 1 MiB the largest IUCV message shrinks to capacity / 8.
     * @return this.
     */
    public SystemOptions inboxCapacity(final int bytes)
    {
        RingFiles.fileLength(bytes);
        inboxCapacity = bytes;
        return this;
    }

    /**
     * @return largest frame an inbox of the configured capacity accepts.
     */
    public int maxFrameLength()
    {
        return Math.min(FrameDescriptor.MAX_FRAME_LENGTH, inboxCapacity / 8 - RingBufferDescriptor.TRAILER_LENGTH);
    }

    /**
     * @return control ring capacity.
     */
    public int controlRingCapacity()
    {
        return controlRingCapacity;
    }

    /**
     * @param bytes control ring capacity, a power of two.
     * @return this.
     */
    public SystemOptions controlRingCapacity(final int bytes)
    {
        RingFiles.fileLength(bytes);
        controlRingCapacity = bytes;
        return this;
    }

    /**
     * @return client response ring capacity.
     */
    public int clientRingCapacity()
    {
        return clientRingCapacity;
    }

    /**
     * @param bytes client response ring capacity, a power of two.
     * @return this.
     */
    public SystemOptions clientRingCapacity(final int bytes)
    {
        RingFiles.fileLength(bytes);
        clientRingCapacity = bytes;
        return this;
    }

    /**
     * @return heartbeat interval in ms.
     */
    public int heartbeatIntervalMs()
    {
        return heartbeatIntervalMs;
    }

    /**
     * @param ms heartbeat interval.
     * @return this.
     */
    public SystemOptions heartbeatIntervalMs(final int ms)
    {
        heartbeatIntervalMs = ms;
        return this;
    }

    /**
     * A process whose pid is gone is found dead at the next check (every {@link #heartbeatIntervalMs()}); this
     * timeout is for a process that is alive but has stopped beating, e.g. a handler stuck for that long.
     *
     * @return how long without a heartbeat before a process or the Supervisor counts as dead.
     */
    public int heartbeatTimeoutMs()
    {
        return heartbeatTimeoutMs;
    }

    /**
     * @param ms liveness timeout.
     * @return this.
     */
    public SystemOptions heartbeatTimeoutMs(final int ms)
    {
        heartbeatTimeoutMs = ms;
        return this;
    }

    /**
     * @return deadline of a blocking control call.
     */
    public int controlTimeoutMs()
    {
        return controlTimeoutMs;
    }

    /**
     * @param ms deadline of a blocking control call.
     * @return this.
     */
    public SystemOptions controlTimeoutMs(final int ms)
    {
        controlTimeoutMs = ms;
        return this;
    }

    /**
     * @return a new idle strategy for an agent.
     */
    public IdleStrategy newIdleStrategy()
    {
        return idleStrategy.get();
    }

    /**
     * @param supplier makes the idle strategy of each agent (busy spin only for benchmarks).
     * @return this.
     */
    public SystemOptions idleStrategy(final Supplier<IdleStrategy> supplier)
    {
        idleStrategy = supplier;
        return this;
    }

    /**
     * @return true if this process's machines run on the caller's thread (see {@link #hostInvoker(boolean)}).
     */
    public boolean hostInvoker()
    {
        return hostInvoker;
    }

    /**
     * Run this process's machines on a thread of the application's instead of a host thread of their own, as
     * Aeron's conductor agent invoker does: no thread is started, and every handler callback happens inside
     * {@link SystemClient#invokeHost()}, which the application calls in its own loop, from one thread at a time.
     * Blocking calls ({@code ipl}, {@code connect} ...) made on that thread drive the host while they wait; a
     * future from {@code execute} or {@code connectAsync} completes only while something invokes the host.
     * Default false.
     *
     * @param invoker true to drive the host from the application's thread.
     * @return this.
     */
    public SystemOptions hostInvoker(final boolean invoker)
    {
        hostInvoker = invoker;
        return this;
    }
}
