package org.vmiucv.examples;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.vmiucv.engine.ConnectOptions;
import org.vmiucv.engine.IucvBuffer;
import org.vmiucv.engine.IucvMessage;
import org.vmiucv.engine.MachineContext;
import org.vmiucv.engine.MachineHandler;
import org.vmiucv.engine.MachineId;
import org.vmiucv.engine.PathId;
import org.vmiucv.engine.SendResult;
import org.vmiucv.engine.Supervisor;
import org.vmiucv.engine.UserData;

/**
 * PRODUCER → XFORM → SINK over two IUCV paths: PRODUCER sends numbered records, XFORM upper-cases each one and
 * forwards it, SINK prints them in order. Nothing is lost and no queue grows without bound.
 * <p>
 * <b>Backpressure.</b> Each path has a small msglim ({@value #UPSTREAM_MSGLIM} and {@value #DOWNSTREAM_MSGLIM}):
 * a SEND past it returns
 * {@link SendResult#MESSAGE_LIMIT_EXCEEDED} (or {@link SendResult#BACK_PRESSURED} if the receiver's inbox is full)
 * and nothing is sent. A handler must not spin on that inside its callback (the receiver may run on the same thread),
 * so each stage keeps the record it could not send and tries again when the next REPLY arrives: every record is sent
 * two-way, and the REPLY to it is the signal that the peer has taken something off the path. A REPLY is always
 * pending while a stage is held, because the limit is only reached with messages in flight; the inboxes (1 MiB) can
 * not fill up with the few small records a stage has in flight, so BACK_PRESSURED does not happen here.
 * <p>
 * <b>Bounded queues.</b> IUCV msglim counts messages sent and not yet <i>received</i>, and a machine receives as soon
 * as it is scheduled, so msglim alone does not stop PRODUCER from outrunning XFORM. Two things do: XFORM replies to
 * PRODUCER only once the record has been forwarded to SINK, and PRODUCER keeps at most {@value #WINDOW} records
 * unanswered. XFORM's queue therefore never holds more than {@value #WINDOW} records.
 */
public final class MultiMachinePipeline
{
    /** The first stage. */
    public static final MachineId PRODUCER = MachineId.of("PRODUCER");
    /** The middle stage. */
    public static final MachineId XFORM = MachineId.of("XFORM");
    /** The last stage. */
    public static final MachineId SINK = MachineId.of("SINK");
    /** msglim of the PRODUCER to XFORM path: small, so the example shows the limit being reached. */
    public static final int UPSTREAM_MSGLIM = 4;
    /** msglim of the XFORM to SINK path: smaller still, so XFORM is held back too and its queue fills. */
    public static final int DOWNSTREAM_MSGLIM = 2;
    /** Records PRODUCER keeps unanswered at most. */
    public static final int WINDOW = 8;
    /** Records sent when no count is given. */
    public static final int DEFAULT_RECORDS = 20;

    private static final long REPLY_TIMEOUT_NS = 3_000_000_000L;
    private static final DirectBuffer EMPTY = new UnsafeBuffer(new byte[0]);
    private static final String[] PHRASES =
    {
        "the quick brown fox", "jumps over", "the lazy dog", "ipl cms", "query names", "smsg operator hello",
        "connect to the spool", "message pending interrupt",
    };

    private MultiMachinePipeline()
    {
    }

    /**
     * Run on an embedded system and print the transcript to stdout.
     *
     * @param args optionally the number of records, 1 to 100,000 (default {@value #DEFAULT_RECORDS}).
     * @throws Exception if the example fails.
     */
    public static void main(final String[] args) throws Exception
    {
        int records = DEFAULT_RECORDS;
        if (args.length > 0)
        {
            try
            {
                records = Integer.parseInt(args[0]);
            }
            catch (final NumberFormatException ex)
            {
                records = -1;
            }
            if (records < 1 || records > 100_000 || args.length > 1)
            {
                System.err.println("usage: MultiMachinePipeline [RECORDS]  (RECORDS is 1 to 100000, default " +
                    DEFAULT_RECORDS + "; got '" + String.join(" ", args) + "')");
                System.exit(1);
            }
        }
        try (Supervisor cp = Supervisor.embedded())
        {
            run(cp, System.out, records);
        }
    }

    /**
     * Run with {@value #DEFAULT_RECORDS} records.
     *
     * @param cp  the system to run on.
     * @param out where the transcript goes.
     * @throws Exception if a step is refused or the records do not all arrive in time.
     */
    public static void run(final Supervisor cp, final PrintStream out) throws Exception
    {
        run(cp, out, DEFAULT_RECORDS);
    }

