package org.vmiucv.cli;

import java.nio.charset.StandardCharsets;
import java.util.List;
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
 * {@code iucv send TARGET TEXT...}: one two-way IUCV message to TARGET, and its REPLY. The command hosts a
 * machine of its own for the length of the command ({@link TemporaryMachine}).
 */
@Command(name = "send", description = {
    "Send TEXT to TARGET as a two-way IUCV message and print the REPLY.",
    "A path joins two machines and this command hosts neither end of an existing one, so it logs on a machine of " +
        "its own (--as NAME, default $CL and this process's pid in base 36), CONNECTs to TARGET, sends, waits for " +
        "the REPLY, SEVERs and LOGs OFF. Ctrl-C does the same.",
    "stdout gets the reply's text (control characters escaped); stderr gets what happened. Exit status 0, or the " +
        "RC: 12 no such TARGET, 40 TARGET refused the CONNECT, 16 no REPLY within --timeout-ms."})
final class SendCommand implements Callable<Integer>
{
    @Mixin
    SystemMixin system;

    @ParentCommand
    Iucv root;

    @Parameters(index = "0", paramLabel = "TARGET", description = "machine to send to, logged on")
    String target;

    @Parameters(index = "1..*", arity = "1..*", paramLabel = "TEXT", description = "words joined by single blanks")
    List<String> words;

    @Option(names = "--as", paramLabel = "NAME", description = "name of this command's own machine " +
        "(default $CLnnnnn); 1-8 of A-Z 0-9 @ # $")
    String as;

    @Option(names = "--timeout-ms", paramLabel = "MS", defaultValue = "5000",
        description = "how long the REPLY may take (default ${DEFAULT-VALUE})")
    long timeoutMs;

    /** {@inheritDoc} */
    public Integer call() throws Exception
    {
        final MachineId to = MachineId.parse(target);
        final byte[] text = String.join(" ", words).getBytes(StandardCharsets.UTF_8);
        if (text.length > IucvBuffer.MAX_LENGTH)
        {
            throw new IucvException(ReturnCode.INVALID_PARAMETER, "TEXT of " + text.length + " bytes is too long; " +
                "an IUCV message is 0 to " + IucvBuffer.MAX_LENGTH + " bytes");
        }
        final long timeout = PingCommand.timeout(timeoutMs);
        final CallerHandler handler = new CallerHandler();
        final String said;
        final String reply;
        try (TemporaryMachine me = TemporaryMachine.ipl(system, as, false, handler))
        {
            final PathId path = me.connect(to, ConnectOptions.DEFAULT);
            final RoundTrips trip = new RoundTrips(path, text, 1, TimeUnit.MILLISECONDS.toNanos(timeout), true);
            handler.current(trip);
            me.execute(trip::start);
            final long[] rtt = trip.await(timeout + 1_000);
            reply = trip.replyText();
            said = "SEND " + me.id() + " -> " + to + " on path " + path + ": " + text.length + " bytes, REPLY " +
                reply.length() + " characters in " + PingCommand.micros(rtt[0]) + " us; path severed, " + me.id() +
                " logged off";
        }
        root.out.println(Show.text(reply));
        root.err.println(said);
        return 0;
    }
}
