package org.vmiucv.shm.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.vmiucv.engine.MachineId;
import org.vmiucv.engine.PathId;
import org.vmiucv.engine.SmsgText;
import org.vmiucv.engine.testkit.CollectorHandle;
import org.vmiucv.engine.testkit.TestMachine;
import org.vmiucv.shm.testkit.ShmTestSystem;

/**
 * {@code iucv supervisor --trace-data}: the sending hosts report every message's metadata, the journal records it,
 * and {@code iucv trace} shows sender, receiver, path, length and the first bytes.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class DataTraceTest
{
    @Test
    void everyMessageIsTracedWithItsMetadata() throws Exception
    {
        final Path base = Files.createTempDirectory(Path.of("/dev/shm"), "iucvtrace");
        ShmTestSystem sys = null;
        try
        {
            sys = new ShmTestSystem(base, 2, "--trace-data");
            final TestMachine a = sys.ipl("TRACER", 0);
            final TestMachine b = sys.ipl("TRACED", 1);
            final PathId path = sys.supervisor().connect(a.id(), b.id());
            assertTrue(a.send(path, "binary payload, long enough to be cut".getBytes(StandardCharsets.US_ASCII)) > 0);
            assertEquals(0, a.smsg("TRACED", "hello from TRACER"));
            sys.supervisor().smsg(MachineId.of("OPERATOR"), b.id(), SmsgText.of("from the API"));
            b.events().await(CollectorHandle.Kind.SMSG, 2, Duration.ofSeconds(10));
            b.events().await(CollectorHandle.Kind.DATA, Duration.ofSeconds(10));

            final String trace = traceUntil(base, sys.system(), "OPERATOR");
            assertTrue(trace.contains("DAT DATA        TRACER -> TRACED") && trace.contains(path.toString()) &&
                trace.contains("len=37 'binary payload, '"), trace);
            assertTrue(trace.contains("DAT SMSG        TRACER -> TRACED") && trace.contains("len=17 'hello from TRACE'"),
                trace);
            assertTrue(trace.contains("DAT SMSG        OPERATOR -> TRACED") && trace.contains("len=12 'from the API'"),
                trace);
        }
        finally
        {
            if (null != sys)
            {
                sys.close();
            }
            ShmTestSystem.deleteTree(base);
        }
    }

    private static String traceUntil(final Path base, final String system, final String expected) throws Exception
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true)
        {
            final ByteArrayOutputStream out = new ByteArrayOutputStream();
            final ByteArrayOutputStream err = new ByteArrayOutputStream();
            final int rc = TraceMain.run(new String[] {"--base", base.toString(), "--system", system},
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
            final String text = out.toString(StandardCharsets.UTF_8);
            if ((rc == 0 && text.contains(expected)) || System.nanoTime() > deadline)
            {
                assertEquals(0, rc, err.toString(StandardCharsets.UTF_8));
                return text;
            }
            Thread.sleep(50);
        }
    }
}
