package org.vmiucv.cli;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.concurrent.Callable;

import org.vmiucv.engine.IucvException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The {@code iucv} command. {@link #main} exits with the status {@link #run} returns; tests call {@link #run}.
 */
@Command(
    name = "iucv",
    mixinStandardHelpOptions = true,
    scope = picocli.CommandLine.ScopeType.INHERIT, // --help on every subcommand, as the usage errors suggest
    version = "iucv 0.1.0 (vm-iucv for the JVM)",
    description = "VM/CMS SMSG and IUCV between machines in separate JVM processes.",
    subcommands = {
        SupervisorCommand.class,
        IplCommand.class,
        SmsgCommand.class,
        ConnectCommand.class,
        SeverCommand.class,
        QueryCommand.class,
        LogoffCommand.class,
        ShutdownCommand.class,
        StatCommand.class,
        StageCommand.class,
        TraceCommand.class,
        DemoCommand.class,
        BenchCommand.class,
        SendCommand.class,
        PingCommand.class,
        CommandLine.HelpCommand.class, // iucv help SUB
    })
public final class Iucv implements Callable<Integer>
{
    /** Exit status for a usage error. */
    public static final int USAGE = 1;

    final PrintStream out;
    final PrintStream err;

    @Spec
    CommandSpec spec;

    Iucv(final PrintStream out, final PrintStream err)
    {
        this.out = out;
        this.err = err;
    }

    /**
     * @param args the command line.
     */
    public static void main(final String[] args)
    {
        org.vmiucv.shm.journal.JournalConfig.disableAnalytics();
        final int status = run(args, System.out, System.err);
        System.out.flush();
        System.exit(status);
    }

    /**
     * Run one command.
     *
     * @param args the command line.
     * @param out  standard output.
     * @param err  standard error.
     * @return the exit status: 0, a return code (8 to 44) or 1 for a usage error.
     */
    public static int run(final String[] args, final PrintStream out, final PrintStream err)
    {
        final CommandLine cmd = new CommandLine(new Iucv(out, err));
        cmd.setExpandAtFiles(false); // '@' is a valid character of machine names and SMSG texts
        cmd.setCaseInsensitiveEnumValuesAllowed(true);
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(err, true));
        cmd.getSubcommands().get("smsg").setUnmatchedOptionsArePositionalParams(true);
        cmd.getSubcommands().get("send").setUnmatchedOptionsArePositionalParams(true); // TEXT may start with '-'
        final CommandLine stage = cmd.getSubcommands().get("stage");
        stage.setStopAtPositional(true); // everything after NAME belongs to the stage, untouched
        stage.setUnmatchedOptionsArePositionalParams(true);
        cmd.setParameterExceptionHandler((ex, argv) ->
        {
            final CommandLine c = ex.getCommandLine();
            err.println(c.getCommandSpec().qualifiedName() + ": " + ex.getMessage());
            err.println("Try '" + c.getCommandSpec().qualifiedName() + " --help' for usage.");
            return USAGE;
        });
        cmd.setExecutionExceptionHandler((ex, c, parsed) ->
        {
            if (ex instanceof IucvException)
            {
                err.println(ex.getMessage());
                return ((IucvException)ex).code();
            }
            if (ex instanceof UsageException)
            {
                err.println(c.getCommandSpec().qualifiedName() + ": " + ex.getMessage());
                return USAGE;
            }
            err.println(c.getCommandSpec().qualifiedName() + ": failed: " + ex);
            if (null != System.getenv("IUCV_DEBUG"))
            {
                ex.printStackTrace(err);
            }
            return USAGE;
        });
        return cmd.execute(args);
    }

    /** {@inheritDoc} */
    public Integer call() throws UsageException
    {
        throw new UsageException("a subcommand is missing; one of " +
            String.join(", ", spec.subcommands().keySet()));
    }
}
