package org.vmiucv.xfl;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Named pipes (FIFOs). Java cannot create one, so this runs the {@code mkfifo} command.
 */
public final class Fifos
{
    /** How long {@code mkfifo} may take before it is killed. */
    public static final long MKFIFO_TIMEOUT_MS = 10_000;

    private Fifos()
    {
    }

    /**
     * Create a FIFO with mode 0600.
     *
     * @param path where; its directory must exist and the path must not.
     * @return {@code path}.
     * @throws IOException when {@code mkfifo} fails (its message is included) or times out.
     */
    public static Path create(final Path path) throws IOException
    {
        final Process p = new ProcessBuilder("mkfifo", "-m", "0600", path.toString()).redirectErrorStream(true).start();
        try
        {
            p.getOutputStream().close();
            if (!p.waitFor(MKFIFO_TIMEOUT_MS, TimeUnit.MILLISECONDS))
            {
                throw new IOException("mkfifo " + path + " did not finish within " + MKFIFO_TIMEOUT_MS + " ms");
            }
            final String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (p.exitValue() != 0)
            {
                throw new IOException("mkfifo -m 0600 " + path + " failed with exit status " + p.exitValue() + ": " + out);
            }
            return path;
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while creating FIFO " + path, ex);
        }
        finally
        {
            p.destroyForcibly();
        }
    }
}
