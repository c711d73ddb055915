package org.vmiucv.cli.chaos;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * What a chaos run did and found: the seeds, the steps by kind, the violations with the process outputs, and the
 * steps that could not run here (with the reason).
 */
final class ChaosReport
{
    /** One broken invariant. */
    record Violation(int step, ChaosStep kind, long seed, String invariant, String details)
    {
        @Override
        public String toString()
        {
            return "VIOLATION at step " + step + " " + (null == kind ? "(setup/teardown)" : kind) + " (seed " +
                seed + "): " + invariant + "\n" + details;
        }
    }

    private final List<String> seeds = new ArrayList<>();
    private final Map<ChaosStep, Integer> steps = new EnumMap<>(ChaosStep.class);
    private final Map<ChaosStep, Integer> skipped = new EnumMap<>(ChaosStep.class);
    private final List<String> notes = new ArrayList<>();
    private final List<Violation> violations = new ArrayList<>();
    private final long startedMs = System.currentTimeMillis();

    synchronized void seed(final String what, final long seed)
    {
        seeds.add(what + " seed " + seed + " (rerun with -Dchaos.seed=" + seed + ")");
    }

    synchronized void stepDone(final ChaosStep step)
    {
        steps.merge(step, 1, Integer::sum);
    }

    synchronized void stepSkipped(final ChaosStep step, final String why)
    {
        skipped.merge(step, 1, Integer::sum);
        if (skipped.get(step) == 1)
        {
            notes.add(step + " skipped: " + why);
        }
    }

    synchronized void note(final String text)
    {
        notes.add(text);
    }

    synchronized void violation(final Violation v)
    {
        violations.add(v);
        System.out.println("[chaos] " + v);
    }

    synchronized List<Violation> violations()
    {
        return List.copyOf(violations);
    }

    /**
     * @return the summary: seeds, steps by kind, notes, violations.
     */
    synchronized String summary()
    {
        final StringBuilder sb = new StringBuilder();
        sb.append("=== chaos summary (").append((System.currentTimeMillis() - startedMs) / 1000).append(" s)\n");
        seeds.forEach(s -> sb.append(s).append('\n'));
        sb.append("steps by kind:");
        steps.forEach((k, n) -> sb.append(' ').append(k).append('=').append(n));
        sb.append('\n');
        if (!skipped.isEmpty())
        {
            sb.append("skipped:");
            skipped.forEach((k, n) -> sb.append(' ').append(k).append('=').append(n));
            sb.append('\n');
        }
        notes.forEach(n -> sb.append("note: ").append(n).append('\n'));
        final Map<String, Integer> byInvariant = new java.util.TreeMap<>();
        violations.forEach(v -> byInvariant.merge(v.invariant().replaceAll(":.*", ""), 1, Integer::sum));
        sb.append("violations: ").append(violations.size()).append(byInvariant.isEmpty() ? "" : " " + byInvariant)
            .append('\n');
        for (final Violation v : violations)
        {
            sb.append(v).append('\n');
        }
        return sb.toString();
    }
}
