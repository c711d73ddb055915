package org.vmiucv.engine.system;

/**
 * A Supervisor run in the foreground of its process (shm or XFL): it ends when the system is shut down, or when the
 * process is asked to stop (SIGTERM runs {@link #close()} from a shutdown hook).
 */
public interface ForegroundSupervisor extends AutoCloseable
{
    /**
     * @param timeoutMs how long to wait, negative for ever.
     * @return true once the system is shut down.
     * @throws InterruptedException if interrupted.
     */
    boolean awaitShutdown(long timeoutMs) throws InterruptedException;

    /**
     * Stop cleanly.
     */
    void close();

    /**
     * Run a started Supervisor until shutdown or SIGTERM, then close it.
     *
     * @param cp    the started Supervisor.
     * @param log   where to report.
     * @param ready the line that says it is ready.
     * @return exit status 0.
     */
    static int runUntilShutdown(final ForegroundSupervisor cp, final SystemLog log, final String ready)
    {
        final Thread hook = new Thread(cp::close, "iucv-cp-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        log.log(ready);
        try
        {
            cp.awaitShutdown(-1);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
        cp.close();
        try
        {
            Runtime.getRuntime().removeShutdownHook(hook);
        }
        catch (final IllegalStateException ignore)
        {
            // already shutting down through the hook
        }
        return 0;
    }

    /**
     * @param option an option name.
     * @param value  its value, null when missing.
     * @return the value.
     * @throws IllegalArgumentException if missing.
     */
    static String need(final String option, final String value)
    {
        if (null == value)
        {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return value;
    }

    /**
     * @param option an option name.
     * @param value  its value.
     * @return the value as a number.
     * @throws IllegalArgumentException if missing or not a number.
     */
    static int number(final String option, final String value)
    {
        try
        {
            return Integer.parseInt(need(option, value));
        }
        catch (final NumberFormatException ex)
        {
            throw new IllegalArgumentException(option + " needs a number, got '" + value + "'");
        }
    }
}
