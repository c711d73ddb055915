package org.vmiucv.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.vmiucv.engine.testkit.FileDamage;

/**
 * README, The Supervisor's journal: "a truncated or corrupt journal is reported with its file and byte position at
 * start, and recovery uses everything up to the last good record". Through the command: the Supervisor is killed
 * with -9, the last record of the newest {@code .cq4} file is damaged, and the next {@code iucv supervisor} names
 * that file and a byte position, and still lists A.
 */
class CorruptJournalCommandTest
{
    private static final Pattern POSITION = Pattern.compile("at byte position (\\d+)");

    @Test
    void aCorruptJournalIsReportedWithItsFileAndBytePosition() throws Exception
    {
        try (CliSystem sys = new CliSystem("CJ"))
        {
            sys.startSupervisor();
            sys.ipl("A", "log");
            final CliProcess b = sys.ipl("B", "log");
            // B's LOGOFF is the last record: the one to damage, so A's IPL stays among the good ones
            final CliProcess.Result logoff = sys.iucv("logoff", "B");
            assertEquals(0, logoff.status(), logoff::toString);
            assertTrue(b.process().waitFor(15, TimeUnit.SECONDS), b::outSoFar);
            sys.supervisor.process().destroyForcibly(); // SIGKILL
            assertTrue(sys.supervisor.process().waitFor(10, TimeUnit.SECONDS), "the Supervisor did not die");

            final Path file = lastCycleFile(sys.base.resolve(sys.system).resolve("journal"));
            final long at = FileDamage.flipLastNonZeroByte(file);

            sys.startSupervisor();
            sys.awaitMachines("A");
            final String out = sys.supervisor.outSoFar();
            assertTrue(out.contains(file.toString()), () -> "the Supervisor does not name " + file + ":\n" + out);
            final Matcher m = POSITION.matcher(out);
            assertTrue(m.find(), () -> "no byte position in the Supervisor's output:\n" + out);
            final long position = Long.parseLong(m.group(1));
            assertTrue(position > 0 && position <= at, () -> "position " + position + ", damage at " + at + ":\n" +
                out);
            final CliProcess.Result names = sys.iucv("query", "names");
            assertEquals(0, names.status(), names::toString);
            assertTrue(names.out().lines().anyMatch(l -> l.startsWith("A ")), names::toString);
            System.out.println("damaged byte " + at + " of " + file.getFileName() + "; reported: " +
                out.lines().filter(l -> l.contains("byte position")).findFirst().orElse(""));
            final CliProcess.Result down = sys.iucv("shutdown");
            assertEquals(0, down.status(), down::toString);
            assertTrue(sys.supervisor.process().waitFor(20, TimeUnit.SECONDS), "CP still running");
        }
    }

    private static Path lastCycleFile(final Path journal) throws IOException
    {
        try (Stream<Path> s = Files.list(journal))
        {
            final List<Path> files = s.filter(p -> p.toString().endsWith(".cq4")).sorted().toList();
            assertTrue(!files.isEmpty(), "no .cq4 file in " + journal);
            return files.get(files.size() - 1);
        }
    }
}
