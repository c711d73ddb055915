package org.vmiucv.examples;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.vmiucv.engine.IucvBuffer;
import org.vmiucv.engine.IucvMessage;
import org.vmiucv.engine.MachineContext;
import org.vmiucv.engine.MachineHandler;
import org.vmiucv.engine.MachineId;
import org.vmiucv.engine.PathId;
import org.vmiucv.engine.SmsgText;
import org.vmiucv.engine.Supervisor;
import org.vmiucv.engine.UserData;

/**
 * Keeps the README's "API tour" honest: the snippet between the markers below is run here, and must match, line for
 * line, the Java block in {@code examples/README-tour.md} and (once pasted there) the one in the top-level
 * {@code README.md} between {@code <!-- api-tour:begin -->} and {@code <!-- api-tour:end -->}. Edit all of them
 * together.
 */
@Timeout(30)
class ReadmeTourTest
{
    private static final Path SELF = Path.of("src/test/java/org/vmiucv/examples/ReadmeTourTest.java");
    private static final Path TOUR = Path.of("README-tour.md");
    private static final Path README = Path.of("../README.md");

    @Test
    void tourRuns() throws Exception
    {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        final PrintStream saved = System.out;
        System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        try
        {
            tour();
        }
        finally
        {
            System.setOut(saved);
        }
        assertEquals("ALICE: hello bob / PING" + System.lineSeparator(), bytes.toString(StandardCharsets.UTF_8));
    }

    @Test
    void readmeShowsTheTestedSnippet() throws IOException
    {
        final List<String> tested = between(Files.readAllLines(SELF), "// api-tour:begin", "// api-tour:end");
        assertTrue(tested.size() > 10 && tested.size() <= 30, "the tour has " + tested.size() + " lines");
        assertEquals(tested, between(Files.readAllLines(TOUR), "```java", "```"), TOUR + " differs from the test");
        if (Files.exists(README) && Files.readString(README).contains("<!-- api-tour:begin -->"))
        {
            final List<String> section = between(Files.readAllLines(README), "<!-- api-tour:begin -->",
                "<!-- api-tour:end -->");
            assertEquals(tested, between(section, "```java", "```"), README + " differs from the test");
        }
    }

    private static void tour() throws Exception
    {
        // api-tour:begin
        try (Supervisor cp = Supervisor.embedded()) {
            MachineId alice = MachineId.of("alice"), bob = MachineId.of("bob");
            CompletableFuture<String> smsg = new CompletableFuture<>(), answer = new CompletableFuture<>();
            CompletableFuture<PathId> connected = new CompletableFuture<>();
            cp.ipl(bob, new MachineHandler() {                       // callbacks run on bob's own thread
                public void onSmsg(MachineContext ctx, MachineId from, CharSequence text) {
                    smsg.complete(from + ": " + text);
                }
                public void onIucvData(MachineContext ctx, IucvMessage msg) {     // REPLY to a two-way SEND
                    IucvBuffer up = IucvBuffer.ofText(msg.asText().toUpperCase());
                    ctx.reply(msg, up.view(), 0, up.length());
                }
            });
            cp.ipl(alice, new MachineHandler() {
                public void onSmsg(MachineContext ctx, MachineId from, CharSequence text) { }
                public void onConnectionComplete(MachineContext ctx, PathId p, MachineId peer, UserData u) {
                    connected.complete(p);
                }
                public void onReply(MachineContext ctx, IucvMessage reply) { answer.complete(reply.asText()); }
            });
            cp.smsg(alice, bob, SmsgText.of("hello bob"));           // SMSG through the CP
            cp.connect(alice, bob);                                   // CONNECT: bob accepts by default
            PathId path = connected.get(5, SECONDS);                  // alice sends once her end is complete
            IucvBuffer ping = IucvBuffer.ofText("ping");              // execute: act on alice's thread from outside
            cp.execute(alice, ctx -> ctx.iucvSendTwoWay(path, ping.view(), 0, ping.length(), 1_000_000_000L));
            System.out.println(smsg.get(5, SECONDS) + " / " + answer.get(5, SECONDS)); // ALICE: hello bob / PING
            cp.logoff(alice);                                         // LOGOFF severs the path; bob is told
            cp.logoff(bob);
        }
        // api-tour:end
    }

    /**
     * @return the lines strictly between the first line whose trimmed text is {@code begin} and the next that is
     * {@code end}, with the indentation common to them removed.
     */
    private static List<String> between(final List<String> lines, final String begin, final String end)
    {
        int from = -1;
        int to = -1;
        for (int i = 0; i < lines.size(); i++)
        {
            final String trimmed = lines.get(i).trim();
            if (from < 0 && trimmed.equals(begin))
            {
                from = i + 1;
            }
            else if (from >= 0 && trimmed.equals(end))
            {
                to = i;
                break;
            }
        }
        assertTrue(from >= 0 && to >= from, "no block between '" + begin + "' and '" + end + "'");
        final List<String> block = lines.subList(from, to);
        final int indent = block.stream().filter(l -> !l.isBlank())
            .mapToInt(l -> l.length() - l.stripLeading().length()).min().orElse(0);
        return block.stream().map(l -> l.isBlank() ? "" : l.substring(indent)).toList();
    }
}
