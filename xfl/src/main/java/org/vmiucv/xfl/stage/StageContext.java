package org.vmiucv.xfl.stage;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.vmiucv.xfl.XflConnectors;
import org.vmiucv.xfl.XflConsumer;
import org.vmiucv.xfl.XflContext;
import org.vmiucv.xfl.XflProducer;

/**
 * What a running stage sees: its input and output connectors (stream 0 is the primary one) and
 * the process's standard streams.
 *
 * <p>{@link #fromEnvironment} opens every connector named in {@code PIPECONN} at once, so a bad fd
 * is reported before the stage starts; {@link #close()} severs every input (sending {@code QUIT})
 * and closes every output, used or not, so that each neighbour sees the end.
 */
public final class StageContext implements AutoCloseable
{
    private final List<XflConsumer> inputs;
    private final List<XflProducer> outputs;
    private final InputStream stdin;
    private final PrintStream stdout;
    private final PrintStream stderr;

    private StageContext(final List<XflConsumer> inputs, final List<XflProducer> outputs,
        final InputStream stdin, final PrintStream stdout, final PrintStream stderr)
    {
        this.inputs = inputs;
        this.outputs = outputs;
        this.stdin = stdin;
        this.stdout = stdout;
        this.stderr = stderr;
    }

    /**
     * Open the connectors named in {@code env.get("PIPECONN")} (none when it is absent).
     *
     * @param env     environment variables.
     * @param context options for every connector.
     * @param stdin   the stage's standard input.
     * @param stdout  the stage's standard output.
     * @param stderr  the stage's standard error.
     * @return the context.
     * @throws IllegalArgumentException for a malformed {@code PIPECONN} or an fd that is not open.
     * @throws IllegalStateException    when the JVM lacks the flags to wrap fds
     *                                  (see {@link org.vmiucv.xfl.FileDescriptors}).
     */
    public static StageContext fromEnvironment(final Map<String, String> env, final XflContext context,
        final InputStream stdin, final PrintStream stdout, final PrintStream stderr)
    {
        final PipeConn pipeConn = PipeConn.parse(env.get(PipeConn.VARIABLE));
        final List<XflConsumer> inputs = new ArrayList<>();
        final List<XflProducer> outputs = new ArrayList<>();
        final StageContext stage = new StageContext(inputs, outputs, stdin, stdout, stderr);
        try
        {
            for (final PipeConn.Connector c : pipeConn.inputs())
            {
                fill(inputs, c.stream());
                inputs.set(c.stream(), XflConnectors.consumer(c.dataFd(), c.ctrlFd(), context));
            }
            for (final PipeConn.Connector c : pipeConn.outputs())
            {
                fill(outputs, c.stream());
                outputs.set(c.stream(), XflConnectors.producer(c.dataFd(), c.ctrlFd(), context));
            }
        }
        catch (final RuntimeException ex)
        {
            stage.close();
            throw ex;
        }
        return stage;
    }

    /**
     * A context over connectors opened by the caller (in-process pipelines, tests); it owns them.
     *
     * @param inputs  input connectors by stream number, {@code null} entries for gaps.
     * @param outputs output connectors by stream number, {@code null} entries for gaps.
     * @param stdin   the stage's standard input.
     * @param stdout  the stage's standard output.
     * @param stderr  the stage's standard error.
     * @return the context.
     */
    public static StageContext of(final List<XflConsumer> inputs, final List<XflProducer> outputs,
        final InputStream stdin, final PrintStream stdout, final PrintStream stderr)
    {
        return new StageContext(new ArrayList<>(inputs), new ArrayList<>(outputs), stdin, stdout, stderr);
    }

    private static <T> void fill(final List<T> list, final int index)
    {
        while (list.size() <= index)
        {
            list.add(null);
        }
    }

    /**
     * @param stream stream number, 0 for the primary input.
     * @return the input connector, or {@code null} when that stream is not connected.
     */
    public XflConsumer input(final int stream)
    {
        return stream < inputs.size() ? inputs.get(stream) : null;
    }

    /**
     * @param stream stream number, 0 for the primary output.
     * @return the output connector, or {@code null} when that stream is not connected.
     */
    public XflProducer output(final int stream)
    {
        return stream < outputs.size() ? outputs.get(stream) : null;
    }

    /**
     * @return the stage's standard input.
     */
    public InputStream stdin()
    {
        return stdin;
    }

    /**
     * @return the stage's standard output.
     */
    public PrintStream stdout()
    {
        return stdout;
    }

    /**
     * @return the stage's standard error.
     */
    public PrintStream stderr()
    {
        return stderr;
    }

    /**
     * Sever every input and close every output; errors closing one do not stop the others.
     */
    @Override
    public void close()
    {
        for (final XflConsumer in : inputs)
        {
            if (in != null)
            {
                try
                {
                    in.sever();
                }
                catch (final IOException ignore)
                {
                    // closing a pipe end of a neighbour that is already gone
                }
            }
        }
        for (final XflProducer out : outputs)
        {
            if (out != null)
            {
                try
                {
                    out.close();
                }
                catch (final IOException ignore)
                {
                    // closing a pipe end of a neighbour that is already gone
                }
            }
        }
    }
}
