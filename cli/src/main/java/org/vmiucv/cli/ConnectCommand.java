package org.vmiucv.cli;

import org.vmiucv.engine.Supervisor;

import java.util.concurrent.Callable;

import org.vmiucv.engine.ConnectOptions;
import org.vmiucv.engine.IucvException;
import org.vmiucv.engine.MachineId;
import org.vmiucv.engine.PathId;
import org.vmiucv.engine.ReturnCode;
import org.vmiucv.engine.system.SystemClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code iucv connect FROM TO}: asks the CP for a path between two logged-on machines; TO decides.
 */
@Command(name = "connect", description = {"CONNECT FROM to TO and print the path id once TO accepted.",
    "stdout gets the path id alone (P=$(iucv connect A B)); stderr gets the sentence 'path P established ...'.",
    "The path's ends stay in the processes that host FROM and TO; this command only asks the CP for it."})
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

    // a String, parsed here: a bad value then gets a DMSIUC024E message like every other bad parameter
    @Option(names = "--msglim", defaultValue = "10", paramLabel = "N", description = "1 to 65535 (default ${DEFAULT-VALUE})")
    String msglim;

    @Option(names = "--data", paramLabel = "TEXT", description = "user data, at most 16 ASCII characters")
    String data;

    /** {@inheritDoc} */
    public Integer call() throws Exception
    {
        final MachineId a = MachineId.parse(from);
        final MachineId b = MachineId.parse(to);
        final int limit = msglim(msglim);
        final ConnectOptions options;
        try
        {
            options = new ConnectOptions(limit, Cli.userData(data));
        }
        catch (final UsageException ex)
        {
            throw new IucvException(ReturnCode.INVALID_PARAMETER, "--data '" + Show.text(data) + "' is not allowed (" +
                ex.getMessage() + "); user data is at most 16 ASCII characters");
        }
        final PathId path;
        try (Supervisor client = system.attach())
        {
            path = client.connect(a, b, options);
        }
        // the path id alone on stdout, for scripts (P=$(iucv connect A B)); the sentence for people on stderr
        root.out.println(path);
        root.err.println("path " + path + " established " + a + " -> " + b + " msglim " + limit + " pid=" +
            ProcessHandle.current().pid());
        return 0;
    }

    /**
     * @param text the {@code --msglim} value.
     * @return it as a number.
     * @throws IucvException 24 if it is not a number from 1 to 65,535.
     */
    static int msglim(final String text) throws IucvException
    {
        int n = -1;
        try
        {
            n = Integer.parseInt(text.trim());
        }
        catch (final NumberFormatException ex)
        {
            // reported below
        }
        if (n < 1 || n > ConnectOptions.MAX_MSGLIM)
        {
            throw new IucvException(ReturnCode.INVALID_PARAMETER, "--msglim '" + Show.text(text) + "' is not " +
                "allowed; a number from 1 to " + ConnectOptions.MAX_MSGLIM + " is");
        }
        return n;
    }
}
