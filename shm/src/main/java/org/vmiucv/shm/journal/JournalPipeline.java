package org.vmiucv.shm.journal;

import java.util.concurrent.TimeUnit;
import com.lmax.disruptor.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import com.lmax.disruptor.EventHandler;
import com.lmax.disruptor.PhasedBackoffWaitStrategy;
import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.dsl.Disruptor;
import com.lmax.disruptor.dsl.ProducerType;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.vmiucv.engine.layout.ControlDescriptor;
import org.vmiucv.engine.layout.FrameDescriptor;
import org.vmiucv.engine.layout.MachineDirectory;
import org.vmiucv.engine.system.SupervisorConductor;
import org.vmiucv.engine.system.SystemLog;

/**
 * The Supervisor's control plane as an LMAX Disruptor pipeline. The conductor thread publishes every control event
 * into a ring; three handlers take each event in order:
 * <ol>
 *   <li><b>journal</b> appends it to the {@link JournalStore} (nothing is applied before it is recorded; if it
 *       cannot be recorded the event is marked, and apply refuses it: the Supervisor fails closed);</li>
 *   <li><b>apply</b> runs {@link SupervisorConductor#apply} (tables updated, effects collected);</li>
 *   <li><b>notify</b> records each interrupt and answer, then writes it ({@link SupervisorConductor#notify}).</li>
 * </ol>
 * Ticks (for a shutdown in progress and inbox backlogs) go through the ring too, unrecorded. Each handler runs on
 * its own thread and owns its own appender.
 * <p>
 * {@link #publish} returns once a control frame is recorded, so the control ring's head never moves past a frame
 * that a crash could lose; the apply step stores the index of each record it applied in an {@link AppliedMark},
 * so recovery applies what was recorded and not yet applied.
 */
public final class JournalPipeline implements SupervisorConductor.Pipeline, AutoCloseable
{
    /** Ring size: events in flight between the conductor and notify. */
    public static final int RING_SIZE = 4096;
    private static final int MAX_FRAME = FrameDescriptor.HEADER_LENGTH + ControlDescriptor.LENGTH +
        ControlDescriptor.MAX_TEXT_LENGTH;
    private static final long TICK_INTERVAL_MS = 5;
    private static final long IDLE_TICK_INTERVAL_MS = 1_000;

    private final Disruptor<ControlEvent> disruptor;
    private final RingBuffer<ControlEvent> ring;
    private final JournalHealth health;
    private final AtomicLong journalled = new AtomicLong(-1);
    private final boolean recording;
    private final UnsafeBuffer tick = new UnsafeBuffer(new byte[FrameDescriptor.HEADER_LENGTH + ControlDescriptor.LENGTH]);
    private final SupervisorConductor conductor;
    private long nextTickMs;
    private long nextIdleTickMs;

    /** One slot of the ring. */
    static final class ControlEvent
    {
        final UnsafeBuffer frame = new UnsafeBuffer(new byte[MAX_FRAME]);
        final SupervisorConductor.Effects effects = new SupervisorConductor.Effects();
        int type;
        int length;
        long timeMs;
        long journalIndex;
        String refusal;
    }

    /**
     * Build and start the pipeline.
     *
     * @param conductor the conductor whose apply and notify steps run here.
     * @param store     where records go; null runs the same pipeline without recording (measurements).
     * @param machines  the machine directory, to name machines in records.
     * @param mark      where the apply step notes what it applied; null without a store.
     * @param log       where failures are reported (once per outage).
     */
    JournalPipeline(final SupervisorConductor conductor, final JournalStore store,
        final MachineDirectory machines, final AppliedMark mark, final SystemLog log)
    {
        this.conductor = conductor;
        this.recording = null != store;
        this.health = new JournalHealth(null == store ? "(none)" : store.describe(), log);
        final AtomicInteger threads = new AtomicInteger();
        disruptor = new Disruptor<>(ControlEvent::new, RING_SIZE, r ->
        {
            final Thread t = new Thread(r, "iucv-cp-" + new String[] {"journal", "apply", "notify"}[
                Math.min(2, threads.getAndIncrement())]);
            t.setDaemon(true);
            return t;
        }, ProducerType.SINGLE, PhasedBackoffWaitStrategy.withLiteLock(20, 200, TimeUnit.MICROSECONDS));
        disruptor
            .handleEventsWith(new JournalHandler(store, machines, health, journalled))
            .then((EventHandler<ControlEvent>)(e, seq, end) ->
            {
                conductor.apply(e.type, e.frame, 0, e.length, e.effects, e.refusal);
                if (null != mark && e.journalIndex > 0)
                {
                    mark.applied(e.journalIndex);
                }
            })
            .then(new NotifyHandler(conductor, store, machines, health));
        ring = disruptor.start();
        tick.setMemory(0, tick.capacity(), (byte)0);
        tick.putInt(FrameDescriptor.SOURCE_SLOT_OFFSET, -1);
    }

