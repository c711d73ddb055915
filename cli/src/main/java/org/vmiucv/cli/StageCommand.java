package org.vmiucv.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import org.vmiucv.xfl.stage.StageMain;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code iucv stage NAME [ARGS...]}: runs one XFL stage with the connectors named in {@code PIPECONN}. Everything
 * after NAME is the stage's, passed exactly as given (blanks kept, options not interpreted) and joined by single
 * blanks, as the C library's {@code xfl_argcat} does.
 */
@Command(name = "stage", description = "Run one POSIX Pipelines (XFL) stage with the connectors in PIPECONN.")
final class StageCommand implements Callable<Integer>
{
    @Mixin
    SystemMixin system;

    @ParentCommand
    Iucv root;

    @Parameters(index = "0", paramLabel = "NAME", description = "literal, console, reverse, count, hole")
    String name;

    @Parameters(index = "1..*", paramLabel = "ARGS", description = "the stage's arguments, kept exactly")
    List<String> args = new ArrayList<>();

    /** {@inheritDoc} */
    public Integer call()
    {
        return StageMain.run(name, String.join(" ", args), System.getenv(), System.in, root.out, root.err);
    }
}
