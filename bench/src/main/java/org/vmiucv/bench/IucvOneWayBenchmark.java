package org.vmiucv.bench;

import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;

import org.agrona.concurrent.UnsafeBuffer;
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
import org.vmiucv.engine.ConnectOptions;
import org.vmiucv.engine.IucvMessage;
import org.vmiucv.engine.MachineContext;
import org.vmiucv.engine.MachineHandler;
import org.vmiucv.engine.MachineId;
import org.vmiucv.engine.PathId;
import org.vmiucv.engine.SendResult;

/**
 * IUCV one-way throughput through the engine: 32-byte messages per second on an established path with msglim
 * 65,535, from a sender machine's handler to a receiver machine's {@code onIucvData}.
 * <p>
 * <b>Design: a self-driving sender.</b> As in {@link SmsgOneWayBenchmark} the sender is driven by an SMSG
 * <i>tick</i> to itself: on each tick it sends up to {@value #BURST} messages, stopping early when the engine
 * pushes back ({@link SendResult#MESSAGE_LIMIT_EXCEEDED}: 65,535 in flight, or {@link SendResult#BACK_PRESSURED}:
 * the receiver's inbox is full), and ticks itself again, which is the retry. Flow control is the path's own msglim
 * and the inbox, not the benchmark. The receiver counts. The benchmark method waits for {@value #BATCH}
 * deliveries; the harness allocates nothing in the loop, so {@code gc.alloc.rate.norm} is the engine's.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {
    "--add-opens", "java.base/jdk.internal.misc=ALL-UNNAMED", "-Dagrona.disable.bounds.checks=true"})
public class IucvOneWayBenchmark
{
    /** Messages awaited per benchmark invocation. */
    public static final int BATCH = 10_240;
    /** Messages the sender sends per tick. */
    static final int BURST = 64;
    /** Payload length in bytes. */
    static final int LENGTH = 32;
    private static final String TICK = "T";

    /** Where the machines run. */
    @Param({"ONE_HOST", "TWO_HOSTS"})
    public Topology topology;

    /** Which agents busy-spin. */
    @Param({"ALL_BUSY_SPIN", "HOSTS_BUSY_SPIN"})
    public AgentIdle idle;

    private final ProgressCounter delivered = new ProgressCounter();
    private final Sender sender = new Sender();
    private EngineFixture fixture;

    /**
     * Start the system, connect, and start the self-driving exchange.
     *
     * @throws Exception if the system does not start or the CONNECT fails.
     */
    @Setup(Level.Trial)
    public void setUp() throws Exception
    {
        fixture = new EngineFixture(topology, idle, sender, new Receiver(delivered));
        sender.path = fixture.connect(ConnectOptions.MAX_MSGLIM);
        fixture.supervisor().execute(EngineFixture.SENDER, ctx -> ctx.trySendSmsg(ctx.machineId(), TICK)).get();
        delivered.awaitAdvance(BATCH, EngineFixture.STALL_TIMEOUT_NS, "IUCV delivery");
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
        System.out.println("IUCV sender: " + sender.sent + " sent, " + sender.limitExceeded +
            " MESSAGE_LIMIT_EXCEEDED, " + sender.backPressured + " BACK_PRESSURED, " + sender.failed + " failed");
        fixture.close();
    }

    /**
     * Wait for {@value #BATCH} messages to be delivered.
     */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void iucvOneWay()
    {
        delivered.awaitAdvance(BATCH, EngineFixture.STALL_TIMEOUT_NS, "IUCV delivery");
    }

    /** Sends on every tick until the engine pushes back. */
    static final class Sender implements MachineHandler
    {
        private final UnsafeBuffer payload = new UnsafeBuffer(ByteBuffer.allocateDirect(LENGTH));
        volatile PathId path;
        volatile boolean running = true;
        long sent;
        long limitExceeded;
        long backPressured;
        long failed;

        /** {@inheritDoc} */
        public void onSmsg(final MachineContext ctx, final MachineId from, final CharSequence text)
        {
            if (!running)
            {
                return;
            }
            final PathId p = path;
            for (int i = 0; i < BURST; i++)
            {
                payload.putLong(0, sent);
                final long rc = ctx.iucvSend(p, payload, 0, LENGTH);
                if (rc > 0)
                {
                    sent++;
                }
                else if (SendResult.MESSAGE_LIMIT_EXCEEDED == rc)
                {
                    limitExceeded++;
                    break;
                }
                else if (SendResult.BACK_PRESSURED == rc)
                {
                    backPressured++;
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

    /** Counts what arrives and reads its first word. */
    static final class Receiver implements MachineHandler
    {
        private final ProgressCounter delivered;
        long checksum;
        private long count;

        Receiver(final ProgressCounter delivered)
        {
            this.delivered = delivered;
        }

        /** {@inheritDoc} */
        public void onSmsg(final MachineContext ctx, final MachineId from, final CharSequence text)
        {
        }

        /** {@inheritDoc} */
        public void onIucvData(final MachineContext ctx, final IucvMessage message)
        {
            checksum += message.buffer().getLong(message.offset());
            delivered.advanceTo(++count);
        }
    }
}
