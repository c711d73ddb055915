package org.vmiucv.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The command line of an {@code iucv} child JVM (test class path, Agrona and Chronicle flags), for test packages
 * outside {@code org.vmiucv.cli} such as the chaos suite. Class path entries are made absolute so the child may run
 * in a working directory of its own.
 */
public final class IucvChildCommand
{
    private IucvChildCommand()
    {
    }

    /**
     * @param args iucv arguments.
     * @return the full command: java, flags, class path, main class, arguments.
     */
    public static List<String> of(final List<String> args)
    {
        final List<String> cmd = new ArrayList<>(CliProcess.command(args));
        final int cp = cmd.indexOf("-cp") + 1;
        final List<String> entries = new ArrayList<>();
        for (final String e : cmd.get(cp).split(java.io.File.pathSeparator))
        {
            if (!e.isEmpty())
            {
                entries.add(Path.of(e).toAbsolutePath().toString());
            }
        }
        cmd.set(cp, String.join(java.io.File.pathSeparator, entries));
        return cmd;
    }
}
