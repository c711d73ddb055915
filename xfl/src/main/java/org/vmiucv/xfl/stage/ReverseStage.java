package org.vmiucv.xfl.stage;

import java.io.IOException;

import org.vmiucv.xfl.XflConsumer;
import org.vmiucv.xfl.XflProducer;

/**
 * {@code reverse}: writes each input record with its bytes in reverse order (CMS Pipelines
 * REVERSE). Note: the XFL 1.0.x C program named {@code reverse} is its {@code buffer} stage
 * compiled to emit the <em>records</em> in reverse order; this stage follows CMS instead.
 */
public final class ReverseStage implements Stage
{
    /** Stage name. */
    public static final String NAME = "reverse";

    @Override
    public int run(final String args, final StageContext context) throws IOException
    {
        final XflConsumer in = context.input(0);
        final XflProducer out = context.output(0);
        if (in == null || out == null)
        {
            Records.usage(context, NAME, "needs a primary input and a primary output: PIPECONN has " +
                (in == null ? "no *.INPUT.0 token" : "no *.OUTPUT.0 token"));
            return 1;
        }
        if (!args.isBlank())
        {
            Records.usage(context, NAME, "takes no operands, got \"" + args + "\"");
            return 1;
        }
        Records.copy(in, out, ReverseStage::reverse);
        return 0;
    }

    /**
     * @param record reversed in place.
     * @return {@code record}.
     */
    static byte[] reverse(final byte[] record)
    {
        for (int i = 0, j = record.length - 1; i < j; i++, j--)
        {
            final byte t = record[i];
            record[i] = record[j];
            record[j] = t;
        }
        return record;
    }
}
