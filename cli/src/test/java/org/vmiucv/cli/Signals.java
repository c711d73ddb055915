package org.vmiucv.cli;

import java.util.concurrent.TimeUnit;

/**
 * Real signals to test processes, sent with the {@code kill} command (SIGSTOP and SIGCONT have no Java API).
 */
final class Signals
{
    private Signals()
    {
    }

    /**
     * Run {@code kill -NAME pid} and wait up to 10 s for it.
     *
     * @param name the signal's name without {@code SIG}: STOP, CONT, TERM...
     * @param pid  the process to signal.
     * @throws Exception if {@code kill} cannot run; an AssertionError if it does not finish in time.
     */
    static void send(final String name, final long pid) throws Exception
    {
        final Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(pid)).redirectErrorStream(true)
            .start();
        if (!kill.waitFor(10, TimeUnit.SECONDS))
        {
            kill.destroyForcibly();
            throw new AssertionError("kill -" + name + " " + pid + " did not finish");
        }
    }
}
