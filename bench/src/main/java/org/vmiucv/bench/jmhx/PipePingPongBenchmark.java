package org.vmiucv.bench.jmhx;

import java.io.DataInputStream;
import java.io.File;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.vmiucv.bench.xproc.PipePeer;

/**
 * A raw Java pipe round trip between this JVM and a {@link PipePeer} process, as a JMH sample: the baseline of the
 * XFL transport (which runs over POSIX pipes) without any protocol.
 * <p>
 * <b>Design.</b> The benchmark creates two FIFOs with {@code mkfifo -m 0600} in a private directory and gives them
 * to the peer as its stdin ({@code ping}) and stdout ({@code pong}). To avoid blocking opens, it first holds both
 * FIFOs open read-write, starts the peer (the JDK opens the redirections in this JVM and hands the descriptors to
 * the child), opens its own write end of {@code ping} and read end of {@code pong}, which cannot block because the
 * child now holds the other ends, and drops the read-write holders; from then on a peer that dies gives EOF or
 * EPIPE instead of a hang. Teardown sends a length of 0 (the peer ends), stops the peer by its handle and removes
 * the FIFOs and their directory.
 * <p>
 * <b>One op</b>: one {@code write(2)} of a 4-byte big-endian length plus {@link #payload} bytes to {@code ping},
 * then {@code read(2)}s until the same number of bytes is back from {@code pong}; streams unbuffered, so one write
 * is one system call (64 KiB exceeds the pipe capacity and moves in pieces). Measured: both copies through the
 * kernel, the wake-ups of the two readers and the peer's Java read/write. The loop allocates nothing on the heap
 * (the JDK copies through a native buffer).
 * <p>
 * <b>Caveats on 2 CPUs</b>: in {@code block} mode each side sleeps in {@code read(2)} and every message costs a
 * wake-up (tens of microseconds here); in {@code spin} mode both sides poll {@code available()} first (an
 * {@code ioctl} per poll; the peer falls back to a blocking read after 100,000 empty polls) and need a core each,
 * so any third runnable thread shows up in the tail.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class PipePingPongBenchmark extends CrossProcessFork
{
    private static final int HEADER_LENGTH = 4;
    private static final long START_TIMEOUT_NS = TimeUnit.SECONDS.toNanos(30);

    /** Payload length in bytes, after the 4-byte length. */
    @Param({"32", "1024", "65536"})
    public int payload;

    /** {@code block}: both sides block in read(2); {@code spin}: both poll available() before reading. */
    @Param({"block", "spin"})
    public String mode;

    private final List<Process> children = new ArrayList<>();
    private byte[] msg;
    private boolean spin;
    private Path dir;
    private FileOutputStream out;
    private FileInputStream rawIn;
    private DataInputStream in;

    /**
     * Create the FIFOs, start the peer on them and run a first round trip (bounded: the peer JVM must start).
     *
     * @throws Exception if any of it fails.
     */
    @Setup(Level.Trial)
    public void setUp() throws Exception
    {
        try
        {
            if (payload < 1 || payload > 64 * 1024)
            {
                throw new IllegalArgumentException("payload must be 1..65536 (PipePeer's buffer), not " + payload);
            }
            spin = "spin".equals(mode);
            if (!spin && !"block".equals(mode))
            {
                throw new IllegalArgumentException("mode must be block or spin, not " + mode);
            }
            msg = new byte[HEADER_LENGTH + payload];
            msg[0] = (byte)(payload >>> 24);
            msg[1] = (byte)(payload >>> 16);
            msg[2] = (byte)(payload >>> 8);
            msg[3] = (byte)payload;
            dir = ChildJvm.newDir("jmhx-pipe-");
            final File ping = mkfifo(dir.resolve("ping"));
            final File pong = mkfifo(dir.resolve("pong"));
            try (RandomAccessFile pingHolder = new RandomAccessFile(ping, "rw");
                RandomAccessFile pongHolder = new RandomAccessFile(pong, "rw"))
            {
                children.add(ChildJvm.builder(PipePeer.class, mode)
                    .redirectInput(ping)
                    .redirectOutput(pong)
                    .start());
                out = new FileOutputStream(ping);
                rawIn = new FileInputStream(pong);
            }
            in = new DataInputStream(rawIn);
            firstRoundTrip();
        }
        catch (final Exception | Error ex)
        {
            tearDown();
            throw ex;
        }
    }

    /**
     * Send the peer a length of 0 (it ends), stop it by its handle, close the FIFOs and remove them.
     */
    @TearDown(Level.Trial)
    public void tearDown()
    {
        if (null != out)
        {
            try
            {
                out.write(new byte[HEADER_LENGTH]);
            }
            catch (final IOException ex)
            {
                System.err.println("pipe ping-pong: the peer is gone already: " + ex.getMessage());
            }
        }
        ChildJvm.stop(children, 2_000);
        children.clear();
        closeQuietly(out);
        closeQuietly(rawIn);
        out = null;
        rawIn = null;
        in = null;
        ChildJvm.delete(dir);
        dir = null;
    }

    /**
     * One round trip of {@link #payload} bytes (plus the 4-byte length) through the peer process.
     *
     * @return the first byte of the echo's length.
     * @throws IOException if the pipe breaks (the peer is gone).
     */
    @Benchmark
    public int roundTrip() throws IOException
    {
        final byte[] m = msg;
        out.write(m, 0, m.length);
        if (spin)
        {
            final FileInputStream i = rawIn;
            for (int n = 0; n < 100_000 && i.available() == 0; n++)
            {
                Thread.onSpinWait();
            }
        }
        in.readFully(m, 0, m.length);
        return m[0];
    }

    private void firstRoundTrip() throws IOException, InterruptedException
    {
        out.write(msg, 0, msg.length);
        final long deadline = System.nanoTime() + START_TIMEOUT_NS;
        while (rawIn.available() == 0)
        {
            if (System.nanoTime() > deadline || !children.get(0).isAlive())
            {
                throw new IllegalStateException("the pipe peer did not answer within 30 s" +
                    (children.get(0).isAlive() ? "" : " (it exited with " + children.get(0).exitValue() + ")"));
            }
            Thread.sleep(1);
        }
        in.readFully(msg, 0, msg.length);
        final int length = (msg[0] & 0xff) << 24 | (msg[1] & 0xff) << 16 | (msg[2] & 0xff) << 8 | msg[3] & 0xff;
        if (length != payload)
        {
            throw new IllegalStateException("the pipe peer echoed a length of " + length + ", sent " + payload);
        }
    }

    private static File mkfifo(final Path path) throws IOException, InterruptedException
    {
        final Process p = new ProcessBuilder("mkfifo", "-m", "0600", path.toString())
            .redirectErrorStream(true)
            .start();
        final boolean ended = p.waitFor(10, TimeUnit.SECONDS);
        if (!ended)
        {
            p.destroyForcibly();
        }
        if (!ended || p.exitValue() != 0)
        {
            final String why = new String(p.getInputStream().readAllBytes()).trim();
            throw new IOException("mkfifo -m 0600 " + path + " failed: " + (ended ? why : "timed out"));
        }
        return path.toFile();
    }

    private static void closeQuietly(final AutoCloseable c)
    {
        try
        {
            if (null != c)
            {
                c.close();
            }
        }
        catch (final Exception ex)
        {
            System.err.println("pipe ping-pong: close: " + ex.getMessage());
        }
    }
}
