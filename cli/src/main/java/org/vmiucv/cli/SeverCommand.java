package org.vmiucv.cli;

import org.vmiucv.engine.Supervisor;

import java.util.concurrent.Callable;

import org.vmiucv.engine.PathId;
import org.vmiucv.engine.system.SystemClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code iucv sever PATH}: severs a path; both ends are told.
 */
@Command(name = "sever", description = "SEVER a path (both ends are told).")
final class SeverCommand implements Callable<Integer>
{
    @Mixin
    SystemMixin system;

    @ParentCommand
    Iucv root;

    @Parameters(index = "0", paramLabel = "PATH", description = "path id SLOT.GENERATION, e.g. 3.1")
    String path;

    @Option(names = "--data", paramLabel = "TEXT", description = "user data, at most 16 ASCII characters")
    String data;

    /** {@inheritDoc} */
    public Integer call() throws Exception
    {
        final PathId id = PathId.parse(path);
        try (Supervisor client = system.attach())
        {
            client.sever(id, Cli.userData(data));
        }
        root.out.println("path " + id + " severed pid=" + ProcessHandle.current().pid());
        return 0;
    }
}
