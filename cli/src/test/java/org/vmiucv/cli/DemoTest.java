package org.vmiucv.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.vmiucv.engine.testkit.TmpfsMount;

/**
 * {@code iucv demo} end to end in a child JVM (which starts three more): it must pass every step, print the
 * refusal, the reply and the latency line, and leave no namespace and no process behind.
 */
class DemoTest
{
    @Test
    void demoRunsEndToEndAndLeavesNothingBehind() throws Exception
    {
        final Path base = Files.createTempDirectory(Path.of("/dev/shm"), "iucvdemo");
        try
        {
            final String out = runDemo(base, "shm");
            assertTrue(out.contains("over shm"), out);
            assertTrue(out.contains("CP TRACE of this run"), out);
            assertTrue(out.contains("REQ CONNECT") && out.contains("MALLORY") && out.contains("RC=40"), out);
        }
        finally
        {
            CliProcess.deleteTree(base);
        }
    }

    @Test
    void demoRunsOverXflWithTheSameTranscript() throws Exception
    {
        final Path base = Files.createTempDirectory(Path.of("/dev/shm"), "iucvdemo");
        try
        {
            final String out = runDemo(base, "xfl");
            assertTrue(out.contains("over XFL"), out);
        }
        finally
        {
            CliProcess.deleteTree(base);
        }
    }

    @Test
    void demoFallsBackToXflWhenSharedMemoryIsFull() throws Exception
    {
        final TmpfsMount tmpfs = TmpfsMount.mount("iucv-full-tmpfs", "256k");
        final Path mount = tmpfs.path();
        try
        {
            final String out = runDemo(mount, "auto");
            assertTrue(out.contains("shared memory is not usable"), out);
            assertTrue(out.contains("on XFL (POSIX pipes)"), out);
            assertTrue(out.contains("over XFL"), out);
        }
        finally
        {
            tmpfs.close();
        }
    }

    private static String runDemo(final Path base, final String transport) throws Exception
    {
        final String system = "D" + Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xFFFFFFFL);
        CliProcess demo = null;
        try
        {
            demo = CliProcess.start(base, "demo", "--system", system, "--round-trips", "2000", "--transport", transport);
            final CliProcess.Result r = demo.await(120_000);
            assertEquals(0, r.status(), r::toString);
            assertTrue(r.out().contains("CONNECT MALLORY -> GATE refused: DMSIUC040E"), r::toString);
            assertTrue(r.out().contains("GATE CONNECT pending on path"), r::toString);
            assertTrue(r.out().contains("REPLY received for message"), r::toString);
            assertTrue(r.out().contains("sent back failed: path quiesced (IUCV RC 2)"), r::toString);
            assertTrue(r.out().contains("the held message arrived"), r::toString);
            assertTrue(r.out().contains("severed (user data 'GOODBYE')"), r::toString);
            assertTrue(Pattern.compile("ping-pong latency: \\d+ round trips in [0-9.]+ s, p50 [0-9.]+ us, p99 [0-9.]+ us")
                .matcher(r.out()).find(), r::toString);
            assertTrue(r.out().contains("demo finished OK"), r::toString);
            for (final String line : r.out().split("\n"))
            {
                assertTrue(line.contains("pid="), () -> "a line without pid: " + line);
            }
            assertFalse(Files.exists(base.resolve(system)), "namespace left behind");
            final List<ProcessHandle> left = ProcessHandle.allProcesses()
                .filter(p -> p.info().arguments().map(a -> List.of(a).contains(system)).orElse(false))
                .toList();
            assertTrue(left.isEmpty(), () -> "processes left: " + left);
            return r.out();
        }
        finally
        {
            if (null != demo)
            {
                demo.kill();
            }
        }
    }
}
