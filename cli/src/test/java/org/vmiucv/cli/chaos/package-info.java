/**
 * The chaos suite: real {@code iucv} processes (the Supervisor and {@code iucv ipl} machine hosts as child JVMs,
 * each in a private working directory) and the test's own driver machine, attached with
 * {@link org.vmiucv.shm.ShmSystem#attach}; in a seeded random order, real faults (kill -9, SIGSTOP/SIGCONT, SIGTERM
 * of machines and of the Supervisor, Supervisor restarts, concurrent starts, a full file system); after every step
 * the invariants (no lost acknowledged message, no ghost, one Supervisor per system, no JVM crash), and at the end
 * no leftover process or file.
 * <p>
 * {@link org.vmiucv.cli.chaos.ChaosTest} is the entry point: a short run in {@code mvn verify}, a long one with
 * {@code -Dchaos.minutes=N} (with {@code -Dsurefire.timeout} above N minutes: a test JVM is killed after 1200 s
 * by default); {@code -Dchaos.seed=N} repeats a run's random part.
 */
package org.vmiucv.cli.chaos;
