package org.vmiucv.examples;

import java.io.PrintStream;
import java.util.concurrent.CompletableFuture;

import org.vmiucv.engine.MachineId;
import org.vmiucv.engine.SendResult;
import org.vmiucv.engine.Supervisor;

/**
 * The smallest conversation: ALICE sends BOB one SMSG and BOB prints it.
 * <p>
 * An SMSG is short ASCII text (at most 236 bytes), fire-and-forget. A handler sends it with
 * {@code MachineContext.trySendSmsg}; from outside a callback (here, {@code run}) the sending is done on ALICE's own
 * thread through {@link Supervisor#execute}.
 */
public final class HelloSmsg
{
    /** The sender. */
    public static final MachineId SENDER = MachineId.of("ALICE");
    /** The receiver. */
    public static final MachineId RECEIVER = MachineId.of("BOB");
    /** What ALICE says. */
    public static final String TEXT = "Hello, BOB! This is ALICE.";

    private HelloSmsg()
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
     * IPL ALICE and BOB, send the SMSG, wait for BOB to get it, log both off.
     *
     * @param cp  the system to run on.
     * @param out where the transcript goes.
     * @throws Exception if a step is refused or an event does not come in time.
     */
    public static void run(final Supervisor cp, final PrintStream out) throws Exception
    {
        final Transcript t = new Transcript(out);
        final CompletableFuture<String> received = new CompletableFuture<>();

        cp.ipl(RECEIVER, (ctx, from, text) ->
        {
            // text is a view into BOB's inbox, valid only during this callback: toString() copies it
            t.line(ctx.machineId(), "SMSG from " + from + ": " + text);
            received.complete(text.toString());
        });
        t.line(RECEIVER, "logged on");
        cp.ipl(SENDER, (ctx, from, text) -> t.line(ctx.machineId(), "SMSG from " + from + ": " + text));
        t.line(SENDER, "logged on");

        t.line(SENDER, "SMSG " + RECEIVER + " " + TEXT);
        final int status = Awaits.get(cp.execute(SENDER, ctx -> ctx.trySendSmsg(RECEIVER, TEXT)), "SMSG send");
        if (status != SendResult.OK)
        {
            throw new IllegalStateException("SMSG to " + RECEIVER + " failed: " + SendResult.describe(status));
        }
        Awaits.get(received, "SMSG at " + RECEIVER);

        cp.logoff(SENDER);
        t.line(SENDER, "logged off");
        cp.logoff(RECEIVER);
        t.line(RECEIVER, "logged off");
    }
}
