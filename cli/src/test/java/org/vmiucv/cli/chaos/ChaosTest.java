package org.vmiucv.cli.chaos;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The chaos suite: real {@code iucv} processes, real signals, seeded random order, invariants after every step
 * (see {@link Invariants}).
 * <p>
 * The short run (in {@code mvn verify}) plays every short step kind once in an order shuffled by a fixed seed, then
 * a few steps drawn with a random seed ({@code -Dchaos.seed=N} to repeat one). The long run, {@code
 * -Dchaos.minutes=N}, draws every kind, the stalls past the heartbeat timeout included, for N minutes and prints a
 * summary: seeds, steps by kind, violations. Every violation names the step, the seed, the invariant and the outputs
 * of the processes involved.
 */
class ChaosTest
{
    /** The short run's fixed seed. */
    static final long FIXED_SEED = 20261207L;
    private static final int RANDOM_DRAWS = 3;

    @Test
    @DisabledIfSystemProperty(named = "chaos.minutes", matches = ".+")
    @Timeout(value = 15, unit = TimeUnit.MINUTES)
    void shortRun() throws Exception
    {
        final ChaosReport report = new ChaosRun(List.of(ChaosRun.Phase.deck(FIXED_SEED),
            ChaosRun.Phase.draws(seed(), RANDOM_DRAWS))).run();
        assertTrue(report.violations().isEmpty(), report::summary);
    }

    @Test
    @EnabledIfSystemProperty(named = "chaos.minutes", matches = "\\d+")
    void longRun() throws Exception
    {
        final long minutes = Long.getLong("chaos.minutes");
        final ChaosReport report = new ChaosRun(List.of(ChaosRun.Phase.minutes(seed(), minutes))).run();
        assertTrue(report.violations().isEmpty(), report::summary);
    }

    private static long seed()
    {
        final Long given = Long.getLong("chaos.seed");
        return null != given ? given : ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE);
    }
}
