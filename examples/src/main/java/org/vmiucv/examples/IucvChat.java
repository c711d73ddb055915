package org.vmiucv.examples;

import java.io.PrintStream;
import java.util.HashMap;
import java.util.Map;

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
 * Three machines chatting over IUCV paths: ALICE has a path to BOB and one to CAROL.
 * <p>
 * Half-way through, BOB steps away and QUIESCEs his path: ALICE is told ({@code onPathQuiesced}) and her next SEND
 * to BOB fails with {@link SendResult#PATH_QUIESCED} (IUCV RC 2) while CAROL's path keeps working. BOB comes back
 * with RESUME and ALICE sends again. At the end ALICE SEVERs both paths with user data the peers print.
 */
public final class IucvChat
{
    /** Has a path to each of the others. */
    public static final MachineId ALICE = MachineId.of("ALICE");
    /** Steps away once. */
    public static final MachineId BOB = MachineId.of("BOB");
    /** Chats on while BOB is away. */
    public static final MachineId CAROL = MachineId.of("CAROL");

    private IucvChat()
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
     * IPL the three, connect, chat, quiesce and resume once, sever, log off.
     *
     * @param cp  the system to run on.
     * @param out where the transcript goes.
     * @throws Exception if a step goes otherwise than described or an event does not come in time.
     */
    public static void run(final Supervisor cp, final PrintStream out) throws Exception
    {
        final Transcript t = new Transcript(out);
        final Events alice = new Events(ALICE.name());
        final Events bob = new Events(BOB.name());
        final Events carol = new Events(CAROL.name());
        cp.ipl(ALICE, new ChatMember(t, alice));
        cp.ipl(BOB, new ChatMember(t, bob));
        cp.ipl(CAROL, new ChatMember(t, carol));

        final PathId toBob = cp.connect(ALICE, BOB, ConnectOptions.userData(UserData.of("chat?")));
        bob.expect("COMPLETE " + ALICE + " chat?");
        alice.expect("COMPLETE " + BOB);
        final PathId toCarol = cp.connect(ALICE, CAROL, ConnectOptions.userData(UserData.of("chat?")));
        carol.expect("COMPLETE " + ALICE + " chat?");
        alice.expect("COMPLETE " + CAROL);

        t.note("chatting");
        say(cp, t, ALICE, toBob, "Hi Bob!", bob);
        say(cp, t, BOB, toBob, "Hi Alice, how are you?", alice);
        say(cp, t, ALICE, toCarol, "Carol, are you there?", carol);
        say(cp, t, CAROL, toCarol, "Here! Hello Alice.", alice);

        t.note("BOB steps away: QUIESCE stops incoming messages on his path");
        Awaits.get(cp.execute(BOB, ctx -> ctx.quiesce(toBob, UserData.of("brb"))), "QUIESCE by BOB");
        alice.expect("QUIESCED brb");
        final long refused = send(cp, t, ALICE, toBob, "Bob?");
        if (refused != SendResult.PATH_QUIESCED)
        {
            throw new IllegalStateException("SEND on a quiesced path should fail with PATH_QUIESCED, not " +
                SendResult.describe(refused));
        }
        say(cp, t, ALICE, toCarol, "Bob stepped away.", carol);

        t.note("BOB is back: RESUME");
        Awaits.get(cp.execute(BOB, ctx -> ctx.resume(toBob, UserData.of("back"))), "RESUME by BOB");
        alice.expect("RESUMED back");
        say(cp, t, ALICE, toBob, "Welcome back, Bob!", bob);

        t.note("ALICE ends the chat: SEVER with user data");
        sever(cp, t, toBob, "bye bob", bob);
        sever(cp, t, toCarol, "bye carol", carol);

        cp.logoff(ALICE);
        cp.logoff(BOB);
        cp.logoff(CAROL);
        t.note("ALICE, BOB and CAROL are logged off");
    }

    private static void say(final Supervisor cp, final Transcript t, final MachineId from, final PathId path,
        final String text, final Events receiver) throws Exception
    {
        Awaits.sent(send(cp, t, from, path, text), "'" + text + "'");
        receiver.expect("DATA " + from + " " + text);
    }

    private static long send(final Supervisor cp, final Transcript t, final MachineId from, final PathId path,
        final String text) throws Exception
    {
        final IucvBuffer message = IucvBuffer.ofText(text);
        // print on the sender's thread, right after the send, so the line comes before the receiver's
        return Awaits.get(cp.execute(from, ctx ->
        {
            final long status = ctx.iucvSend(path, message);
            t.line(from, "SEND \"" + text + "\" on " + path + " -> " + SendResult.describe(status));
            return status;
        }), "SEND by " + from);
    }

    private static void sever(final Supervisor cp, final Transcript t, final PathId path, final String userData,
        final Events peer) throws Exception
    {
        final int rc = Awaits.get(cp.execute(ALICE, ctx ->
        {
            final int status = ctx.severPath(path, UserData.of(userData));
            t.line(ALICE, "SEVER " + path + " with user data '" + userData + "' -> RC=" + status);
            return status;
        }), "SEVER by " + ALICE);
        if (rc != 0)
        {
            throw new IllegalStateException("SEVER of path " + path + " failed with RC=" + rc);
        }
        peer.expect("SEVERED " + userData);
    }

    /**
     * Prints what a chat member sees and posts it as an event for {@code run} to check.
     */
    private static final class ChatMember implements MachineHandler
    {
        private final Transcript t;
        private final Events events;
        // only touched on the machine's agent thread
        private final Map<PathId, MachineId> peers = new HashMap<>();

        ChatMember(final Transcript t, final Events events)
        {
            this.t = t;
            this.events = events;
        }

        public void onSmsg(final MachineContext ctx, final MachineId from, final CharSequence text)
        {
            t.line(ctx.machineId(), "SMSG from " + from + ": " + text);
        }

        public void onConnectionComplete(
            final MachineContext ctx, final PathId path, final MachineId peer, final UserData userData)
        {
            peers.put(path, peer);
            t.line(ctx.machineId(), "path " + path + " to " + peer + " established" +
                (userData.isEmpty() ? "" : ", user data '" + userData + "'"));
            events.post("COMPLETE " + peer + (userData.isEmpty() ? "" : " " + userData));
        }

        public void onIucvData(final MachineContext ctx, final IucvMessage message)
        {
            final MachineId from = peers.get(message.path());
            t.line(ctx.machineId(), "<" + from + "> " + message.asText());
            events.post("DATA " + from + " " + message.asText());
        }

        public void onPathQuiesced(final MachineContext ctx, final PathId path, final UserData userData)
        {
            t.line(ctx.machineId(), peers.get(path) + " quiesced path " + path + ", user data '" + userData + "'");
            events.post("QUIESCED " + userData);
        }

        public void onPathResumed(final MachineContext ctx, final PathId path, final UserData userData)
        {
            t.line(ctx.machineId(), peers.get(path) + " resumed path " + path + ", user data '" + userData + "'");
            events.post("RESUMED " + userData);
        }

        public void onConnectionSevered(final MachineContext ctx, final PathId path, final UserData userData)
        {
            t.line(ctx.machineId(), peers.remove(path) + " severed path " + path + ", user data '" + userData + "'");
            events.post("SEVERED " + userData);
        }

        public void onLogoff(final MachineContext ctx)
        {
            t.line(ctx.machineId(), "logoff");
        }
    }
}
