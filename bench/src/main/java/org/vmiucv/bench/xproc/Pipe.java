package org.vmiucv.bench.xproc;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.Field;

import org.HdrHistogram.Histogram;

/**
 * A raw Java pipe round trip between two processes: this process writes to the peer's stdin and reads its stdout
 * ({@link PipePeer}). Blocking: both ends sleep in read() (each wake-up of a blocked reader costs tens of µs here).
 * Spinning: both ends poll {@code available()} before read, trading a core for latency.
 */
final class Pipe implements Subject
{
    private final boolean spin;
    private final Process peer;
    private final OutputStream out;
    private final InputStream rawIn;
    private final DataInputStream in;
    private final byte[] msg = new byte[64 * 1024 + 4];

    /**
     * @param spin poll available() instead of blocking in read().
     * @throws IOException if the peer cannot start.
     */
    Pipe(final boolean spin) throws IOException
    {
        this.spin = spin;
        peer = Spin.builder(Spin.JVM_FLAGS, System.getProperty("java.class.path"), PipePeer.class.getName(),
            spin ? "spin" : "block").start();
        out = unbuffered(peer.getOutputStream());
        rawIn = unbuffered(peer.getInputStream());
        in = new DataInputStream(rawIn);
    }

    /**
     * The streams of a Process are buffered wrappers of a FileInputStream / FileOutputStream: use those directly
     * (with --add-opens java.base/java.io) so one write is one write(2); fall back to the wrapper.
     */
    private static <T> T unbuffered(final T stream)
    {
        try
        {
            final Field f = java.io.FilterOutputStream.class.isInstance(stream) ?
                java.io.FilterOutputStream.class.getDeclaredField("out") :
                java.io.FilterInputStream.class.getDeclaredField("in");
            f.setAccessible(true);
            @SuppressWarnings("unchecked") final T inner = (T)f.get(stream);
            return null != inner ? inner : stream;
        }
        catch (final ReflectiveOperationException | RuntimeException ex)
        {
            return stream;
        }
    }

    /**
     * Spin on available() until a byte is there, then return; after 100,000 empty polls return anyway, so the
     * caller falls back to a blocking read.
     *
     * @param in the stream.
     * @throws IOException on a pipe error.
     */
    static void awaitAvailable(final InputStream in) throws IOException
    {
        for (int i = 0; i < 100_000 && in.available() == 0; i++)
        {
            Thread.onSpinWait();
        }
    }

    /** {@inheritDoc} */
    public String name()
    {
        return spin ? "Java pipe (spin on available)" : "Java pipe (blocking read)";
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
        msg[0] = (byte)(payload >>> 24);
        msg[1] = (byte)(payload >>> 16);
        msg[2] = (byte)(payload >>> 8);
        msg[3] = (byte)payload;
        final long alloc0 = AllocationMeter.allocatedBytes();
        for (int i = 0; i < n; i++)
        {
            final long t0 = System.nanoTime();
            out.write(msg, 0, 4 + payload);
            out.flush();
            if (spin)
            {
                awaitAvailable(rawIn);
            }
            in.readFully(msg, 0, 4 + payload);
            h.recordValue(Math.min(System.nanoTime() - t0, MAX_LATENCY_NS));
        }
        return new Rtt(h, AllocationMeter.perOp(alloc0, n));
    }

    /** {@inheritDoc} */
    public void close()
    {
        try
        {
            out.write(new byte[4]);
            out.flush();
            peer.waitFor(2, java.util.concurrent.TimeUnit.SECONDS);
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