    /**
     * IPL the three stages, connect them, send the records, check SINK got them all in order, log off.
     *
     * @param cp      the system to run on.
     * @param out     where the transcript goes.
     * @param records how many records PRODUCER sends.
     * @throws Exception if a step is refused or the records do not all arrive in time.
     */
    public static void run(final Supervisor cp, final PrintStream out, final int records) throws Exception
    {
        final Transcript t = new Transcript(out);
        final List<String> input = records(records);
        final Producer producer = new Producer(t, input);
        final Transformer xform = new Transformer(t);
        final Sink sink = new Sink(t, records);

        cp.ipl(SINK, sink);
        cp.ipl(XFORM, xform);
        cp.ipl(PRODUCER, producer);
        final PathId downstream = cp.connect(XFORM, SINK, ConnectOptions.msglim(DOWNSTREAM_MSGLIM));
        final PathId upstream = cp.connect(PRODUCER, XFORM, ConnectOptions.msglim(UPSTREAM_MSGLIM));
        Awaits.await(xform.ready, "path complete at XFORM");
        Awaits.await(producer.ready, "path complete at PRODUCER");
        t.note("PRODUCER --path " + upstream + ", msglim " + UPSTREAM_MSGLIM + "--> XFORM --path " + downstream +
            ", msglim " + DOWNSTREAM_MSGLIM + "--> SINK; sending " + records + " records");

        // the first burst is sent on PRODUCER's thread; after that, REPLYs drive every send
        Awaits.get(cp.execute(PRODUCER, ctx ->
        {
            producer.pump(ctx);
            return null;
        }), "first burst from PRODUCER");
        try
        {
            Awaits.await(producer.done, "all " + records + " replies at PRODUCER");
            Awaits.await(sink.done, "all " + records + " records at SINK");
        }
        finally
        {
            // a stage that failed says why; that explains a timeout better than the timeout does
            for (final String failure : List.of(producer.failure, xform.failure, sink.failure))
            {
                if (!failure.isEmpty())
                {
                    throw new IllegalStateException(failure);
                }
            }
        }

        final List<String> expected = new ArrayList<>();
        input.forEach(r -> expected.add(r.toUpperCase(Locale.ROOT)));
        if (!expected.equals(sink.received))
        {
            throw new IllegalStateException("SINK got " + sink.received + ", expected " + expected);
        }
        t.note("SINK got all " + records + " records, upper-cased and in order");
        t.note("held back: PRODUCER " + producer.holds + " times (" + producer.refused + " SENDs refused), XFORM " +
            xform.holds + " times (" + xform.refused + " SENDs refused); each held record went out on a later " +
            "REPLY; XFORM's queue peaked at " + xform.maxQueued + " of at most " + WINDOW);

        cp.logoff(PRODUCER);
        cp.logoff(XFORM);
        cp.logoff(SINK);
        t.note("PRODUCER, XFORM and SINK are logged off");
    }

    /**
     * @param n how many.
     * @return the records PRODUCER sends, lower case, numbered from 1.
     */
    public static List<String> records(final int n)
    {
        final List<String> list = new ArrayList<>(n);
        final int width = Integer.toString(n).length();
        for (int i = 1; i <= n; i++)
        {
            list.add(String.format("record %0" + width + "d of %d: %s", i, n, PHRASES[(i - 1) % PHRASES.length]));
        }
        return list;
    }

    private static boolean isHeldBack(final long status)
    {
        return status == SendResult.MESSAGE_LIMIT_EXCEEDED || status == SendResult.BACK_PRESSURED;
    }

    /**
     * Sends the records two-way, at most {@link #WINDOW} unanswered; a REPLY frees a slot and sends more.
     */
    private static final class Producer implements MachineHandler
    {
        final CountDownLatch ready = new CountDownLatch(1);
        final CountDownLatch done = new CountDownLatch(1);
        volatile String failure = "";
        volatile int holds;
        volatile int refused;

        private final Transcript t;
        private final List<String> records;
        private boolean holding;
        private final IucvBuffer buffer = IucvBuffer.allocate(1024);
        private PathId path;
        private int next;
        private int unanswered;
        private int answered;

        Producer(final Transcript t, final List<String> records)
        {
            this.t = t;
            this.records = records;
        }

        public void onSmsg(final MachineContext ctx, final MachineId from, final CharSequence text)
        {
        }

        public void onConnectionComplete(
            final MachineContext ctx, final PathId path, final MachineId peer, final UserData userData)
        {
            this.path = path;
            ready.countDown();
        }

        void pump(final MachineContext ctx)
        {
            while (next < records.size() && unanswered < WINDOW)
            {
                final byte[] bytes = records.get(next).getBytes(StandardCharsets.US_ASCII);
                buffer.buffer().putBytes(0, bytes);
                final long status = ctx.iucvSendTwoWay(path, buffer.view(), 0, bytes.length, REPLY_TIMEOUT_NS);
                if (status > 0)
                {
                    next++;
                    unanswered++;
                    holding = false;
                }
                else if (isHeldBack(status))
                {
                    refused++;
                    if (!holding)
                    {
                        // report when a hold starts, not every retry that is still refused
                        holding = true;
                        holds++;
                        t.line(ctx.machineId(), "record " + (next + 1) + " held: " + SendResult.describe(status) +
                            ", " + unanswered + " unanswered; retry on each REPLY");
                    }
                    return;
                }
                else
                {
                    fail(ctx, "SEND of record " + (next + 1) + " failed: " + SendResult.describe(status));
                    return;
                }
            }
        }

