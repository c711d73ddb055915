package org.vmiucv.xfl.stage;

import java.io.IOException;

/**
 * One pipeline stage: runs to completion on the calling thread.
 *
 * <p>A stage reports a usage error (missing stream, bad operand) on {@code context.stderr()} and
 * returns 1; a protocol error of a neighbour propagates as
 * {@link org.vmiucv.xfl.XflProtocolException} and {@link StageMain} reports it.
 */
@FunctionalInterface
public interface Stage
{
    /**
     * @param args    the argument string exactly as given (blanks kept).
     * @param context connectors and standard streams; the caller closes it.
     * @return exit status: 0 for success, 1 for a usage error.
     * @throws IOException on an I/O failure other than a neighbour going away.
     */
    int run(String args, StageContext context) throws IOException;
}
