package org.vmiucv.bench.xproc;

import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.DataInputStream;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.HdrHistogram.Histogram;

/**
 * Aeron IPC (aeron-all 1.51.0), the peer to beat: a media driver, a pong and a ping process, each its own JVM with
 * a class path of only aeron-all and the jar of {@code org.vmiucv.bench.aeron} (aeron-all bundles Agrona 2.4.1,
 * which must not meet our 2.6.0). The ping process measures and is driven through its stdin and stdout.
 * <p>
 * The driver runs SHARED threading with a backoff idle strategy and pre-touched log buffers: on two vCPUs three
 * busy-spinning driver threads would starve the ping and pong threads, and IPC data never passes through the
 * driver anyway (the publisher writes the log buffer the subscriber reads).
 */
final class AeronIpc implements Subject
{
    private static final String PEER = "org.vmiucv.bench.aeron.AeronPeer";

    private final Path dir;
    private final List<Process> children = new ArrayList<>();
    private final Process ping;
    private final PrintStream commands;
    private final BufferedReader answers;
    private int files;

    /**
     * @param dir      where the Aeron directory and the latency files go.
     * @param aeronLib the directory holding aeron-all.jar and the aeron peers jar.
     * @throws Exception if a process cannot start or does not get ready.
     */
    AeronIpc(final Path dir, final Path aeronLib) throws Exception
    {
        this.dir = dir;
        final String classPath = Spin.jarsIn(aeronLib);
        final List<String> flags = List.of(
            "--add-opens", "java.base/jdk.internal.misc=ALL-UNNAMED",
            "--add-opens", "java.base/sun.nio.ch=ALL-UNNAMED",
            "-XX:+UseSerialGC", "-Xmx512m",
            "-Dagrona.disable.bounds.checks=true",
            "-Daeron.dir=" + dir.resolve("aeron"),
            "-Daeron.dir.delete.on.start=true",
            "-Daeron.dir.delete.on.shutdown=true",
            "-Daeron.threading.mode=SHARED",
            "-Daeron.shared.idle.strategy=backoff",
            "-Daeron.pre.touch.mapped.memory=true",
            "-Daeron.print.configuration=false");
        try
        {
            children.add(Spin.builder(flags, classPath, "io.aeron.driver.MediaDriver")
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start());
            awaitDriver(dir.resolve("aeron").resolve("cnc.dat"));
            children.add(Spin.builder(flags, classPath, PEER, "pong")
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start());
            ping = Spin.builder(flags, classPath, PEER, "ping").start();
            children.add(ping);
            commands = new PrintStream(ping.getOutputStream(), true, StandardCharsets.US_ASCII);
            answers = new BufferedReader(new InputStreamReader(ping.getInputStream(), StandardCharsets.US_ASCII));
            final String ready = answers.readLine();
            if (!"ready".equals(ready))
            {
                throw new IllegalStateException("Aeron ping did not get ready: " + ready);
            }
        }
        catch (final Exception | Error ex)
        {
            close();
            throw ex;
        }
    }

    private static void awaitDriver(final Path cnc) throws InterruptedException
    {
        final long deadline = System.currentTimeMillis() + 30_000;
        while (!Files.exists(cnc))
        {
            if (System.currentTimeMillis() > deadline)
            {
                throw new IllegalStateException("the Aeron media driver did not start within 30 s (" + cnc + ")");
            }
            Thread.sleep(20);
        }
    }

    /** {@inheritDoc} */
    public String name()
    {
        return "Aeron IPC";
    }

    /** {@inheritDoc} */
    public boolean pingPongs(final int payload)
    {
        return payload >= 4;
    }

    /** {@inheritDoc} */
    public boolean streams(final int payload)
    {
        return payload >= 4;
    }

    /** {@inheritDoc} */
    public Rtt roundTrips(final int n, final int payload) throws IOException
    {
        final Path file = dir.resolve("aeron-rtt-" + files++ + ".lat");
        final String[] ok = ask("rtt " + n + " " + payload + " " + file);
        final Histogram h = Subject.histogram();
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(new FileInputStream(file.toFile()))))
        {
            for (int i = 0; i < n; i++)
            {
                h.recordValue(Math.min(in.readLong(), MAX_LATENCY_NS));
            }
        }
        finally
        {
            Files.deleteIfExists(file);
        }
        return new Rtt(h, Double.parseDouble(ok[1]) / n);
    }

    /** {@inheritDoc} */
    public Rate stream(final int n, final int payload) throws IOException
    {
        final String[] ok = ask("stream " + n + " " + payload);
        return new Rate(Double.parseDouble(ok[1]), Double.parseDouble(ok[2]) / n);
    }

    private String[] ask(final String command) throws IOException
    {
        commands.println(command);
        final String answer = answers.readLine();
        if (null == answer || !answer.startsWith("ok"))
        {
            throw new IllegalStateException("Aeron ping: '" + command + "' answered " + answer);
        }
        return answer.split(" ");
    }

    /** {@inheritDoc} */
    public void close()
    {
        for (int i = children.size() - 1; i >= 0; i--)
        {
            Spin.kill(children.get(i));
        }
    }
}