        public void onReply(final MachineContext ctx, final IucvMessage reply)
        {
            unanswered--;
            if (++answered == records.size())
            {
                t.line(ctx.machineId(), "all " + answered + " records answered");
                done.countDown();
            }
            else
            {
                pump(ctx);
            }
        }

        public void onReplyTimeout(final MachineContext ctx, final PathId path, final long messageId)
        {
            fail(ctx, "no REPLY to message " + messageId + " in time");
        }

        private void fail(final MachineContext ctx, final String why)
        {
            t.line(ctx.machineId(), why);
            failure = ctx.machineId() + ": " + why;
            done.countDown();
        }
    }

    /**
     * Upper-cases and forwards; answers PRODUCER only once a record is on its way to SINK.
     */
    private static final class Transformer implements MachineHandler
    {
        final CountDownLatch ready = new CountDownLatch(1);
        volatile String failure = "";
        volatile int holds;
        volatile int refused;
        volatile int maxQueued;

        private final Transcript t;
        private boolean holding;
        private final ArrayDeque<Unanswered> queue = new ArrayDeque<>();
        private final IucvBuffer buffer = IucvBuffer.allocate(1024);
        private PathId downstream;

        Transformer(final Transcript t)
        {
            this.t = t;
        }

        public void onSmsg(final MachineContext ctx, final MachineId from, final CharSequence text)
        {
        }

        public void onConnectionComplete(
            final MachineContext ctx, final PathId path, final MachineId peer, final UserData userData)
        {
            if (peer.equals(SINK))
            {
                downstream = path;
                ready.countDown();
            }
        }

        public void onIucvData(final MachineContext ctx, final IucvMessage message)
        {
            // the message view dies with this callback: keep the text and what REPLY needs to find the sender
            queue.add(new Unanswered(message.path(), message.messageId(), message.asText().toUpperCase(Locale.ROOT)));
            maxQueued = Math.max(maxQueued, queue.size());
            pump(ctx);
        }

        public void onReply(final MachineContext ctx, final IucvMessage reply)
        {
            pump(ctx);
        }

        public void onReplyTimeout(final MachineContext ctx, final PathId path, final long messageId)
        {
            fail(ctx, "no REPLY from SINK to message " + messageId + " in time");
        }

        private void pump(final MachineContext ctx)
        {
            while (!queue.isEmpty())
            {
                final Unanswered record = queue.peek();
                final byte[] bytes = record.text.getBytes(StandardCharsets.US_ASCII);
                buffer.buffer().putBytes(0, bytes);
                final long status = ctx.iucvSendTwoWay(downstream, buffer.view(), 0, bytes.length, REPLY_TIMEOUT_NS);
                if (isHeldBack(status))
                {
                    refused++;
                    if (!holding)
                    {
                        holding = true;
                        holds++;
                        t.line(ctx.machineId(), "\"" + record.text + "\" held: " + SendResult.describe(status) +
                            ", " + queue.size() + " queued; retry on each REPLY from SINK");
                    }
                    return;
                }
                holding = false;
                if (status < 0)
                {
                    fail(ctx, "SEND to SINK failed: " + SendResult.describe(status));
                    return;
                }
                queue.poll();
                final int answered = ctx.reply(record, EMPTY, 0, 0);
                if (answered != SendResult.OK)
                {
                    fail(ctx, "REPLY to PRODUCER failed: " + SendResult.describe(answered));
                    return;
                }
            }
        }

        private void fail(final MachineContext ctx, final String why)
        {
            t.line(ctx.machineId(), why);
            failure = ctx.machineId() + ": " + why;
        }
    }

    /**
     * A received two-way message kept for a later REPLY: {@code MachineContext.reply} needs only its path and
     * message id (and that it is two-way), so this stands in for the view that was only valid during the callback.
     */
    private record Unanswered(PathId path, long messageId, String text) implements IucvMessage
    {
        public boolean isTwoWay()
        {
            return true;
        }

        public DirectBuffer buffer()
        {
            return EMPTY;
        }

        public int offset()
        {
            return 0;
        }

        public int length()
        {
            return 0;
        }
    }

    /**
     * Prints and keeps every record, and answers it.
     */
    private static final class Sink implements MachineHandler
    {
        final CountDownLatch done = new CountDownLatch(1);
        final List<String> received = new ArrayList<>();
        volatile String failure = "";

        private final Transcript t;
        private final int expected;

        Sink(final Transcript t, final int expected)
        {
            this.t = t;
            this.expected = expected;
        }

        public void onSmsg(final MachineContext ctx, final MachineId from, final CharSequence text)
        {
        }

        public void onIucvData(final MachineContext ctx, final IucvMessage message)
        {
            final String text = message.asText();
            t.line(ctx.machineId(), text);
            received.add(text);
            final int answered = ctx.reply(message, EMPTY, 0, 0);
            if (answered != SendResult.OK)
            {
                t.line(ctx.machineId(), "REPLY failed: " + SendResult.describe(answered));
                failure = ctx.machineId() + ": REPLY failed: " + SendResult.describe(answered);
            }
            if (received.size() == expected)
            {
                done.countDown();
            }
        }
    }
}
