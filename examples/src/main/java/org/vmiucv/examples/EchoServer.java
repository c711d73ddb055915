package org.vmiucv.examples;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.vmiucv.engine.IucvBuffer;
import org.vmiucv.engine.IucvMessage;
import org.vmiucv.engine.MachineContext;
import org.vmiucv.engine.MachineHandler;
import org.vmiucv.engine.MachineId;
import org.vmiucv.engine.PathId;
import org.vmiucv.engine.SendResult;
import org.vmiucv.engine.SmsgText;
import org.vmiucv.engine.Supervisor;
import org.vmiucv.engine.UserData;

/**
 * An ECHO machine that answers both ways a machine can ask: an SMSG gets an SMSG back, a two-way IUCV message gets
 * a REPLY. A CLIENT machine asks both ways and prints the answers.
 * <p>
 * SMSG has no correlation: the answer is just another SMSG to the sender. A two-way IUCV message carries a message
 * id; the REPLY carries the same id to {@code onReply}, and if no reply comes before the deadline given at send,
 * {@code onReplyTimeout} fires instead.
 */
public final class EchoServer
{
    /** The server. */
    public static final MachineId ECHO = MachineId.of("ECHO");
    /** The client. */
    public static final MachineId CLIENT = MachineId.of("CLIENT");
    /** What the client asks by SMSG. */
    public static final List<String> SMSG_REQUESTS = List.of("ping", "are you there?");
    /** What the client asks by two-way IUCV message. */
    public static final List<String> IUCV_REQUESTS = List.of("ping", "What is IUCV?", "Inter-User Communication Vehicle");
    /** What ECHO puts before an SMSG it echoes. */
    public static final String SMSG_PREFIX = "ECHO ";
    /** What ECHO puts before a message it replies to. */
    public static final String REPLY_PREFIX = "echo: ";

    private static final long REPLY_TIMEOUT_NS = 2_000_000_000L;

    private EchoServer()
    {
    }

    /**
     * Run on an embedded system and print the transcript to stdout.
     *
     * @param args none.
     * @throws Exception if the example fails.
     */
    public static void main(final String[] args) throws Exception
    {
        try (Supervisor cp = Supervisor.embedded())
        {
            run(cp, System.out);
        }
    }

    /**
     * IPL ECHO and CLIENT, ask by SMSG, then connect and ask by two-way message, then sever and log off.
     *
     * @param cp  the system to run on.
     * @param out where the transcript goes.
     * @throws Exception if a step is refused or an answer does not come in time.
     */
    public static void run(final Supervisor cp, final PrintStream out) throws Exception
    {
        final Transcript t = new Transcript(out);
        final Events clientEvents = new Events(CLIENT.name());
        final Client client = new Client(t, clientEvents);

        cp.ipl(ECHO, new Echo(t));
        cp.ipl(CLIENT, client);
        t.note("ECHO and CLIENT are logged on");

        t.note("(a) SMSG: the answer is an SMSG back to the sender");
        for (final String text : SMSG_REQUESTS)
        {
            t.line(CLIENT, "SMSG " + ECHO + " " + text);
            final int status = Awaits.get(cp.execute(CLIENT, ctx -> ctx.trySendSmsg(ECHO, text)), "SMSG send");
            Awaits.sent(status, "SMSG '" + text + "'");
            clientEvents.expect("SMSG " + SMSG_PREFIX + text);
        }

        t.note("(b) IUCV: CONNECT, then two-way SENDs answered by REPLY, correlated by message id");
        final PathId path = cp.connect(CLIENT, ECHO);
        // connect() returns once ECHO accepted; CLIENT may send once its own onConnectionComplete has run
        clientEvents.expect("COMPLETE " + ECHO);
        for (final String text : IUCV_REQUESTS)
        {
            final long id = Awaits.get(cp.execute(CLIENT, ctx -> client.ask(ctx, path, text)), "two-way send");
            Awaits.sent(id, "message '" + text + "'");
        }
        for (final String text : IUCV_REQUESTS)
        {
            clientEvents.expect("REPLY " + REPLY_PREFIX + text);
        }

        cp.sever(path, UserData.of("thanks"));
        t.line(CLIENT, "SEVER path " + path);
        cp.logoff(CLIENT);
        cp.logoff(ECHO);
        t.note("CLIENT and ECHO are logged off");
    }

