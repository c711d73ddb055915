package org.vmiucv.xfl.stage;

import java.io.IOException;
import java.nio.charset.Charset;

import org.vmiucv.xfl.XflConsumer;
import org.vmiucv.xfl.XflProducer;
import org.vmiucv.xfl.XflStatus;

/**
 * Helpers shared by the stages.
 */
final class Records
{
    /** The charset the JVM decoded the command line with; encoding back with it restores the bytes. */
    static final Charset ARGS_CHARSET = argsCharset();

    private Records()
    {
    }

    /**
     * The C stages' loop: peek a record, write it (possibly changed) downstream, then consume it,
     * so a record is never held back. Stops at end of input or when downstream severs.
     */
    static void copy(final XflConsumer in, final XflProducer out, final java.util.function.UnaryOperator<byte[]> map)
        throws IOException
    {
        byte[] record;
        while ((record = in.peekto()) != null)
        {
            if (out.output(map.apply(record)) != XflStatus.OK)
            {
                return;
            }
            in.readto();
        }
    }

    static void usage(final StageContext context, final String stage, final String message)
    {
        context.stderr().println("iucv stage " + stage + ": " + message);
        context.stderr().flush();
    }

    private static Charset argsCharset()
    {
        final String name = System.getProperty("sun.jnu.encoding");
        try
        {
            return name != null ? Charset.forName(name) : Charset.defaultCharset();
        }
        catch (final RuntimeException ex)
        {
            return Charset.defaultCharset();
        }
    }
}
