package org.vmiucv.examples;

import java.io.PrintStream;

import org.vmiucv.engine.MachineId;

/**
 * The lines an example prints: who acted, then what happened, in columns so a transcript reads top to bottom.
 * <p>
 * Handlers print from the machines' agent thread and the example's {@code run} from its caller's thread; each line
 * is one {@code println}, so lines never interleave.
 */
final class Transcript
{
    private final PrintStream out;

    Transcript(final PrintStream out)
    {
        this.out = out;
    }

    /**
     * @param who  the machine that acted or observed.
     * @param what what happened.
     */
    void line(final MachineId who, final String what)
    {
        out.println(String.format("%-8s %s", who.name(), what));
    }

    /**
     * @param what narration: what the example does next, and why.
     */
    void note(final String what)
    {
        out.println("-- " + what);
    }
}
