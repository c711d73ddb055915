package org.vmiucv.xfl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The FIFOs of an XFL system are private from the moment they exist (mode 0600 given to mkfifo, not left to the
 * umask); XFL processes unlink them once both ends are open, so the mode is checked here where they are made.
 */
class FifosModeTest
{
    @TempDir
    Path tmp;

    @Test
    void aFifoIsCreated0600() throws Exception
    {
        final Path fifo = Fifos.create(tmp.resolve("x.data"));
        assertTrue(Files.readAttributes(fifo, java.nio.file.attribute.BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).isOther(), "a FIFO");
        assertEquals("rw-------", PosixFilePermissions.toString(
            Files.getPosixFilePermissions(fifo, LinkOption.NOFOLLOW_LINKS)));
    }
}
