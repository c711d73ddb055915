package org.vmiucv.xfl.stage;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import org.vmiucv.xfl.XflContext;
import org.vmiucv.xfl.XflProtocolException;

/**
 * Entry point for {@code ./iucv stage NAME [ARGS]} and for POSIX Pipelines launchers: runs one
 * stage with the connectors named in {@code PIPECONN}.
 *
 * <p>Environment: {@code PIPECONN} (connectors), {@code IUCV_XFL_SPIN_NS} (optional spin before
 * each blocking read, default 0) and {@code IUCV_XFL_MAX_RECORD} (optional largest record, default
 * 16 MiB). The JVM needs {@code --add-opens java.base/java.io=ALL-UNNAMED} (or the project's usual
 * {@code --add-opens java.base/jdk.internal.misc=ALL-UNNAMED}) to wrap inherited fds; see
 * {@link org.vmiucv.xfl.FileDescriptors}.
 *
 * <p>Exit status: 0 on success, 1 for an unknown stage, a usage error, a bad {@code PIPECONN}, a
 * protocol error of a neighbour or an I/O failure; the message goes to stderr without a stack trace.
 */
public final class StageMain
{
    /** Variable with the spin budget in nanoseconds. */
    public static final String SPIN_NS_VARIABLE = "IUCV_XFL_SPIN_NS";
    /** Variable with the largest record length in bytes. */
    public static final String MAX_RECORD_VARIABLE = "IUCV_XFL_MAX_RECORD";

    private static final Map<String, Stage> STAGES = new TreeMap<>();

    static
    {
        STAGES.put(LiteralStage.NAME, new LiteralStage());
        STAGES.put(ConsoleStage.NAME, new ConsoleStage());
        STAGES.put(ReverseStage.NAME, new ReverseStage());
        STAGES.put(CountStage.NAME, new CountStage());
        STAGES.put(HoleStage.NAME, new HoleStage());
    }

    private StageMain()
    {
    }

    /**
     * Command line: {@code StageMain NAME [ARGS...]}; the arguments after the name are joined with
     * single blanks (as the C library's {@code xfl_argcat} does), so a wrapper passing {@code "$*"}
     * as one argument keeps its blanks exactly.
     *
     * @param argv stage name, then its arguments.
     */
    public static void main(final String[] argv)
    {
        if (argv.length == 0)
        {
            System.err.println("usage: StageMain NAME [ARGS]; stages: " + String.join(", ", STAGES.keySet()));
            System.exit(1);
        }
        final StringBuilder args = new StringBuilder();
        for (int i = 1; i < argv.length; i++)
        {
            args.append(i > 1 ? " " : "").append(argv[i]);
        }
        System.exit(run(argv[0], args.toString(), System.getenv(), System.in, System.out, System.err));
    }

    /**
     * Run one stage.
     *
     * @param name   stage name, any case.
     * @param args   its argument string, blanks kept exactly.
     * @param env    environment ({@code PIPECONN} and the options above).
     * @param stdin  standard input.
     * @param stdout standard output.
     * @param stderr standard error.
     * @return exit status: 0 on success, 1 on any error (reported on {@code stderr}).
     */
    public static int run(final String name, final String args, final Map<String, String> env,
        final InputStream stdin, final PrintStream stdout, final PrintStream stderr)
    {
        final Stage stage = STAGES.get(name.trim().toLowerCase(Locale.ROOT));
        if (stage == null)
        {
            stderr.println("iucv stage: unknown stage \"" + name + "\"; known stages: " + String.join(", ", STAGES.keySet()));
            stderr.flush();
            return 1;
        }
        final String stageName = name.trim().toLowerCase(Locale.ROOT);
        final XflContext context;
        final StageContext stageContext;
        try
        {
            context = new XflContext()
                .spinLimitNs(longOption(env, SPIN_NS_VARIABLE, 0))
                .maxRecordLength((int)Math.min(Integer.MAX_VALUE,
                    longOption(env, MAX_RECORD_VARIABLE, XflContext.DEFAULT_MAX_RECORD_LENGTH)))
                .conclude();
            stageContext = StageContext.fromEnvironment(env, context, stdin, stdout, stderr);
        }
        catch (final IllegalArgumentException | IllegalStateException ex)
        {
            stderr.println("iucv stage " + stageName + ": " + ex.getMessage());
            stderr.flush();
            return 1;
        }
        try (stageContext)
        {
            return stage.run(args, stageContext);
        }
        catch (final XflProtocolException | IOException | IllegalArgumentException ex)
        {
            stderr.println("iucv stage " + stageName + ": " + ex.getMessage());
            stderr.flush();
            return 1;
        }
        finally
        {
            stdout.flush();
        }
    }

    private static long longOption(final Map<String, String> env, final String variable, final long defaultValue)
    {
        final String value = env.get(variable);
        if (value == null || value.isBlank())
        {
            return defaultValue;
        }
        try
        {
            return Long.parseLong(value.trim());
        }
        catch (final NumberFormatException ex)
        {
            throw new IllegalArgumentException(variable + " \"" + value + "\" is not a decimal number");
        }
    }
}
