package org.vmiucv.bench;

import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.vmiucv.engine.MachineContext;
import org.vmiucv.engine.MachineHandler;
import org.vmiucv.engine.MachineId;
import org.vmiucv.engine.SendResult;

/**
 * SMSG one-way throughput through the engine: messages per second from a sender machine's handler to a receiver
 * machine's {@code onSmsg}.
 * <p>
 * <b>Design: a self-driving, credit-limited sender.</b> The sender is driven by a <i>tick</i>, an SMSG it sends to
 * itself: on each tick it sends a burst of up to {@value #BURST} SMSGs of 32 ASCII bytes to the receiver, then
 * ticks itself again. It never has more than {@value #WINDOW} messages in flight (sent and not yet counted by the
 * receiver), so the receiver's inbox never overflows and no SMSG is dropped (drops are counted and reported at
 * teardown). The receiver only counts. The benchmark method waits until the receiver's count has advanced by
 * {@value #BATCH}, hence {@code @OperationsPerInvocation(BATCH)}: one op is one SMSG delivered and dispatched.
 * <p>
 * Nothing in the loop allocates on the harness side: the benchmark thread reads a counter and yields, and the
 * machines' callbacks only call {@link MachineContext#trySendSmsg} with constant texts. So {@code
 * gc.alloc.rate.norm} is what the engine's send, receive and dispatch path (plus its idle agents) allocates per
 * message. The tick costs one extra SMSG per burst (1/{@value #BURST} of the work) and is not counted as an op.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {
    "--add-opens", "java.base/jdk.internal.misc=ALL-UNNAMED", "-Dagrona.disable.bounds.checks=true"})
public class SmsgOneWayBenchmark
{
    /** Messages awaited per benchmark invocation. */
    public static final int BATCH = 10_240;
    /** Messages the sender sends per tick. */
    static final int BURST = 64;
    /** Messages the sender may have in flight. */
    static final int WINDOW = 4_096;
    /** 32 bytes of ASCII. */
    static final String TEXT = "0123456789ABCDEF0123456789ABCDEF";
    private static final String TICK = "T";

    /** Where the machines run. */
    @Param({"ONE_HOST", "TWO_HOSTS"})
    public Topology topology;

    /** Which agents busy-spin. */
    @Param({"ALL_BUSY_SPIN", "HOSTS_BUSY_SPIN"})
    public AgentIdle idle;

    private final ProgressCounter delivered = new ProgressCounter();
    private final Sender sender = new Sender(delivered);
    private EngineFixture fixture;

    /**
     * Start the system and the self-driving exchange.
     *
     * @throws Exception if the system does not start.
     */
    @Setup(Level.Trial)
    public void setUp() throws Exception
    {
        fixture = new EngineFixture(topology, idle, sender, new Receiver(delivered));
        fixture.supervisor().execute(EngineFixture.SENDER, ctx -> ctx.trySendSmsg(ctx.machineId(), TICK)).get();
        delivered.awaitAdvance(BATCH, EngineFixture.STALL_TIMEOUT_NS, "SMSG delivery");
    }

    /**
     * @return the progress the benchmark waits on (for {@link AllocationProbe}).
     */
    ProgressCounter progress()
    {
        return delivered;
    }

    /**
     * Stop the exchange and the system.
     */
    @TearDown(Level.Trial)
    public void tearDown()
    {
        sender.running = false;
        if (sender.dropped != 0 || sender.failed != 0)
        {
            System.out.println("SMSG sender: " + sender.dropped + " dropped, " + sender.failed + " failed");
        }
        fixture.close();
    }

    /**
     * Wait for {@value #BATCH} SMSGs to be delivered.
     */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void smsgOneWay()
    {
        delivered.awaitAdvance(BATCH, EngineFixture.STALL_TIMEOUT_NS, "SMSG delivery");
    }

    /** Sends on every tick, within the credit window. */
    static final class Sender implements MachineHandler
    {
        private final ProgressCounter delivered;
        volatile boolean running = true;
        long sent;
        long dropped;
        long failed;

        Sender(final ProgressCounter delivered)
        {
            this.delivered = delivered;
        }

        /** {@inheritDoc} */
        public void onSmsg(final MachineContext ctx, final MachineId from, final CharSequence text)
        {
            if (!running)
            {
                return;
            }
            final int n = (int)Math.min(BURST, WINDOW - (sent - delivered.get()));
            for (int i = 0; i < n; i++)
            {
                final int rc = ctx.trySendSmsg(EngineFixture.RECEIVER, TEXT);
                if (SendResult.OK == rc)
                {
                    sent++;
                }
                else if (SendResult.DROPPED == rc)
                {
                    dropped++;
                    break;
                }
                else
                {
                    failed++;
                    break;
                }
            }
            if (SendResult.OK != ctx.trySendSmsg(ctx.machineId(), TICK))
            {
                failed++;
            }
        }
    }

    /** Counts what arrives. */
    static final class Receiver implements MachineHandler
    {
        private final ProgressCounter delivered;

        Receiver(final ProgressCounter delivered)
        {
            this.delivered = delivered;
        }

        private long count;

        /** {@inheritDoc} */
        public void onSmsg(final MachineContext ctx, final MachineId from, final CharSequence text)
        {
            delivered.advanceTo(++count);
        }
    }
}
