package org.vmiucv.engine.system;

import java.io.PrintStream;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;

/**
 * Where the runtime reports what it did or what went wrong: one line per event, each with the acting pid.
 */
@FunctionalInterface
public interface SystemLog
{
    /** Discards everything. */
    SystemLog NONE = line -> { };

    /**
     * @param line one event, without a trailing newline.
     */
    void log(String line);

    /**
     * @param out stream to print to.
     * @return a log printing {@code HH:mm:ss.SSS pid=N line}.
     */
    static SystemLog to(final PrintStream out)
    {
        final long pid = ProcessHandle.current().pid();
        final DateTimeFormatter fmt = DateTimeFormatter.ofPattern("HH:mm:ss.SSS");
        return line -> out.println(LocalTime.now().format(fmt) + " pid=" + pid + " " + line);
    }
}
