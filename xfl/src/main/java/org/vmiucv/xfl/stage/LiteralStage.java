package org.vmiucv.xfl.stage;

import java.io.IOException;

import org.vmiucv.xfl.XflConsumer;
import org.vmiucv.xfl.XflProducer;
import org.vmiucv.xfl.XflStatus;

/**
 * {@code literal TEXT}: writes TEXT (exactly as given, blanks kept) as one record to the primary
 * output, then copies every record of the primary input, if connected, to the primary output.
 * Without a primary output it is a usage error, as in the C stage.
 */
public final class LiteralStage implements Stage
{
    /** Stage name. */
    public static final String NAME = "literal";

    @Override
    public int run(final String args, final StageContext context) throws IOException
    {
        final XflProducer out = context.output(0);
        if (out == null)
        {
            Records.usage(context, NAME, "no output stream is connected: PIPECONN has no *.OUTPUT.0 token");
            return 1;
        }
        if (out.output(args.getBytes(Records.ARGS_CHARSET)) != XflStatus.OK)
        {
            return 0;
        }
        final XflConsumer in = context.input(0);
        if (in != null)
        {
            Records.copy(in, out, record -> record);
        }
        return 0;
    }
}
