package org.vmiucv.xfl.stage;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;

import org.vmiucv.xfl.XflConsumer;
import org.vmiucv.xfl.XflProducer;
import org.vmiucv.xfl.XflStatus;

/**
 * {@code console}: the gateway between shell byte streams and records.
 *
 * <ul>
 *   <li>No primary input (first stage): reads stdin, writes one record per line with the newline
 *       removed (a last line without newline is a record too; carriage returns are kept).</li>
 *   <li>Primary input connected: writes each record to stdout followed by a newline (bytes as
 *       they are, flushed per record) and, when the primary output is connected, the record
 *       unchanged to it.</li>
 * </ul>
 * With no stream connected at all it is a usage error.
 */
public final class ConsoleStage implements Stage
{
    /** Stage name. */
    public static final String NAME = "console";

    @Override
    public int run(final String args, final StageContext context) throws IOException
    {
        final XflConsumer in = context.input(0);
        final XflProducer out = context.output(0);
        if (in == null && out == null)
        {
            Records.usage(context, NAME, "no stream is connected: PIPECONN needs *.INPUT.0 or *.OUTPUT.0");
            return 1;
        }
        if (in == null)
        {
            readStdin(context.stdin(), out);
            return 0;
        }
        final PrintStream stdout = context.stdout();
        byte[] record;
        while ((record = in.peekto()) != null)
        {
            stdout.write(record, 0, record.length);
            stdout.write('\n');
            stdout.flush();
            if (out != null && out.output(record) != XflStatus.OK)
            {
                break;
            }
            in.readto();
        }
        return 0;
    }

    private static void readStdin(final InputStream stdin, final XflProducer out) throws IOException
    {
        final InputStream lines = new BufferedInputStream(stdin);
        final ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = lines.read()) >= 0)
        {
            if (b == '\n')
            {
                if (out.output(line.toByteArray()) != XflStatus.OK)
                {
                    return;
                }
                line.reset();
            }
            else
            {
                line.write(b);
            }
        }
        if (line.size() > 0)
        {
            out.output(line.toByteArray());
        }
    }
}
