package org.vmiucv.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A private {@code IUCV_DIR} per test, as a JUnit extension registered on an instance field
 * ({@code @RegisterExtension}), so each test (each test instance) gets its own: a fresh base directory under
 * {@code /dev/shm} made when the test instance is; after the test, every {@code iucv} process it started through
 * {@link #start(String...)} is killed by handle and the directory removed.
 */
final class PrivateIucvDir implements AfterEachCallback
{
    private final List<CliProcess> started = new ArrayList<>();
    private final Path base;

    /**
     * @param prefix the prefix of the base directory's name, to tell whose it is.
     */
    PrivateIucvDir(final String prefix)
    {
        try
        {
            base = Files.createTempDirectory(Path.of("/dev/shm"), prefix);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    @Override
    public void afterEach(final ExtensionContext context)
    {
        for (final CliProcess p : started)
        {
            p.kill();
        }
        started.clear();
        CliProcess.deleteTree(base);
    }

    /** @return this test's base directory ({@code IUCV_DIR}). */
    Path base()
    {
        return base;
    }

    /**
     * Start {@code iucv ARGS} in this base directory; it is killed after the test.
     *
     * @param args the command's arguments.
     * @return the process.
     * @throws IOException if it cannot start.
     */
    CliProcess start(final String... args) throws IOException
    {
        final CliProcess p = CliProcess.start(base, args);
        started.add(p);
        return p;
    }
}
