package org.vmiucv.xfl;

import java.io.IOException;
import java.io.InputStream;

/**
 * The bounded spin before a blocking pipe read ({@link XflContext#spinLimitNs()}).
 */
final class SpinThenBlock
{
    private SpinThenBlock()
    {
    }

    /**
     * Read at least one byte, first polling {@code available()} for at most {@code spinLimitNs}.
     * The spin never decides anything: when it gives up the ordinary blocking read follows, and a
     * closed peer (which shows as {@code available() == 0}) ends the spin at its deadline.
     */
    static int read(final InputStream in, final byte[] buffer, final int offset, final int length,
        final long spinLimitNs) throws IOException
    {
        if (spinLimitNs > 0)
        {
            final long deadlineNs = System.nanoTime() + spinLimitNs;
            while (in.available() == 0 && System.nanoTime() - deadlineNs < 0)
            {
                Thread.onSpinWait();
            }
        }
        return in.read(buffer, offset, length);
    }
}
