package org.vmiucv.xfl.stage;

import java.io.IOException;

import org.vmiucv.xfl.XflConsumer;
import org.vmiucv.xfl.XflProducer;

/**
 * {@code hole}: severs its outputs at once, then consumes every input record and writes nothing.
 */
public final class HoleStage implements Stage
{
    /** Stage name. */
    public static final String NAME = "hole";

    @Override
    public int run(final String args, final StageContext context) throws IOException
    {
        for (int i = 0; context.output(i) != null; i++)
        {
            final XflProducer out = context.output(i);
            out.close();
        }
        final XflConsumer in = context.input(0);
        if (in != null)
        {
            while (in.readto() != null)
            {
                // consume and discard
            }
        }
        return 0;
    }
}
