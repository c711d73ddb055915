package org.vmiucv.examples;

import java.io.PrintStream;
import java.util.Set;

import org.vmiucv.engine.ConnectOptions;
import org.vmiucv.engine.IucvException;
import org.vmiucv.engine.MachineContext;
import org.vmiucv.engine.MachineHandler;
import org.vmiucv.engine.MachineId;
import org.vmiucv.engine.PathId;
import org.vmiucv.engine.PathInfo;
import org.vmiucv.engine.PendingConnection;
import org.vmiucv.engine.ReturnCode;
import org.vmiucv.engine.Supervisor;
import org.vmiucv.engine.UserData;

/**
 * A GATE machine that decides who may connect: its {@code onConnectionPending} accepts callers on an allowlist
 * and refuses everyone else.
 * <p>
 * FRIEND is on the list: its CONNECT returns an established path and it gets GATE's ACCEPT user data. STRANGER is
 * not: its CONNECT throws an {@link IucvException} with {@link ReturnCode#CONNECTION_REFUSED} (RC 40, message
 * {@code DMSIUC040E}), and no path is left behind.
 */
public final class ConnectionGating
{
    /** The gatekeeper. */
    public static final MachineId GATE = MachineId.of("GATE");
    /** A caller on the allowlist. */
    public static final MachineId FRIEND = MachineId.of("FRIEND");
    /** A caller not on the allowlist. */
    public static final MachineId STRANGER = MachineId.of("STRANGER");

    private ConnectionGating()
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
     * IPL GATE, FRIEND and STRANGER; FRIEND connects, STRANGER is refused; log off.
     *
     * @param cp  the system to run on.
     * @param out where the transcript goes.
     * @throws Exception if a step goes otherwise than described.
     */
    public static void run(final Supervisor cp, final PrintStream out) throws Exception
    {
        final Transcript t = new Transcript(out);
        final Events friendEvents = new Events(FRIEND.name());

        cp.ipl(GATE, new Gate(t, Set.of(FRIEND)));
        cp.ipl(FRIEND, new Caller(t, friendEvents));
        cp.ipl(STRANGER, new Caller(t, new Events(STRANGER.name())));
        t.note("GATE admits only " + FRIEND);

        t.line(FRIEND, "CONNECT " + GATE + " with user data 'let me in'");
        final PathId path = cp.connect(FRIEND, GATE, ConnectOptions.userData(UserData.of("let me in")));
        friendEvents.expect("COMPLETE " + GATE + " welcome");
        t.line(FRIEND, "CONNECT " + GATE + " -> path " + path + " established");

        t.line(STRANGER, "CONNECT " + GATE + " with user data 'let me in'");
        try
        {
            final PathId unexpected = cp.connect(STRANGER, GATE, ConnectOptions.userData(UserData.of("let me in")));
            throw new IllegalStateException("GATE should have refused " + STRANGER + " but path " + unexpected +
                " was established");
        }
        catch (final IucvException ex)
        {
            if (ex.returnCode() != ReturnCode.CONNECTION_REFUSED)
            {
                throw ex;
            }
            t.line(STRANGER, "CONNECT " + GATE + " -> RC=" + ex.code() + " " + ex.getMessage());
        }

        for (final PathInfo info : cp.queryPaths())
        {
            t.note("QUERY PATHS: " + info.path() + " " + info.initiator() + " -> " + info.target() + " " +
                info.state());
        }

        cp.logoff(STRANGER);
        cp.logoff(FRIEND);
        cp.logoff(GATE);
        t.note("GATE, FRIEND and STRANGER are logged off");
    }

    /**
     * Accepts a connection only from a machine on its allowlist, and greets it in the ACCEPT's user data.
     */
    private static final class Gate implements MachineHandler
    {
        private final Transcript t;
        private final Set<MachineId> allowed;

        Gate(final Transcript t, final Set<MachineId> allowed)
        {
            this.t = t;
            this.allowed = allowed;
        }

        public void onSmsg(final MachineContext ctx, final MachineId from, final CharSequence text)
        {
        }

        public boolean onConnectionPending(final MachineContext ctx, final PendingConnection pending)
        {
            final boolean accept = allowed.contains(pending.from());
            if (accept)
            {
                pending.acceptUserData(UserData.of("welcome"));
            }
            t.line(ctx.machineId(), "pending connection " + pending.path() + " from " + pending.from() +
                " (user data '" + pending.userData() + "'): " + (accept ? "ACCEPT" : "REFUSE, not on the allowlist"));
            return accept;
        }

        public void onConnectionComplete(
            final MachineContext ctx, final PathId path, final MachineId peer, final UserData userData)
        {
            t.line(ctx.machineId(), "path " + path + " to " + peer + " established");
        }
    }

    /**
     * Reports its path events.
     */
    private static final class Caller implements MachineHandler
    {
        private final Transcript t;
        private final Events events;

        Caller(final Transcript t, final Events events)
        {
            this.t = t;
            this.events = events;
        }

        public void onSmsg(final MachineContext ctx, final MachineId from, final CharSequence text)
        {
        }

        public void onConnectionComplete(
            final MachineContext ctx, final PathId path, final MachineId peer, final UserData userData)
        {
            t.line(ctx.machineId(), "path " + path + " to " + peer + " complete, ACCEPT user data '" + userData + "'");
            events.post("COMPLETE " + peer + " " + userData);
        }

        public void onConnectionSevered(final MachineContext ctx, final PathId path, final UserData userData)
        {
            t.line(ctx.machineId(), "path " + path + " severed");
        }
    }
}
