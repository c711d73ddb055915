package org.vmiucv.cli;

import org.vmiucv.engine.Supervisor;

import java.util.concurrent.Callable;

import org.vmiucv.engine.ConnectOptions;
import org.vmiucv.engine.MachineId;
import org.vmiucv.engine.PathId;
import org.vmiucv.engine.system.SystemClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code iucv connect FROM TO}: asks the CP for a path between two logged-on machines; TO decides.
 */
@Command(name = "connect", description = "CONNECT FROM to TO and print the path id once TO accepted.")
final class ConnectCommand implements Callable<Integer>
{
    @Mixin
    SystemMixin system;

    @ParentCommand
    Iucv root;

    @Parameters(index = "0", paramLabel = "FROM", description = "initiating machine, logged on")
    String from;

    @Parameters(index = "1", paramLabel = "TO", description = "target machine")
    String to;

    @Option(names = "--msglim", defaultValue = "10", paramLabel = "N", description = "1 to 65535 (default ${DEFAULT-VALUE})")
    int msglim;

    @Option(names = "--data", paramLabel = "TEXT", description = "user data, at most 16 ASCII characters")
    String data;

    /** {@inheritDoc} */
    public Integer call() throws Exception
    {
        final MachineId a = MachineId.parse(from);
        final MachineId b = MachineId.parse(to);
        final ConnectOptions options;
        try
        {
            options = new ConnectOptions(msglim, Cli.userData(data));
        }
        catch (final IllegalArgumentException ex)
        {
            throw new UsageException(ex.getMessage());
        }
        final PathId path;
        try (Supervisor client = system.attach())
        {
            path = client.connect(a, b, options);
        }
        root.out.println("path " + path + " established " + a + " -> " + b + " msglim " + msglim + " pid=" +
            ProcessHandle.current().pid());
        return 0;
    }
}