    /**
     * The server: answers an SMSG with an SMSG and a two-way message with a REPLY.
     */
    private static final class Echo implements MachineHandler
    {
        private static final byte[] PREFIX = REPLY_PREFIX.getBytes(StandardCharsets.US_ASCII);

        private final Transcript t;
        // one reusable reply buffer: answering allocates nothing
        private final IucvBuffer reply = IucvBuffer.allocate(IucvBuffer.MAX_LENGTH);

        Echo(final Transcript t)
        {
            this.t = t;
            reply.buffer().putBytes(0, PREFIX);
        }

        public void onSmsg(final MachineContext ctx, final MachineId from, final CharSequence text)
        {
            final String answer = SMSG_PREFIX + text;
            final String echoed = answer.length() > SmsgText.MAX_LENGTH ? answer.substring(0, SmsgText.MAX_LENGTH) : answer;
            final int status = ctx.trySendSmsg(from, echoed);
            t.line(ctx.machineId(), "SMSG from " + from + ": " + text + "  -> answered: " + SendResult.describe(status));
        }

        public void onConnectionComplete(
            final MachineContext ctx, final PathId path, final MachineId peer, final UserData userData)
        {
            t.line(ctx.machineId(), "path " + path + " to " + peer + " established");
        }

        public void onIucvData(final MachineContext ctx, final IucvMessage message)
        {
            if (!message.isTwoWay())
            {
                t.line(ctx.machineId(), "one-way message " + message.messageId() + " ignored: nothing to answer");
                return;
            }
            final int length = Math.min(message.length(), IucvBuffer.MAX_LENGTH - PREFIX.length);
            reply.buffer().putBytes(PREFIX.length, message.buffer(), message.offset(), length);
            final int status = ctx.reply(message, reply.view(), 0, PREFIX.length + length);
            t.line(ctx.machineId(), "message " + message.messageId() + " \"" + message.asText() + "\"  -> REPLY: " +
                SendResult.describe(status));
        }

        public void onConnectionSevered(final MachineContext ctx, final PathId path, final UserData userData)
        {
            t.line(ctx.machineId(), "path " + path + " severed, user data '" + userData + "'");
        }
    }

    /**
     * The client: prints answers and posts them as events for {@code run} to check.
     */
    private static final class Client implements MachineHandler
    {
        private final Transcript t;
        private final Events events;
        // only touched on the agent thread (from callbacks and execute), so a plain map is safe
        private final Map<Long, String> asked = new HashMap<>();

        Client(final Transcript t, final Events events)
        {
            this.t = t;
            this.events = events;
        }

        /**
         * Send a two-way message; runs on CLIENT's thread through {@code execute}.
         */
        long ask(final MachineContext ctx, final PathId path, final String text)
        {
            final IucvBuffer request = IucvBuffer.ofText(text);
            final long id = ctx.iucvSendTwoWay(path, request.view(), 0, request.length(), REPLY_TIMEOUT_NS);
            t.line(ctx.machineId(), "SEND two-way \"" + text + "\" -> " + SendResult.describe(id));
            if (id > 0)
            {
                asked.put(id, text);
            }
            return id;
        }

        public void onSmsg(final MachineContext ctx, final MachineId from, final CharSequence text)
        {
            t.line(ctx.machineId(), "SMSG from " + from + ": " + text);
            events.post("SMSG " + text);
        }

        public void onConnectionComplete(
            final MachineContext ctx, final PathId path, final MachineId peer, final UserData userData)
        {
            t.line(ctx.machineId(), "path " + path + " to " + peer + " established");
            events.post("COMPLETE " + peer);
        }

        public void onReply(final MachineContext ctx, final IucvMessage reply)
        {
            final String question = asked.remove(reply.messageId());
            t.line(ctx.machineId(), "REPLY to message " + reply.messageId() + " (\"" + question + "\"): \"" +
                reply.asText() + "\"");
            events.post("REPLY " + reply.asText());
        }

        public void onReplyTimeout(final MachineContext ctx, final PathId path, final long messageId)
        {
            t.line(ctx.machineId(), "no REPLY to message " + messageId + " (\"" + asked.remove(messageId) +
                "\") in time");
            events.post("TIMEOUT " + messageId);
        }
    }
}
