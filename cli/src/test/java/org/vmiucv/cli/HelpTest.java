package org.vmiucv.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * {@code iucv SUB --help}, {@code iucv SUB -h} and {@code iucv help SUB} for every subcommand the picocli model of
 * {@code iucv} has (a new subcommand is covered without touching this test): status 0, and the text names every
 * option and parameter of that subcommand. Issue 13, item 5.
 */
class HelpTest
{
    static Stream<String> subcommands()
    {
        final CommandLine cmd = new CommandLine(new Iucv(System.out, System.err));
        final List<String> names = new ArrayList<>(cmd.getSubcommands().keySet());
        assertTrue(names.size() >= 13, names::toString);
        return names.stream();
    }

    private static String[] run(final String... args)
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final int status = Iucv.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
        return new String[] {Integer.toString(status), out.toString(StandardCharsets.UTF_8),
            err.toString(StandardCharsets.UTF_8)};
    }

    @ParameterizedTest
    @MethodSource("subcommands")
    void everyWayToAskForHelpWorksAndNamesEveryOption(final String sub)
    {
        final CommandSpec spec = new CommandLine(new Iucv(System.out, System.err)).getSubcommands().get(sub)
            .getCommandSpec();
        for (final String[] args : List.of(new String[] {sub, "--help"}, new String[] {sub, "-h"},
            new String[] {"help", sub}))
        {
            final String[] r = run(args);
            final String what = String.join(" ", args) + ": status " + r[0] + "\n--- stdout\n" + r[1] + "--- stderr\n" +
                r[2];
            assertEquals("0", r[0], what);
            assertTrue(r[1].contains("Usage: iucv " + sub), what);
            for (final OptionSpec o : spec.options())
            {
                if (!o.hidden())
                {
                    for (final String name : o.names())
                    {
                        assertTrue(r[1].contains(name), () -> "option " + name + " missing in " + what);
                    }
                }
            }
            for (final PositionalParamSpec p : spec.positionalParameters())
            {
                if (!p.hidden())
                {
                    assertTrue(r[1].contains(p.paramLabel()), () -> "parameter " + p.paramLabel() + " missing in " +
                        what);
                }
            }
        }
    }
}
