package org.vmiucv.cli;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code iucv bench [--quick]}: runs the cross-process benchmark suite ({@code org.vmiucv.bench.xproc.BenchSuite}
 * from {@code bench/target/benchmarks.jar}, built with Maven on first use) in a harness JVM with the flags it
 * needs, relays its output, and leaves {@code latest.json}, {@code latest.md} and {@code latest.svg} in
 * {@code bench/results}. The suite runs its own private system in a scratch directory under /dev/shm, which it
 * removes, with every peer process, when it ends.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, description = {
    "Run the cross-process benchmarks: vm-iucv shm against Aeron IPC, raw Agrona rings, a cache-line floor,",
    "Chronicle Queue, Java pipes, XFL records and vm-iucv over XFL, interleaved round by round.",
    "Writes bench/results/latest.{json,md,svg}.",
    "The suite runs a private system of its own; --system is accepted and not used."})
final class BenchCommand implements Callable<Integer>
{
    private static final String SUITE = "org.vmiucv.bench.xproc.BenchSuite";
    private static final List<String> JVM_FLAGS = List.of(
        "--add-opens", "java.base/jdk.internal.misc=ALL-UNNAMED",
        "--add-opens", "java.base/java.io=ALL-UNNAMED",
        "--add-exports", "java.base/jdk.internal.ref=ALL-UNNAMED",
        "--add-exports", "java.base/sun.nio.ch=ALL-UNNAMED",
        "--add-exports", "jdk.unsupported/sun.misc=ALL-UNNAMED",
        "--add-opens", "java.base/java.lang=ALL-UNNAMED",
        "--add-opens", "java.base/java.lang.reflect=ALL-UNNAMED",
        "--add-opens", "java.base/java.util=ALL-UNNAMED",
        "--add-opens", "java.base/sun.nio.ch=ALL-UNNAMED",
        "-Dchronicle.analytics.disable=true",
        "-Dslf4j.internal.verbosity=ERROR",
        "-Dagrona.disable.bounds.checks=true",
        "-XX:+UseSerialGC",
        "-Xmx1g");

    @Mixin
    SystemMixin system;

    @ParentCommand
    Iucv root;

    @Option(names = "--quick", description = "7 rounds, 100,000 round trips, 2,000,000 streamed messages: a few minutes")
    boolean quick;

    @Option(names = "--out", paramLabel = "DIR", description = "where the results go (default: bench/results)")
    Path out;

    @Option(names = "--rounds", paramLabel = "N", description = "rounds (default 15, --quick 7)")
    Integer rounds;

    @Option(names = "--trips", paramLabel = "N", description = "round trips per subject and round, at most " +
        "(default 300,000, --quick 100,000); slow subjects get fewer, within 2 s (--quick 0.5 s) per measurement")
    Integer trips;

    @Option(names = "--messages", paramLabel = "N", description = "streamed messages per subject and round " +
        "(default 5,000,000, --quick 2,000,000)")
    Integer messages;

    @Option(names = "--payloads", paramLabel = "B,B,...", description = "round-trip payload sizes in bytes " +
        "(default 32,1024,65535)")
    String payloads;

    @Option(names = "--no-aeron", description = "leave Aeron IPC out (ratios to Aeron are then empty)")
    boolean noAeron;

    @Option(names = "--no-pipe", description = "leave the Java pipe and XFL subjects out")
    boolean noPipe;

    @Option(names = "--no-chronicle", description = "leave Chronicle Queue out")
    boolean noChronicle;

    @Option(names = "--only", paramLabel = "WORD,WORD", description = "only the subjects whose name contains one " +
        "of the words, e.g. iucv,aeron,floor")
    String only;

    @Option(names = "--rebuild", description = "rebuild bench/target/benchmarks.jar with Maven first")
    boolean rebuild;

