package org.vmiucv.bench.jmhx;

import java.io.File;
import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Where the Aeron jars are and how to run Aeron code without our Agrona: {@code aeron-all.jar} (which bundles
 * Agrona 2.4.1) and the jar of {@code org.vmiucv.bench.aeron} ({@code *-aeron-peers.jar}), which the bench build
 * puts in {@code bench/target/aeron} next to {@code bench/target/benchmarks.jar}. The directory is the system
 * property {@value #LIB_PROPERTY} if set (pass it to the fork with {@code -jvmArgsPrepend -Dbench.aeron.lib=DIR};
 * {@code -jvmArgsAppend} would replace the flags of {@code @Fork}), else {@code aeron} next to the jar (or class
 * directory) this class was loaded from.
 */
final class AeronLib
{
    /** System property naming the directory of the Aeron jars. */
    static final String LIB_PROPERTY = "bench.aeron.lib";

    private final Path aeronAll;
    private final Path peers;

    private AeronLib(final Path aeronAll, final Path peers)
    {
        this.aeronAll = aeronAll;
        this.peers = peers;
    }

    /**
     * @return the jars, found as described above.
     * @throws IllegalStateException naming the expected paths if a jar is missing.
     */
    static AeronLib find()
    {
        final Path dir = dir();
        final Path aeronAll = dir.resolve("aeron-all.jar");
        final File[] peers = dir.toFile().listFiles((d, name) -> name.endsWith("-aeron-peers.jar"));
        if (!Files.isRegularFile(aeronAll) || null == peers || peers.length != 1)
        {
            throw new IllegalStateException("expected " + aeronAll + " and one " + dir.resolve("*-aeron-peers.jar") +
                " (found " + (Files.isRegularFile(aeronAll) ? "aeron-all.jar" : "no aeron-all.jar") + " and " +
                (null == peers ? 0 : peers.length) + " peers jars): build the bench module " +
                "(mvn -B -q package -DskipTests -pl bench -am) or pass -jvmArgsPrepend -D" + LIB_PROPERTY + "=DIR");
        }
        return new AeronLib(aeronAll, peers[0].toPath());
    }

    private static Path dir()
    {
        final String property = System.getProperty(LIB_PROPERTY);
        if (null != property && !property.isBlank())
        {
            return Path.of(property).toAbsolutePath();
        }
        try
        {
            final Path here = Path.of(AeronLib.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return here.toAbsolutePath().getParent().resolve("aeron");
        }
        catch (final URISyntaxException | RuntimeException ex)
        {
            throw new IllegalStateException("cannot tell where the benchmarks jar is (" + ex +
                "): set -D" + LIB_PROPERTY + "=DIR, the directory of aeron-all.jar", ex);
        }
    }

    /**
     * @return a class loader of aeron-all and the peers jar only, whose parent is the platform class loader, so
     * no class of the application class path (our Agrona) is visible to it. The caller closes it.
     */
    URLClassLoader newIsolatedLoader()
    {
        try
        {
            return new URLClassLoader("aeron-isolated",
                new URL[]{aeronAll.toUri().toURL(), peers.toUri().toURL()}, ClassLoader.getPlatformClassLoader());
        }
        catch (final MalformedURLException ex)
        {
            throw new IllegalStateException("bad jar path " + aeronAll + " or " + peers, ex);
        }
    }

    /**
     * A JVM with only the Aeron jars on its class path, next to the media driver of {@code aeronDir}: SHARED
     * driver threading with a backoff idle strategy and pre-touched log buffers, as the standalone suite runs it
     * (three busy driver threads would starve the ping and pong on two CPUs; IPC data never passes through the
     * driver). Stderr is inherited.
     *
     * @param aeronDir the media driver's directory.
     * @param main     the main class name.
     * @return the builder, not started.
     */
    ProcessBuilder builder(final Path aeronDir, final String main)
    {
        final List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(List.of(
            "--add-opens", "java.base/jdk.internal.misc=ALL-UNNAMED",
            "--add-opens", "java.base/sun.nio.ch=ALL-UNNAMED",
            "-XX:+UseSerialGC", "-Xmx512m",
            "-Dagrona.disable.bounds.checks=true",
            "-Daeron.dir=" + aeronDir,
            "-Daeron.dir.delete.on.start=true",
            "-Daeron.dir.delete.on.shutdown=true",
            "-Daeron.threading.mode=SHARED",
            "-Daeron.shared.idle.strategy=backoff",
            "-Daeron.pre.touch.mapped.memory=true",
            "-Daeron.print.configuration=false",
            "-cp", aeronAll + File.pathSeparator + peers,
            main));
        return new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT);
    }

    /**
     * Start the media driver of {@code aeronDir} ({@link #builder}, stdout discarded) and wait until its
     * {@code cnc.dat} exists. Kills it again if it does not get there.
     *
     * @param aeronDir  the media driver's directory.
     * @param timeoutMs how long to wait.
     * @return the driver process.
     * @throws IOException          if it cannot start.
     * @throws InterruptedException if interrupted while waiting.
     */
    Process startDriver(final Path aeronDir, final long timeoutMs) throws IOException, InterruptedException
    {
        final Process driver = builder(aeronDir, "io.aeron.driver.MediaDriver")
            .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        final Path cnc = aeronDir.resolve("cnc.dat");
        final long deadline = System.currentTimeMillis() + timeoutMs;
        while (!Files.exists(cnc))
        {
            if (System.currentTimeMillis() > deadline || !driver.isAlive())
            {
                final String exit = driver.isAlive() ? "" : ", it exited with " + driver.exitValue();
                driver.destroyForcibly();
                driver.waitFor(10, TimeUnit.SECONDS);
                throw new IllegalStateException("the Aeron media driver did not start within " + timeoutMs + " ms (" +
                    cnc + ")" + exit);
            }
            Thread.sleep(20);
        }
        return driver;
    }

    /**
     * @return aeron-all.jar.
     */
    Path aeronAll()
    {
        return aeronAll;
    }
}
