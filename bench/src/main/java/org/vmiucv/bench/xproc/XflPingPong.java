package org.vmiucv.bench.xproc;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.HdrHistogram.Histogram;
import org.vmiucv.xfl.Fifos;
import org.vmiucv.xfl.XflConnectors;
import org.vmiucv.xfl.XflConsumer;
import org.vmiucv.xfl.XflContext;
import org.vmiucv.xfl.XflProducer;

/**
 * The XFL record protocol between two processes over named FIFOs: this process is the producer of connector "a"
 * and the consumer of connector "b", {@link XflPeer} the other ends. A round trip is one record each way, each
 * taken with STAT, PEEK and NEXT (six ctrl/data exchanges in all, against the two of a raw pipe round trip).
 * This is the protocol alone; our IUCV over the XFL transport is the subject {@link XflIucv}.
 * Blocking reads, or spin-then-block with a budget per read (the xfl module's {@code spinLimitNs}).
 */
final class XflPingPong implements Subject
{
    private final long spinLimitNs;
    private final Path dir;
    private final Process peer;
    private final XflProducer out;
    private final XflConsumer in;
    private final byte[] msg = new byte[64 * 1024];
    private final ByteBuffer reply = ByteBuffer.allocate(64 * 1024);

    /**
     * @param parent      where the FIFO directory goes.
     * @param spinLimitNs spin budget before each blocking read, 0 to block at once.
     * @throws Exception if the FIFOs or the peer cannot be set up within 30 s.
     */
    XflPingPong(final Path parent, final long spinLimitNs) throws Exception
    {
        this.spinLimitNs = spinLimitNs;
        dir = Files.createDirectory(parent.resolve(spinLimitNs > 0 ? "xfl-spin" : "xfl-block"));
        for (final String f : new String[] {"a.data", "a.ctrl", "b.data", "b.ctrl"})
        {
            Fifos.create(dir.resolve(f));
        }
        peer = Spin.start(XflPeer.class, dir.toString(), Long.toString(spinLimitNs));
        final XflContext context = new XflContext().maxRecordLength(64 * 1024).spinLimitNs(spinLimitNs).conclude();
        // opening a FIFO blocks until the peer opens the other end: a daemon thread, so a dead peer cannot hang us
        final CompletableFuture<Object[]> open = new CompletableFuture<>();
        final Thread opener = new Thread(() ->
        {
            try
            {
                final XflProducer p = XflConnectors.openProducer(dir.resolve("a.data"), dir.resolve("a.ctrl"), context);
                final XflConsumer c = XflConnectors.openConsumer(dir.resolve("b.data"), dir.resolve("b.ctrl"), context);
                open.complete(new Object[] {p, c});
            }
            catch (final IOException | RuntimeException ex)
            {
                open.completeExceptionally(ex);
            }
        }, "xfl-open");
        opener.setDaemon(true);
        opener.start();
        try
        {
            final Object[] ends = open.get(30, TimeUnit.SECONDS);
            out = (XflProducer)ends[0];
            in = (XflConsumer)ends[1];
        }
        catch (final Exception ex)
        {
            Spin.kill(peer);
            throw new IllegalStateException("the XFL peer did not open its FIFOs within 30 s", ex);
        }
    }

    /** {@inheritDoc} */
    public String name()
    {
        return spinLimitNs > 0 ? "XFL records (spin then block)" : "XFL records (blocking)";
    }

    /** {@inheritDoc} */
    public boolean pingPongs(final int payload)
    {
        return payload <= 1024;
    }

    /** {@inheritDoc} */
    public Rtt roundTrips(final int n, final int payload) throws IOException
    {
        final Histogram h = Subject.histogram();
        final long alloc0 = AllocationMeter.allocatedBytes();
        for (int i = 0; i < n; i++)
        {
            final long t0 = System.nanoTime();
            if (out.output(msg, 0, payload) < 0)
            {
                throw new IllegalStateException("XFL peer severed");
            }
            reply.clear();
            if (in.readto(reply) != payload)
            {
                throw new IllegalStateException("XFL peer answered a wrong record");
            }
            h.recordValue(Math.min(System.nanoTime() - t0, MAX_LATENCY_NS));
        }
        return new Rtt(h, AllocationMeter.perOp(alloc0, n));
    }

    /** {@inheritDoc} */
    public void close()
    {
        try
        {
            out.close();
            in.close();
            peer.waitFor(2, TimeUnit.SECONDS);
        }
        catch (final IOException ex)
        {
            // the peer is gone already
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
        Spin.kill(peer);
    }
}
