package org.vmiucv.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/**
 * {@code iucv stat} as a live tool (issue 13, item 6), through the public command: {@code --once}, the Prometheus
 * format, and following a Supervisor that was killed and started again.
 */
class StatTest
{
    private static final long DEADLINE_MS = 30_000;
    private static final Pattern SAMPLE = Pattern.compile(
        "([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{[a-zA-Z_][a-zA-Z0-9_]*=\"(?:\\\\.|[^\"\\\\])*\"" +
        "(?:,[a-zA-Z_][a-zA-Z0-9_]*=\"(?:\\\\.|[^\"\\\\])*\")*\\})? (-?[0-9][0-9.eE+-]*|NaN|[+-]Inf)");
    private static final Pattern COMMENT = Pattern.compile("# (HELP|TYPE) ([a-zA-Z_:][a-zA-Z0-9_:]*) (.+)");

    @Test
    void onceAndPrometheusPrintOneSnapshot() throws Exception
    {
        try (CliSystem sys = new CliSystem("ST"))
        {
            sys.startSupervisor();
            final CliProcess echo = sys.ipl("ECHO", "echo");
            final CliProcess.Result once = sys.iucv("stat", "--once");
            assertEquals(0, once.status(), once::toString);
            final List<String> lines = once.out().lines().toList();
            assertTrue(lines.get(0).matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{3} [+-]\\d\\d:\\d\\d  system " +
                sys.system + " in .*: Supervisor pid=" + sys.supervisor.pid() + " running, heartbeat \\d+ ms ago, " +
                "\\d+ processes attached"), once::toString);
            assertTrue(once.out().contains("SENT/s") && once.out().contains("MSGS/s"), once::toString);
            assertTrue(Pattern.compile("(?m)^ECHO +ACTIVE +" + echo.pid() + " .* 0/\\d+$").matcher(once.out()).find(),
                once::toString);

            final CliProcess.Result prom = sys.iucv("stat", "--format", "prometheus");
            assertEquals(0, prom.status(), prom::toString);
            final Set<String> typed = new HashSet<>();
            for (final String line : prom.out().lines().toList())
            {
                final Matcher c = COMMENT.matcher(line);
                if (c.matches())
                {
                    if (c.group(1).equals("TYPE"))
                    {
                        assertTrue(c.group(3).matches("counter|gauge"), line);
                        assertTrue(typed.add(c.group(2)), "TYPE twice: " + line);
                    }
                    continue;
                }
                final Matcher s = SAMPLE.matcher(line);
                assertTrue(s.matches(), () -> "neither a comment nor name{labels} value: '" + line + "' in\n" +
                    prom.out());
                assertTrue(typed.contains(s.group(1)), "no # TYPE before " + line);
                assertTrue(!s.group(1).endsWith("_total") || prom.out().contains("# TYPE " + s.group(1) + " counter"),
                    line);
            }
            assertTrue(prom.out().contains("vmiucv_supervisor_pid{system=\"" + sys.system + "\"} " +
                sys.supervisor.pid() + "\n"), prom::toString);
            assertTrue(prom.out().contains("vmiucv_machine_sent_total{system=\"" + sys.system +
                "\",machine=\"ECHO\"} 0\n"), prom::toString);
        }
    }

    @Test
    void liveStatFollowsASupervisorKilledAndStartedAgain() throws Exception
    {
        try (CliSystem sys = new CliSystem("SR"))
        {
            sys.startSupervisor();
            sys.ipl("ECHO", "echo");
            final long first = sys.supervisor.pid();
            final CliProcess stat = sys.start("stat", "--interval", "100", "--system", sys.system);
            await(stat, "Supervisor pid=" + first + " running");
            await(stat, "\n\n"); // not a terminal: snapshots are appended, a blank line between them

            sys.supervisor.process().destroyForcibly(); // SIGKILL
            await(stat, "Supervisor pid=" + first + " dead");
            sys.startSupervisor();
            final long second = sys.supervisor.pid();
            await(stat, "Supervisor pid=" + second + " running");
            assertTrue(stat.process().isAlive(), stat::outSoFar);
            final String after = stat.outSoFar().substring(stat.outSoFar().lastIndexOf("Supervisor pid=" + second));
            assertTrue(after.contains("\nECHO "), "the machine outlived the CP and is shown again:\n" + after);

            // a clean shutdown removes the tables; the next Supervisor makes new ones, which stat maps instead
            final CliProcess.Result down = sys.iucv("shutdown");
            assertEquals(0, down.status(), down::toString);
            await(stat, "Supervisor pid=0 " + StatSnapshot.NO_SUPERVISOR + " (waiting");
            sys.startSupervisor();
            final long third = sys.supervisor.pid();
            await(stat, "Supervisor pid=" + third + " running");
        }
    }

    private static void await(final CliProcess p, final String text) throws Exception
    {
        final long deadline = System.currentTimeMillis() + DEADLINE_MS;
        while (!p.outSoFar().contains(text))
        {
            if (System.currentTimeMillis() > deadline || !p.process().isAlive())
            {
                final String out = p.outSoFar();
                throw new AssertionError("no '" + text + "' from iucv stat (alive " + p.process().isAlive() + "); " +
                    "stderr:\n" + p.errSoFar() + "\nlast part of its output:\n" + out.substring(Math.max(0, out.length() - 3000)));
            }
            Thread.sleep(50);
        }
    }
}