    /** {@inheritDoc} */
    public void publish(final int type, final DirectBuffer buffer, final int index, final int length)
    {
        final long seq = ring.next();
        try
        {
            final ControlEvent e = ring.get(seq);
            final int n = Math.min(length, MAX_FRAME);
            e.frame.putBytes(0, buffer, index, n);
            e.type = type;
            e.length = n;
            e.timeMs = System.currentTimeMillis();
            e.journalIndex = 0;
            e.refusal = null;
        }
        finally
        {
            ring.publish(seq);
        }
        if (recording && type < SupervisorConductor.CLIENT_DIED)
        {
            awaitJournalled(seq);
        }
    }

    /**
     * Wait until the journal step took the event: spin briefly, then yield (the journal step is a few µs away).
     */
    private void awaitJournalled(final long seq)
    {
        int spins = 0;
        while (journalled.get() < seq)
        {
            if (++spins < 2_000)
            {
                Thread.onSpinWait();
            }
            else
            {
                Thread.yield();
            }
        }
    }

    /**
     * Publish a tick every 5 ms while the conductor has something that waits on time (a shutdown, a backlog),
     * else once a second: a tick wakes all three handler threads, and on a machine with few CPUs threads that wake
     * for nothing take the CPU from the machines' hosts (measured: every 5 ms cost a streaming benchmark about half
     * its throughput on 2 vCPUs).
     */
    public int doWork(final long nowMs)
    {
        if (nowMs >= nextTickMs)
        {
            nextTickMs = nowMs + TICK_INTERVAL_MS;
            if (conductor.wantsTick() || nowMs >= nextIdleTickMs)
            {
                nextIdleTickMs = nowMs + IDLE_TICK_INTERVAL_MS;
                publish(SupervisorConductor.TICK, tick, 0, tick.capacity());
                return 1;
            }
        }
        return 0;
    }

    /**
     * @return true while records can be written.
     */
    public boolean healthy()
    {
        return health.healthy();
    }

    /**
     * Process what was published, then stop the handler threads.
     */
    public void close()
    {
        try
        {
            disruptor.shutdown(5, TimeUnit.SECONDS);
        }
        catch (final TimeoutException ex)
        {
            disruptor.halt();
        }
    }

    /** Journal step: record each event before it is applied. */
    private static final class JournalHandler implements EventHandler<ControlEvent>
    {
        private final JournalStore store;
        private final MachineDirectory machines;
        private final JournalHealth health;
        private final AtomicLong journalled;
        private JournalStore.Writer writer;
        private JournalRecords records;

        JournalHandler(final JournalStore store, final MachineDirectory machines, final JournalHealth health,
            final AtomicLong journalled)
        {
            this.store = store;
            this.machines = machines;
            this.health = health;
            this.journalled = journalled;
        }

        public void onStart()
        {
            if (null != store)
            {
                writer = store.newWriter();
                records = new JournalRecords(machines);
            }
        }

        public void onShutdown()
        {
            if (null != writer)
            {
                writer.close();
            }
        }

        public void onEvent(final ControlEvent e, final long sequence, final boolean endOfBatch)
        {
            if (null != writer && e.type != SupervisorConductor.TICK)
            {
                final JournalRecordFlyweight r = records.request(e.type, e.frame, e.length, e.timeMs);
                try
                {
                    e.journalIndex = writer.append(r.bytes(), r.length());
                    health.ok();
                }
                catch (final JournalException ex)
                {
                    e.refusal = health.failed(ex);
                }
            }
            journalled.lazySet(sequence);
        }
    }

    /** Notify step: record each interrupt and answer, then write it. */
    private static final class NotifyHandler implements EventHandler<ControlEvent>
    {
        private final SupervisorConductor conductor;
        private final JournalStore store;
        private final MachineDirectory machines;
        private final JournalHealth health;
        private JournalStore.Writer writer;
        private JournalRecords records;
        private long timeMs;
        private final SupervisorConductor.EffectListener recorder = this::record;

        NotifyHandler(final SupervisorConductor conductor, final JournalStore store, final MachineDirectory machines,
            final JournalHealth health)
        {
            this.conductor = conductor;
            this.store = store;
            this.machines = machines;
            this.health = health;
        }

        public void onStart()
        {
            if (null != store)
            {
                writer = store.newWriter();
                records = new JournalRecords(machines);
            }
        }

        public void onShutdown()
        {
            if (null != writer)
            {
                writer.close();
            }
        }

        public void onEvent(final ControlEvent e, final long sequence, final boolean endOfBatch)
        {
            timeMs = e.timeMs;
            conductor.notify(e.effects, null == writer ? SupervisorConductor.EffectListener.NONE : recorder);
            if (e.type == SupervisorConductor.TICK)
            {
                conductor.drainBacklog();
            }
        }

        /**
         * An answer or interrupt that cannot be recorded is still sent: its request was recorded and applied, and
         * the tables are the truth; the outage makes the next requests be refused.
         */
        private void record(final SupervisorConductor.Effect effect)
        {
            final JournalRecordFlyweight r = records.effect(effect, timeMs);
            try
            {
                writer.append(r.bytes(), r.length());
            }
            catch (final JournalException ex)
            {
                health.failed(ex);
            }
        }
    }
}
