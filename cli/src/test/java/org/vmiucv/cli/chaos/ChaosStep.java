package org.vmiucv.cli.chaos;

import java.util.Arrays;
import java.util.List;

/**
 * What the chaos suite does to the system, one step at a time.
 */
enum ChaosStep
{
    /** kill -9 of a machine process (ECHO or a log machine); a new one is IPLed afterwards. */
    KILL_MACHINE(false, "kill -9 of a machine process"),
    /** SIGTERM of a machine process: it logs its machine off and ends with a message. */
    TERM_MACHINE(false, "SIGTERM of a machine process"),
    /**
     * SIGTERM of a machine process while the Supervisor is stopped: its LOGOFF gets no answer, it must still end with
     * a message and without a JVM crash (its client is closed while a call may be inside it).
     */
    TERM_MACHINE_IN_CP_STALL(false, "SIGTERM of a machine process while the Supervisor is stopped (< 10 s)"),
    /** SIGSTOP of a machine process for less than the heartbeat timeout, then SIGCONT: nothing may change. */
    STOP_MACHINE_SHORT(false, "SIGSTOP of a machine process for 2-4 s, then SIGCONT"),
    /** SIGSTOP of a machine process past the 10 s heartbeat timeout: the CP reaps it; it must then end, not haunt. */
    STOP_MACHINE_LONG(true, "SIGSTOP of a machine process for 12-15 s, then SIGCONT"),
    /** kill -9 of the Supervisor and a restart on the same system: machines and paths must survive. */
    KILL_SUPERVISOR(false, "kill -9 of the Supervisor, then iucv supervisor again"),
    /** SIGTERM of the Supervisor (a clean stop: machines may be logged off), then a restart. */
    TERM_SUPERVISOR(false, "SIGTERM of the Supervisor, then iucv supervisor again"),
    /** SIGSTOP of the Supervisor for less than the heartbeat timeout: nothing may change. */
    STOP_SUPERVISOR_SHORT(false, "SIGSTOP of the Supervisor for 2-4 s, then SIGCONT"),
    /** SIGSTOP of the Supervisor past the heartbeat timeout: machines must outlive the stall. */
    STOP_SUPERVISOR_LONG(true, "SIGSTOP of the Supervisor for 12-15 s, then SIGCONT"),
    /** kill -9 of the Supervisor, then two {@code iucv supervisor} at once: exactly one takes the system over. */
    CONCURRENT_TAKEOVER(false, "kill -9 of the Supervisor, then two iucv supervisor at once"),
    /** Two more {@code iucv supervisor} at once while the Supervisor runs: both lose, with RC 8. */
    CONCURRENT_START(false, "two more iucv supervisor at once while the Supervisor runs"),
    /** The file system of IUCV_DIR fills up: running paths keep flowing, new work is refused cleanly. */
    FULL_FILE_SYSTEM(false, "IUCV_DIR's tmpfs filled up, then freed");

    /** Only in the long run (the step takes longer than the heartbeat timeout). */
    final boolean longOnly;
    final String description;

    ChaosStep(final boolean longOnly, final String description)
    {
        this.longOnly = longOnly;
        this.description = description;
    }

    /**
     * @param longRun true for the long run.
     * @return the steps a run of that kind draws from; {@code -Dchaos.kinds=A,B} narrows them (to chase one bug).
     */
    static List<ChaosStep> forRun(final boolean longRun)
    {
        final String only = System.getProperty("chaos.kinds", "").trim();
        final List<ChaosStep> chosen = only.isEmpty() ? Arrays.asList(values()) :
            Arrays.stream(only.split(",")).map(String::trim).map(ChaosStep::valueOf).toList();
        return chosen.stream().filter(s -> longRun || !s.longOnly).toList();
    }
}
