package org.vmiucv.bench;

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
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.vmiucv.engine.ConnectOptions;
import org.vmiucv.engine.IucvException;
import org.vmiucv.engine.IucvMessage;
import org.vmiucv.engine.MachineContext;
import org.vmiucv.engine.MachineHandler;
import org.vmiucv.engine.MachineId;
import org.vmiucv.engine.PathId;
import org.vmiucv.engine.SendResult;
import org.vmiucv.engine.system.EmbeddedSystem;
import org.vmiucv.engine.system.SystemClient;
import org.vmiucv.engine.system.SystemOptions;

/**
 * The engine's own cost per message, on one thread: a burst of {@value #BURST} sends from one machine's context
 * to another machine on the same host, then passes of that host (through {@link SystemClient#invokeHost()}, on
 * the benchmark thread) until the receiver's handler has seen them all. One op is one message sent, read from the
 * receiver's inbox, validated and dispatched to its handler: the whole per-message path of the engine without the
 * cross-core transfer, which the cross-process benchmarks add. The payload is 32 bytes (32 ASCII characters for
 * SMSG). Nothing here allocates per message: {@code -prof gc} shows what the engine does.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {
    "--add-opens", "java.base/jdk.internal.misc=ALL-UNNAMED", "-Dagrona.disable.bounds.checks=true"})
public class DispatchBenchmark
{
    /** Messages sent before the host is run. */
    static final int BURST = 64;
    private static final String TEXT = "0123456789ABCDEF0123456789ABCDEF";
    private static final MachineId SENDER = MachineId.of("SENDER");
    private static final MachineId RECEIVER = MachineId.of("RECEIVER");

    private final UnsafeBuffer payload = new UnsafeBuffer(new byte[32]);
    private final Receiver receiver = new Receiver();
    private EmbeddedSystem system;
    private SystemClient host;
    private MachineContext sender;
    private PathId path;

    /**
     * Start a system whose second host runs on this thread, IPL both machines and connect them.
     *
     * @throws IucvException if the system does not start.
     */
    @Setup(Level.Trial)
    public void setUp() throws IucvException
    {
        system = EmbeddedSystem.start(new SystemOptions());
        try
        {
            host = system.attachHost(new SystemOptions().hostInvoker(true));
            host.ipl(SENDER, new MachineHandler()
            {
                public void onIpl(final MachineContext ctx)
                {
                    sender = ctx;
                }

                public void onSmsg(final MachineContext ctx, final MachineId from, final CharSequence text)
                {
                }
            });
            host.ipl(RECEIVER, receiver);
            path = host.connect(SENDER, RECEIVER, ConnectOptions.msglim(4 * BURST));
        }
        catch (final IucvException | RuntimeException ex)
        {
            system.close();
            throw ex;
        }
    }

    /**
     * Stop the system.
     */
    @TearDown(Level.Trial)
    public void tearDown()
    {
        system.close();
    }

    /**
     * SMSG: trySendSmsg of 32 ASCII characters, receive, dispatch to onSmsg.
     *
     * @return the receiver's count (so nothing is dead code).
     */
    @Benchmark
    @OperationsPerInvocation(BURST)
    public long smsg()
    {
        final long target = receiver.smsgs + BURST;
        for (int i = 0; i < BURST; i++)
        {
            final int rc = sender.trySendSmsg(RECEIVER, TEXT);
            if (rc != SendResult.OK)
            {
                throw new IllegalStateException("SMSG send failed: " + SendResult.describe(rc));
            }
        }
        return drain(target, true);
    }

    /**
     * IUCV: a one-way send of 32 bytes on an established path, receive, validate, dispatch to onIucvData.
     *
     * @return the receiver's count (so nothing is dead code).
     */
    @Benchmark
    @OperationsPerInvocation(BURST)
    public long iucv()
    {
        final long target = receiver.messages + BURST;
        for (int i = 0; i < BURST; i++)
        {
            final long rc = sender.iucvSend(path, payload, 0, payload.capacity());
            if (rc < 0)
            {
                throw new IllegalStateException("IUCV send failed: " + SendResult.describe(rc));
            }
        }
        return drain(target, false);
    }

    private long drain(final long target, final boolean smsg)
    {
        long count;
        while ((count = smsg ? receiver.smsgs : receiver.messages) < target)
        {
            host.invokeHost();
        }
        return count;
    }

    /** Counts what arrives. */
    static final class Receiver implements MachineHandler
    {
        long smsgs;
        long messages;

        /** {@inheritDoc} */
        public void onSmsg(final MachineContext ctx, final MachineId from, final CharSequence text)
        {
            smsgs += text.length() > 0 ? 1 : 0;
        }

        /** {@inheritDoc} */
        public void onIucvData(final MachineContext ctx, final IucvMessage m)
        {
            messages += m.length() > 0 ? 1 : 0;
        }
    }
}
