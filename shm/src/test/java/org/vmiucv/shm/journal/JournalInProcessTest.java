package org.vmiucv.shm.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.vmiucv.engine.testkit.CollectorHandle.Kind.COMPLETE;
import static org.vmiucv.engine.testkit.CollectorHandle.Kind.DATA;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.vmiucv.engine.IucvException;
import org.vmiucv.engine.MachineId;
import org.vmiucv.engine.PathId;
import org.vmiucv.engine.PathInfo;
import org.vmiucv.engine.ReturnCode;
import org.vmiucv.engine.system.SystemClient;
import org.vmiucv.engine.system.SystemLog;
import org.vmiucv.engine.system.SystemOptions;
import org.vmiucv.engine.testkit.CollectorHandle;
import org.vmiucv.engine.testkit.CollectorHandler;
import org.vmiucv.shm.ShmSystem;
import org.vmiucv.shm.SupervisorProcess;

/**
 * The journal with the Supervisor in this JVM: fail closed on an unwritable journal and recover by itself, the
 * trace of a run, a truncated journal at start.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class JournalInProcessTest
{
    private static final Duration T = Duration.ofSeconds(10);
    private Path base;
    private String system;
    private final List<String> log = new CopyOnWriteArrayList<>();
    private final SystemLog sysLog = line -> log.add(line);
    private SupervisorProcess cp;
    private SystemClient client;

    @BeforeEach
    void setUp() throws IOException
    {
        base = Files.createTempDirectory(Path.of("/dev/shm"), "iucvjournal");
        system = "J" + Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xFFFFFFL);
    }

    @AfterEach
    void tearDown() throws IOException
    {
        if (null != client)
        {
            client.close();
        }
        if (null != cp)
        {
            cp.abandon();
        }
        try (Stream<Path> s = Files.walk(base))
        {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    private CollectorHandle ipl(final String name) throws IucvException
    {
        final CollectorHandle h = new CollectorHandle();
        client.ipl(MachineId.of(name), new CollectorHandler(h));
        return h;
    }

    private long send(final String from, final PathId path, final String text) throws Exception
    {
        final byte[] b = text.getBytes(StandardCharsets.US_ASCII);
        return client.execute(MachineId.of(from), ctx -> ctx.iucvSend(path, new UnsafeBuffer(b), 0, b.length))
            .get(10, TimeUnit.SECONDS);
    }

    @Test
    void unwritableJournalFailsClosedKeepsTheDataPlaneAndRecoversByItself() throws Exception
    {
        final AtomicBoolean failing = new AtomicBoolean();
        final JournalConfig config = new JournalConfig().storeFactory(dir ->
            new FailingJournalStore(new ChronicleJournalStore(dir, new JournalConfig(), false, sysLog), failing));
        cp = SupervisorProcess.start(base, system, new SystemOptions(), sysLog, config);
        client = ShmSystem.attach(base, system, new SystemOptions(), SystemLog.NONE);
        final CollectorHandle a = ipl("ALPHA");
        final CollectorHandle b = ipl("BETA");
        final PathId path = client.connect(MachineId.of("ALPHA"), MachineId.of("BETA"));
        a.await(COMPLETE, T);

        failing.set(true);
        final IucvException connect = assertThrows(IucvException.class,
            () -> client.connect(MachineId.of("BETA"), MachineId.of("ALPHA")));
        assertEquals(ReturnCode.RESOURCES_EXHAUSTED, connect.returnCode());
        assertTrue(connect.getMessage().contains("journal cannot be written"), connect.getMessage());
        assertTrue(connect.getMessage().contains("No space left on device"), connect.getMessage());
        final IucvException ipl = assertThrows(IucvException.class, () -> ipl("GAMMA"));
        assertEquals(ReturnCode.RESOURCES_EXHAUSTED, ipl.returnCode());
        assertTrue(send("ALPHA", path, "data plane still up") > 0);
        assertEquals("data plane still up", new String(b.await(DATA, T).data(), StandardCharsets.US_ASCII));
        assertEquals(2, client.queryNames().size(), "queries are served from the tables");
        assertEquals(1, log.stream().filter(l -> l.contains("journal FAILED")).count(), String.join("\n", log));
        assertTrue(log.stream().anyMatch(l -> l.contains("No space left on device (injected)")));

        failing.set(false);
        final PathId back = client.connect(MachineId.of("BETA"), MachineId.of("ALPHA"));
        b.awaitMatching(e -> e.kind() == COMPLETE && back.equals(e.path()), 1, T, "COMPLETE");
        assertTrue(log.stream().anyMatch(l -> l.contains("journal writable again")), String.join("\n", log));
        ipl("GAMMA");
        assertEquals(3, client.queryNames().size());

        client.close();
        client = null;
        final String trace = trace();
        System.out.println(trace);
        assertTrue(trace.contains("CONNECT"), trace);
        assertTrue(trace.contains("ALPHA -> BETA"), trace);
        assertTrue(trace.contains("RC=0"), trace);
        assertTrue(trace.contains("START"), trace);
        assertTrue(trace.lines().anyMatch(l -> l.contains("ANSWER") && l.contains("CONNECT BETA -> ALPHA") &&
            l.contains("RC=0")), trace);
    }

    private String trace(final String... extra)
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final String[] args = Stream.concat(Stream.of("--base", base.toString(), "--system", system),
            Stream.of(extra)).toArray(String[]::new);
        final int rc = TraceMain.run(args, new PrintStream(out, true), new PrintStream(err, true));
        assertEquals(0, rc, err.toString());
        return out.toString();
    }

    @Test
    void traceSinceFiltersAndBadOptionsAreUsageErrors() throws Exception
    {
        cp = SupervisorProcess.start(base, system, new SystemOptions(), sysLog, new JournalConfig());
        client = ShmSystem.attach(base, system, new SystemOptions(), SystemLog.NONE);
        ipl("ONE");
        assertTrue(trace().contains("IPL"));
        assertTrue(trace("--since", "1m").contains("IPL"));
        assertEquals("", trace("--since", "2999-01-01T00:00:00").strip());
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertEquals(1, TraceMain.run(new String[] {"--since", "yesterday"}, System.out, new PrintStream(err, true)));
        assertTrue(err.toString().contains("--since needs a time"), err.toString());
        assertEquals(32, TraceMain.run(new String[] {"--base", base.toString(), "--system", "NOPE"}, System.out,
            new PrintStream(err, true)));
    }

    @Test
    void truncatedJournalIsReportedWithPathAndPositionAndRecoveryGoesOn() throws Exception
    {
        cp = SupervisorProcess.start(base, system, new SystemOptions(), sysLog, new JournalConfig());
        client = ShmSystem.attach(base, system, new SystemOptions(), SystemLog.NONE);
        ipl("LEFT");
        final CollectorHandle right = ipl("RIGHT");
        final PathId path = client.connect(MachineId.of("LEFT"), MachineId.of("RIGHT"));
        right.await(COMPLETE, T);
        cp.abandon();
        cp = null;

        final Path journal = base.resolve(system).resolve(JournalConfig.DIRECTORY);
        final Path file;
        try (Stream<Path> s = Files.list(journal))
        {
            file = s.filter(p -> p.toString().endsWith(".cq4")).findFirst().orElseThrow();
        }
        final long end = lastNonZeroByte(file);
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw"))
        {
            raf.setLength(end - 40);
        }

        log.clear();
        cp = SupervisorProcess.start(base, system, new SystemOptions(), sysLog, new JournalConfig());
        final String problem = cp.journal().startProblem();
        assertNotNull(problem, String.join("\n", log));
        System.out.println("truncated journal reported as: " + problem);
        assertTrue(problem.contains(file.getFileName().toString()), problem);
        assertTrue(problem.contains("byte position"), problem);
        assertTrue(log.stream().anyMatch(l -> l.contains("recovered up to the last good record")), String.join("\n", log));
        final List<PathInfo> paths = client.queryPaths();
        assertEquals(1, paths.size());
        assertEquals(path, paths.get(0).path());
        assertTrue(send("LEFT", path, "after the truncation") > 0);
        assertEquals("after the truncation", new String(right.await(DATA, T).data(), StandardCharsets.US_ASCII));
        ipl("THIRD");
        assertTrue(trace().contains("THIRD"));
    }

    private static long lastNonZeroByte(final Path file) throws IOException
    {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r"))
        {
            final long length = raf.length();
            final byte[] chunk = new byte[1 << 16];
            long last = 0;
            for (long pos = 0; pos < length; pos += chunk.length)
            {
                raf.seek(pos);
                final int n = raf.read(chunk, 0, (int)Math.min(chunk.length, length - pos));
                for (int i = n - 1; i >= 0; i--)
                {
                    if (chunk[i] != 0)
                    {
                        last = pos + i + 1;
                        break;
                    }
                }
            }
            return last;
        }
    }
}
