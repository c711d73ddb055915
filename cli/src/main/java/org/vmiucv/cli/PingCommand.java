package org.vmiucv.cli;

import java.util.Arrays;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

import org.vmiucv.engine.ConnectOptions;
import org.vmiucv.engine.IucvBuffer;
import org.vmiucv.engine.IucvException;
import org.vmiucv.engine.MachineId;
import org.vmiucv.engine.PathId;
import org.vmiucv.engine.ReturnCode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code iucv ping TARGET [-n N] [--size B]}: N two-way IUCV round trips to TARGET, one at a time, and their
 * percentiles. Like {@code iucv send}, it hosts a machine of its own for the length of the command.
 */
@Command(name = "ping", description = {
    "Make N two-way IUCV round trips to TARGET, one after the other, and print min, p50, p90, p99 and max.",
    "TARGET must REPLY to two-way messages (iucv ipl NAME --handler echo does). As iucv send, this command logs " +
        "on a machine of its own (--as NAME, default $CL and its pid in base 36), CONNECTs, sends, SEVERs and " +
        "LOGs OFF.",
    "Each round trip is timed on the sender's thread: from the SEND to the REPLY's callback. With --idle backoff " +
        "(the default) the times include waking idle threads; --idle spin shows what IUCV itself takes (on both " +
        "ends: start TARGET with iucv ipl --idle spin too)."})
final class PingCommand implements Callable<Integer>
{
    private static final int MAX_COUNT = 10_000_000;

    @Mixin
    SystemMixin system;

    @ParentCommand
    Iucv root;

    @Parameters(index = "0", paramLabel = "TARGET", description = "machine that replies, logged on")
    String target;

    @Option(names = {"-n", "--count"}, paramLabel = "N", defaultValue = "10",
        description = "round trips (default ${DEFAULT-VALUE})")
    int count;

    @Option(names = "--size", paramLabel = "B", defaultValue = "32",
        description = "bytes per message, 0 to " + IucvBuffer.MAX_LENGTH + " (default ${DEFAULT-VALUE})")
    int size;

    @Option(names = "--as", paramLabel = "NAME", description = "name of this command's own machine " +
        "(default $CLnnnnn); 1-8 of A-Z 0-9 @ # $")
    String as;

    @Option(names = "--idle", defaultValue = "backoff", paramLabel = "backoff|spin",
        description = "idle strategy of this command's machine (default ${DEFAULT-VALUE})")
    IplCommand.Idle idle;

    @Option(names = "--timeout-ms", paramLabel = "MS", defaultValue = "5000",
        description = "how long each REPLY may take (default ${DEFAULT-VALUE})")
    long timeoutMs;

    /** {@inheritDoc} */
    public Integer call() throws Exception
    {
        final MachineId to = MachineId.parse(target);
        if (count < 1 || count > MAX_COUNT)
        {
            throw new IucvException(ReturnCode.INVALID_PARAMETER, "-n " + count + " is not allowed; 1 to " +
                MAX_COUNT + " round trips are");
        }
        if (size < 0 || size > IucvBuffer.MAX_LENGTH)
        {
            throw new IucvException(ReturnCode.INVALID_PARAMETER, "--size " + size + " is not allowed; an IUCV " +
                "message is 0 to " + IucvBuffer.MAX_LENGTH + " bytes");
        }
        final long timeout = timeout(timeoutMs);
        final byte[] payload = new byte[size];
        Arrays.fill(payload, (byte)'P');
        final CallerHandler handler = new CallerHandler();
        final long[] rtt;
        final String head;
        final long startNs;
        final long elapsedNs;
        try (TemporaryMachine me = TemporaryMachine.ipl(system, as, idle == IplCommand.Idle.spin, handler))
        {
            final PathId path = me.connect(to, ConnectOptions.DEFAULT);
            head = "PING " + to + " from " + me.id() + " on path " + path + ": " + count + " two-way messages of " +
                size + " bytes, idle " + idle;
            final RoundTrips trips = new RoundTrips(path, payload, count, TimeUnit.MILLISECONDS.toNanos(timeout),
                false);
            handler.current(trips);
            startNs = System.nanoTime();
            me.execute(trips::start);
            rtt = trips.await(timeout + 1_000);
            elapsedNs = System.nanoTime() - startNs;
        }
        Arrays.sort(rtt);
        root.out.println(head);
        root.out.println(count + " round trips in " + String.format("%.1f", elapsedNs / 1e6) + " ms: min " +
            micros(rtt[0]) + " us, p50 " + micros(percentile(rtt, 50)) + " us, p90 " + micros(percentile(rtt, 90)) +
            " us, p99 " + micros(percentile(rtt, 99)) + " us, max " + micros(rtt[rtt.length - 1]) + " us");
        return 0;
    }

    /**
     * @param sorted round trips, ascending.
     * @param p      percentile, 0 to 100.
     * @return the nearest-rank percentile.
     */
    static long percentile(final long[] sorted, final double p)
    {
        final int rank = (int)Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    static String micros(final long ns)
    {
        return String.format("%.1f", ns / 1000.0);
    }

    /**
     * @param ms a {@code --timeout-ms}.
     * @return it.
     * @throws IucvException 24 if it is not positive or more than an hour.
     */
    static long timeout(final long ms) throws IucvException
    {
        if (ms < 1 || ms > TimeUnit.HOURS.toMillis(1))
        {
            throw new IucvException(ReturnCode.INVALID_PARAMETER, "--timeout-ms " + ms + " is not allowed; 1 to " +
                TimeUnit.HOURS.toMillis(1) + " ms are");
        }
        return ms;
    }
}
