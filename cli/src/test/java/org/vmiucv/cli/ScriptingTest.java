package org.vmiucv.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * What scripts and people reading a trace later need (issue 13, item 5): {@code IUCV_SYSTEM} as the default of
 * {@code --system}, and a {@code trace} header that names the time zone of its times.
 */
class ScriptingTest
{
    @Test
    void iucvSystemIsTheDefaultOfDashDashSystemAndTheOptionWins() throws Exception
    {
        try (CliSystem sys = new CliSystem("EV"))
        {
            sys.startSupervisor();
            sys.ipl("ECHO", "echo");
            final CliProcess.Result byEnv = CliProcess.start(sys.base, Map.of("IUCV_SYSTEM", sys.system),
                CliProcess.command(List.of("query", "names"))).await(CliSystem.COMMAND_TIMEOUT_MS);
            assertEquals(0, byEnv.status(), byEnv::toString);
            assertTrue(byEnv.out().startsWith("ECHO "), byEnv::toString);

            final CliProcess.Result overridden = CliProcess.start(sys.base, Map.of("IUCV_SYSTEM", sys.system),
                CliProcess.command(List.of("query", "names", "--system", "NOSUCHEV"))).await(CliSystem.COMMAND_TIMEOUT_MS);
            assertEquals(32, overridden.status(), overridden::toString);
            assertTrue(overridden.err().contains("no system NOSUCHEV"), overridden::toString);

            // and trace, which has its own reader, takes it too; its first line names the zone of the times
            final List<String> trace = new ArrayList<>(CliProcess.command(List.of("trace")));
            trace.add(1, "-Duser.timezone=Asia/Kolkata");
            final CliProcess.Result t = CliProcess.start(sys.base, Map.of("IUCV_SYSTEM", sys.system), trace)
                .await(CliSystem.COMMAND_TIMEOUT_MS);
            assertEquals(0, t.status(), t::toString);
            final String header = t.out().lines().findFirst().orElse("");
            assertTrue(header.startsWith("# iucv trace of system " + sys.system + " (") &&
                header.contains("times are local to Asia/Kolkata (UTC+05:30 now)"), t::toString);
            assertTrue(t.out().contains("IPL") && t.out().contains("ECHO"), t::toString);
        }
    }
}
