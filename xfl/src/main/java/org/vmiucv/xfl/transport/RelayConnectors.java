package org.vmiucv.xfl.transport;

import java.io.Closeable;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

import org.vmiucv.xfl.XflConnectors;
import org.vmiucv.xfl.XflConsumer;
import org.vmiucv.xfl.XflContext;
import org.vmiucv.xfl.XflProducer;

/**
 * The four XFL connectors between one process and the Supervisor, seen from either side.
 * <pre>
 *   connector  direction            carries                        Supervisor side   process side
 *   0          Supervisor-&gt;process  events, RPC results             sessionOut        sessionIn
 *   1          process-&gt;Supervisor  RPC requests, DONE              sessionIn         sessionOut
 *   2          process-&gt;Supervisor  API requests                    apiIn             apiOut
 *   3          Supervisor-&gt;process  API responses                   apiOut            apiIn
 * </pre>
 * Both sides open connector 0 to 3 in order, each data FIFO before its ctrl FIFO; an open of a FIFO blocks until
 * the other side opens it too. A watchdog gives up after a deadline, or as soon as the peer is found dead, by
 * opening the FIFOs itself read-write (which never blocks on Linux), so a blocked open always returns.
 */
final class RelayConnectors
{
    static final int EVENTS = 0;
    static final int RPC = 1;
    static final int API_REQUEST = 2;
    static final int API_RESPONSE = 3;

    final XflProducer sessionOut;
    final XflConsumer sessionIn;
    final XflProducer apiOut;
    final XflConsumer apiIn;

    private RelayConnectors(final XflProducer sessionOut, final XflConsumer sessionIn, final XflProducer apiOut,
        final XflConsumer apiIn)
    {
        this.sessionOut = sessionOut;
        this.sessionIn = sessionIn;
        this.apiOut = apiOut;
        this.apiIn = apiIn;
    }

    /**
     * Open the four connectors of a process.
     *
     * @param dir            system directory.
     * @param key            process key.
     * @param supervisorSide true in the Supervisor, false in the process.
     * @param context        XFL options.
     * @param timeoutMs      give up after this long.
     * @param peerAlive      checked every 20 ms; false makes it give up at once.
     * @return the connectors.
     * @throws IOException if the peer did not open its ends in time or died.
     */
    static RelayConnectors open(final Path dir, final String key, final boolean supervisorSide,
        final XflContext context, final long timeoutMs, final BooleanSupplier peerAlive) throws IOException
    {
        final List<Path> fifos = new ArrayList<>();
        for (int c = 0; c < XflNamespace.CONNECTORS; c++)
        {
            fifos.add(XflNamespace.dataFifo(dir, key, c));
            fifos.add(XflNamespace.ctrlFifo(dir, key, c));
        }
        final Watchdog watchdog = new Watchdog(fifos, System.currentTimeMillis() + timeoutMs, peerAlive);
        watchdog.start();
        final Object[] ends = new Object[XflNamespace.CONNECTORS];
        try
        {
            for (int c = 0; c < XflNamespace.CONNECTORS; c++)
            {
                final boolean produce = supervisorSide == (c == EVENTS || c == API_RESPONSE);
                final Path data = XflNamespace.dataFifo(dir, key, c);
                final Path ctrl = XflNamespace.ctrlFifo(dir, key, c);
                ends[c] = produce ? XflConnectors.openProducer(data, ctrl, context) :
                    XflConnectors.openConsumer(data, ctrl, context);
                if (watchdog.gaveUp)
                {
                    throw new IOException(watchdog.reason + " while opening " + data.getFileName());
                }
            }
        }
        catch (final IOException | RuntimeException ex)
        {
            for (final Object end : ends)
            {
                closeQuietly((Closeable)end);
            }
            throw ex;
        }
        finally
        {
            watchdog.finish();
        }
        return supervisorSide ?
            new RelayConnectors((XflProducer)ends[EVENTS], (XflConsumer)ends[RPC], (XflProducer)ends[API_RESPONSE],
                (XflConsumer)ends[API_REQUEST]) :
            new RelayConnectors((XflProducer)ends[RPC], (XflConsumer)ends[EVENTS], (XflProducer)ends[API_REQUEST],
                (XflConsumer)ends[API_RESPONSE]);
    }

    /**
     * Close the producing ends (the peer's readers see end of file, so it closes its own), then the consuming ends
     * (with QUIT).
     */
    void close()
    {
        closeQuietly(sessionOut);
        closeQuietly(apiOut);
        closeQuietly(sessionIn);
        closeQuietly(apiIn);
    }

    /** Close only what this side writes: the peer sees end of file and closes its side. */
    void closeOutputs()
    {
        closeQuietly(sessionOut);
        closeQuietly(apiOut);
    }

    static void closeQuietly(final AutoCloseable c)
    {
        if (null != c)
        {
            try
            {
                c.close();
            }
            catch (final Exception ignore)
            {
                // closing a connector whose peer is gone: nothing more to do
            }
        }
    }

    /** Unblocks a FIFO open that waits for a peer that will never come. */
    private static final class Watchdog extends Thread
    {
        private final List<Path> fifos;
        private final long deadlineMs;
        private final BooleanSupplier peerAlive;
        private volatile boolean done;
        volatile boolean gaveUp;
        volatile String reason = "";

        Watchdog(final List<Path> fifos, final long deadlineMs, final BooleanSupplier peerAlive)
        {
            super("xfl-open-watchdog");
            setDaemon(true);
            this.fifos = fifos;
            this.deadlineMs = deadlineMs;
            this.peerAlive = peerAlive;
        }

        @Override
        public void run()
        {
            while (!done)
            {
                try
                {
                    Thread.sleep(20);
                }
                catch (final InterruptedException ex)
                {
                    return;
                }
                if (!gaveUp && System.currentTimeMillis() > deadlineMs)
                {
                    reason = "the peer did not open its XFL connectors in time";
                    gaveUp = true;
                }
                else if (!gaveUp && !peerAlive.getAsBoolean())
                {
                    reason = "the peer process died";
                    gaveUp = true;
                }
                if (gaveUp && !done)
                {
                    for (final Path p : fifos)
                    {
                        if (!java.nio.file.Files.exists(p) || java.nio.file.Files.isRegularFile(p))
                        {
                            continue; // never create a regular file in place of a FIFO
                        }
                        try (RandomAccessFile ignored = new RandomAccessFile(p.toFile(), "rw"))
                        {
                            // opening read-write completes any open blocked on this FIFO
                        }
                        catch (final IOException ignore)
                        {
                            // already gone
                        }
                    }
                }
            }
        }

        void finish()
        {
            done = true;
            interrupt();
        }
    }
}
