package org.vmiucv.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

/**
 * Command-line mistakes, in process: exit 1 (usage) or the CP's return code, a message on stderr, no stack trace.
 * None of these reaches a system, so nothing is created.
 */
class UsageTest
{
    private record Run(int status, String out, String err)
    {
    }

    private static Run iucv(final String... args)
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final int status = Iucv.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static void assertNoStackTrace(final Run r)
    {
        assertFalse(r.err().contains("\tat "), r.err());
        assertFalse(r.err().contains("Exception"), r.err());
    }

    @Test
    void unknownSubcommandIsAUsageError()
    {
        final Run r = iucv("frobnicate");
        assertEquals(1, r.status());
        assertTrue(r.err().contains("frobnicate"), r.err());
        assertNoStackTrace(r);
    }

    @Test
    void missingSubcommandIsAUsageError()
    {
        final Run r = iucv();
        assertEquals(1, r.status());
        assertTrue(r.err().contains("subcommand is missing"), r.err());
    }

    @Test
    void missingParameterIsAUsageError()
    {
        final Run r = iucv("connect", "CLIENT");
        assertEquals(1, r.status());
        assertTrue(r.err().contains("TO"), r.err());
        assertNoStackTrace(r);
    }

    @Test
    void badNumberIsAnInvalidParameter()
    {
        final Run r = iucv("connect", "A", "B", "--msglim", "lots");
        assertEquals(24, r.status());
        assertTrue(r.err().startsWith("DMSIUC024E") && r.err().contains("1 to 65535"), r.err());
        assertNoStackTrace(r);
    }

    @Test
    void unknownQueryIsAUsageError()
    {
        final Run r = iucv("query", "everything");
        assertEquals(1, r.status());
        assertTrue(r.err().contains("names"), r.err());
    }

    @Test
    void unknownHandlerClassIsRefusedWith24()
    {
        final Run r = iucv("ipl", "ECHO", "--handler", "com.example.NoSuchHandler");
        assertEquals(24, r.status());
        assertTrue(r.err().startsWith("DMSIUC024E") && r.err().contains("--classpath"), r.err());
        assertTrue(r.err().contains("com.example.NoSuchHandler"), r.err());
        assertNoStackTrace(r);
    }

    @Test
    void handlerClassOfTheWrongTypeIsRefusedWith24()
    {
        final Run r = iucv("ipl", "ECHO", "--handler", "java.lang.String");
        assertEquals(24, r.status());
        assertTrue(r.err().startsWith("DMSIUC024E"), r.err());
        assertTrue(r.err().contains("does not implement org.vmiucv.engine.MachineHandler"), r.err());
    }

    @Test
    void invalidMachineNameIsRefusedWith24()
    {
        final Run r = iucv("logoff", "TOOLONGNAME");
        assertEquals(24, r.status());
        assertTrue(r.err().startsWith("DMSIUC024E"), r.err());
        assertNoStackTrace(r);
    }

    @Test
    void invalidSystemNameIsRefusedWith24()
    {
        final Run r = iucv("query", "names", "--system", "../etc");
        assertEquals(24, r.status());
        assertTrue(r.err().startsWith("DMSIUC024E"), r.err());
    }

    @Test
    void missingSystemIsRefusedWith32AndCreatesNothing()
    {
        final Run r = iucv("query", "names", "--system", "NOSUCHSYS42");
        assertEquals(32, r.status());
        assertTrue(r.err().startsWith("DMSIUC032E"), r.err());
        assertTrue(r.err().contains("iucv supervisor --system NOSUCHSYS42"), r.err());
        assertFalse(java.nio.file.Files.exists(org.vmiucv.shm.MappedNamespace.defaultBase().resolve("NOSUCHSYS42")));
    }

    @Test
    void helpExitsZero()
    {
        final Run r = iucv("--help");
        assertEquals(0, r.status());
        assertTrue(r.out().contains("demo"), r.out());
    }
}
