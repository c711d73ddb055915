package org.vmiucv.bench.jmhx;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.agrona.concurrent.BusySpinIdleStrategy;
import org.vmiucv.engine.MachineContext;
import org.vmiucv.engine.MachineHandler;
import org.vmiucv.engine.MachineId;
import org.vmiucv.engine.system.SystemClient;
import org.vmiucv.engine.system.SystemLog;
import org.vmiucv.engine.system.SystemOptions;
import org.vmiucv.shm.ShmSystem;

/**
 * The consumer process of {@link SmsgStreamBenchmark}: machine SINK on a busy-spinning host thread counts the
 * SMSGs it receives and publishes the count after every {@value #PUBLISH_EVERY}th in a {@link MappedCounter}
 * (publishing after each one would make the sender's reads of the counter bounce its line once per message). It ends when SINK is logged
 * off (system shutdown) or when the benchmark JVM is gone.
 * <p>
 * Usage: {@code SmsgSinkPeer BASE SYSTEM COUNTER_FILE PARENT_PID}.
 */
public final class SmsgSinkPeer
{
    /** The count is published in steps of this many SMSGs; {@link SmsgStreamBenchmark#BATCH} is a multiple. */
    static final int PUBLISH_EVERY = 64;

    /** The consumer machine. */
    static final MachineId SINK = MachineId.of("SINK");

    private SmsgSinkPeer()
    {
    }

    /**
     * @param args base, system, counter file, pid of the benchmark JVM.
     * @throws Exception on failure.
     */
    public static void main(final String[] args) throws Exception
    {
        final ProcessHandle parent = ProcessHandle.of(Long.parseLong(args[3])).orElse(null);
        final SystemClient client = ShmSystem.attach(Path.of(args[0]), args[1],
            new SystemOptions().idleStrategy(BusySpinIdleStrategy::new), SystemLog.NONE);
        final CountDownLatch gone = new CountDownLatch(1);
        try (MappedCounter received = MappedCounter.open(Path.of(args[2])))
        {
            client.ipl(SINK, new MachineHandler()
            {
                private long count;

                public void onSmsg(final MachineContext ctx, final MachineId from, final CharSequence text)
                {
                    if (0 == (++count & (PUBLISH_EVERY - 1)))
                    {
                        received.set(count);
                    }
                }

                public void onLogoff(final MachineContext ctx)
                {
                    gone.countDown();
                }
            });
            while (!gone.await(1, TimeUnit.SECONDS))
            {
                if (null == parent || !parent.isAlive())
                {
                    break;
                }
            }
        }
        finally
        {
            client.close();
        }
    }
}
