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
 * IUCV two-way ping-pong through the engine: round trips per second of a 32-byte two-way SEND answered by a
 * 32-byte REPLY, one message in flight.
 * <p>
 * <b>Design: a self-sustaining ping-pong.</b> The sender sends a two-way message; the receiver's
 * {@code onIucvData} replies to it; the sender's {@code onReply} counts the round trip and sends the next. Setup
 * kicks off the first send; afterwards no tick and no harness call is involved. The benchmark method waits for
 * {@value #BATCH} round trips. The reciprocal of the score is the mean round-trip time.
 * <p>
 * A send that fails falls back to an SMSG tick to the sender, which retries. It happens once, at the start:
 * {@code Supervisor.connect} returns when the CP has answered, which can be before the sender's host has
 * dispatched the COMPLETE interrupt, and a task run through {@code execute} in that window gets
 * {@link SendResult#PATH_NOT_ESTABLISHED}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {
    "--add-opens", "java.base/jdk.internal.misc=ALL-UNNAMED", "-Dagrona.disable.bounds.checks=true"})
public class IucvRoundTripBenchmark
{
    /** Round trips awaited per benchmark invocation. */
    public static final int BATCH = 1_024;
    /** Payload length of the message and of the reply, in bytes. */
    static final int LENGTH = 32;
    /** Reply deadline: far beyond any round trip, so no timeout fires. */
    static final long REPLY_TIMEOUT_NS = 10_000_000_000L;
    private static final String TICK = "T";

    /** Where the machines run. */
    @Param({"ONE_HOST", "TWO_HOSTS"})
    public Topology topology;

    /** Which agents busy-spin. */
    @Param({"ALL_BUSY_SPIN", "HOSTS_BUSY_SPIN"})
    public AgentIdle idle;

    private final ProgressCounter roundTrips = new ProgressCounter();
    private final Pinger pinger = new Pinger(roundTrips);
    private final Ponger ponger = new Ponger();
    private EngineFixture fixture;

    /**
     * Start the system, connect, and send the first message.
     *
     * @throws Exception if the system does not start or the CONNECT fails.
     */
    @Setup(Level.Trial)
    public void setUp() throws Exception
    {
        fixture = new EngineFixture(topology, idle, pinger, ponger);
        pinger.path = fixture.connect(ConnectOptions.MAX_MSGLIM);
        fixture.supervisor().execute(EngineFixture.SENDER, ctx ->
        {
            pinger.ping(ctx);
            return null;
        }).get();
        roundTrips.awaitAdvance(BATCH, EngineFixture.STALL_TIMEOUT_NS, "IUCV round trip");
    }

    /**
     * @return the progress the benchmark waits on (for {@link AllocationProbe}).
     */
    ProgressCounter progress()
    {
        return roundTrips;
    }

    /**
     * Stop the exchange and the system.
     */
    @TearDown(Level.Trial)
    public void tearDown()
    {
        pinger.running = false;
        if (pinger.failed != 0 || ponger.failed != 0 || pinger.timeouts != 0)
        {
            System.out.println("IUCV ping-pong: " + pinger.failed + " sends failed, " + ponger.failed +
                " replies failed, " + pinger.timeouts + " reply timeouts");
        }
        fixture.close();
    }

    /**
     * Wait for {@value #BATCH} round trips.
     */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void iucvRoundTrip()
    {
        roundTrips.awaitAdvance(BATCH, EngineFixture.STALL_TIMEOUT_NS, "IUCV round trip");
    }

    /** Sends a two-way message whenever the previous one has been answered. */
    static final class Pinger implements MachineHandler
    {
        private final ProgressCounter roundTrips;
        private final UnsafeBuffer payload = new UnsafeBuffer(ByteBuffer.allocateDirect(LENGTH));
        volatile PathId path;
        volatile boolean running = true;
        long failed;
        long timeouts;
        long checksum;
        private long count;

        Pinger(final ProgressCounter roundTrips)
        {
            this.roundTrips = roundTrips;
        }

        void ping(final MachineContext ctx)
        {
            if (!running)
            {
                return;
            }
            payload.putLong(0, checksum);
            if (ctx.iucvSendTwoWay(path, payload, 0, LENGTH, REPLY_TIMEOUT_NS) < 0)
            {
                failed++;
                ctx.trySendSmsg(ctx.machineId(), TICK);
            }
        }

        /** {@inheritDoc} */
        public void onSmsg(final MachineContext ctx, final MachineId from, final CharSequence text)
        {
            ping(ctx);
        }

        /** {@inheritDoc} */
        public void onReply(final MachineContext ctx, final IucvMessage reply)
        {
            checksum += reply.buffer().getLong(reply.offset());
            roundTrips.advanceTo(++count);
            ping(ctx);
        }

        /** {@inheritDoc} */
        public void onReplyTimeout(final MachineContext ctx, final PathId path, final long messageId)
        {
            timeouts++;
            ping(ctx);
        }
    }

    /** Answers every two-way message with a reply of the same length. */
    static final class Ponger implements MachineHandler
    {
        private final UnsafeBuffer payload = new UnsafeBuffer(ByteBuffer.allocateDirect(LENGTH));
        long failed;

        /** {@inheritDoc} */
        public void onSmsg(final MachineContext ctx, final MachineId from, final CharSequence text)
        {
        }

        /** {@inheritDoc} */
        public void onIucvData(final MachineContext ctx, final IucvMessage message)
        {
            payload.putLong(0, message.buffer().getLong(message.offset()) + 1);
            if (SendResult.OK != ctx.reply(message, payload, 0, LENGTH))
            {
                failed++;
            }
        }
    }
}
