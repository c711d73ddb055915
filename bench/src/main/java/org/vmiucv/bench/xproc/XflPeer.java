package org.vmiucv.bench.xproc;

import java.nio.ByteBuffer;
import java.nio.file.Path;

import org.vmiucv.xfl.XflConnectors;
import org.vmiucv.xfl.XflConsumer;
import org.vmiucv.xfl.XflContext;
import org.vmiucv.xfl.XflProducer;

/**
 * The peer of the XFL measurements ({@link XflPingPong}): consumer on connector "a", producer on connector "b";
 * every record read from "a" is written back on "b", until "a" ends.
 * <p>
 * Usage: {@code XflPeer DIR SPIN_LIMIT_NS}.
 */
public final class XflPeer
{
    private XflPeer()
    {
    }

    /**
     * @param args the directory of the FIFOs and the spin-before-block budget.
     * @throws Exception on a pipe error.
     */
    public static void main(final String[] args) throws Exception
    {
        final Path dir = Path.of(args[0]);
        final XflContext context = new XflContext().maxRecordLength(64 * 1024).spinLimitNs(Long.parseLong(args[1]))
            .conclude();
        try (XflConsumer in = XflConnectors.openConsumer(dir.resolve("a.data"), dir.resolve("a.ctrl"), context);
            XflProducer out = XflConnectors.openProducer(dir.resolve("b.data"), dir.resolve("b.ctrl"), context))
        {
            final ByteBuffer record = ByteBuffer.allocate(64 * 1024);
            final byte[] bytes = record.array();
            while (true)
            {
                record.clear();
                final int length = in.readto(record);
                if (length < 0)
                {
                    return;
                }
                if (out.output(bytes, 0, length) < 0)
                {
                    return;
                }
            }
        }
    }
}