    /** {@inheritDoc} */
    public Integer call() throws Exception
    {
        final Path home = projectHome();
        final Path jar = home.resolve("bench/target/benchmarks.jar");
        final Path aeron = home.resolve("bench/target/aeron");
        if (rebuild || !Files.isRegularFile(jar) || !Files.isRegularFile(aeron.resolve("aeron-all.jar")))
        {
            build(home);
        }
        final List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(JVM_FLAGS);
        cmd.add("-cp");
        cmd.add(jar.toString());
        cmd.add(SUITE);
        cmd.add("--out");
        cmd.add((null != out ? out : home.resolve("bench/results")).toAbsolutePath().toString());
        cmd.add("--aeron-lib");
        cmd.add(aeron.toString());
        if (quick)
        {
            cmd.add("--quick");
        }
        add(cmd, "--rounds", rounds);
        add(cmd, "--trips", trips);
        add(cmd, "--messages", messages);
        if (null != payloads)
        {
            cmd.add("--payloads");
            cmd.add(payloads);
        }
        if (noAeron)
        {
            cmd.add("--no-aeron");
        }
        if (noPipe)
        {
            cmd.add("--no-pipe");
        }
        if (noChronicle)
        {
            cmd.add("--no-chronicle");
        }
        if (null != only)
        {
            cmd.add("--only");
            cmd.add(only);
        }
        root.out.println("bench: starting the suite" + (quick ? " (--quick)" : "") + " pid=" +
            ProcessHandle.current().pid());
        return runRelayed(new ProcessBuilder(cmd).redirectErrorStream(true)
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))));
    }

    private static void add(final List<String> cmd, final String option, final Integer value)
    {
        if (null != value)
        {
            cmd.add(option);
            cmd.add(value.toString());
        }
    }

    /** Run a child with its output relayed to ours; kill it (descendants first) if we are stopped. */
    private int runRelayed(final ProcessBuilder pb) throws IOException, InterruptedException
    {
        pb.environment().remove("JAVA_TOOL_OPTIONS");
        final Process p = pb.start();
        final Thread killer = new Thread(() -> kill(p), "bench-kill");
        Runtime.getRuntime().addShutdownHook(killer);
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8)))
        {
            String line;
            while (null != (line = r.readLine()))
            {
                root.out.println(line);
            }
            return p.waitFor();
        }
        finally
        {
            kill(p);
            try
            {
                Runtime.getRuntime().removeShutdownHook(killer);
            }
            catch (final IllegalStateException ex)
            {
                // shutting down: the hook runs anyway
            }
        }
    }

    private static void kill(final Process p)
    {
        if (p.isAlive())
        {
            p.destroy(); // the suite's own hook then stops its peers and removes its scratch directory
            try
            {
                if (!p.waitFor(10, TimeUnit.SECONDS))
                {
                    p.descendants().forEach(ProcessHandle::destroyForcibly);
                    p.destroyForcibly();
                }
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void build(final Path home) throws IOException, InterruptedException, UsageException
    {
        root.out.println("bench: building bench/target/benchmarks.jar with Maven (first use) ...");
        final int status = runRelayed(new ProcessBuilder("mvn", "-B", "-q", "-Dstyle.color=never", "-DskipTests",
            "package", "-pl", "bench", "-am").directory(home.toFile()).redirectErrorStream(true)
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))));
        if (status != 0)
        {
            throw new UsageException("building the bench module failed (mvn exit " + status + "); run: cd " + home +
                " && mvn -B -DskipTests package -pl bench -am");
        }
    }

    /**
     * @return the project's top directory: the one holding {@code bench/pom.xml}, found from this jar
     * ({@code cli/target/iucv.jar}) or else from the working directory upwards.
     */
    private static Path projectHome() throws UsageException
    {
        final List<Path> starts = new ArrayList<>();
        try
        {
            starts.add(Path.of(BenchCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI()));
        }
        catch (final URISyntaxException | RuntimeException ex)
        {
            // fall back to the working directory
        }
        starts.add(Path.of("").toAbsolutePath());
        for (final Path start : starts)
        {
            for (Path p = start; null != p; p = p.getParent())
            {
                if (Files.isRegularFile(p.resolve("bench/pom.xml")))
                {
                    return p;
                }
            }
        }
        throw new UsageException("cannot find the project (a directory with bench/pom.xml) above " + starts +
            ": run iucv bench from a clone of vm-iucv");
    }
}
