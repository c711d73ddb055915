package org.vmiucv.bench.scale;

import java.nio.file.Path;

/**
 * The command line of {@link ScaleBench}.
 */
final class ScaleOptions
{
    int machines = 1000;
    int paths = 10_000;
    int processes = 4;
    int trips = 200_000;
    int rounds = 6;
    int timedConnects = 2000;
    int inboxCapacity = 65_536;
    int payload = 32;
    Path out = Path.of("bench", "results");

    /**
     * @param args the arguments.
     * @return the options.
     * @throws IllegalArgumentException for an unknown option, a missing or bad value.
     */
    static ScaleOptions parse(final String[] args)
    {
        final ScaleOptions o = new ScaleOptions();
        for (int i = 0; i < args.length; i++)
        {
            final String value = i + 1 < args.length ? args[i + 1] : null;
            switch (args[i])
            {
                case "--machines": o.machines = number(args[i], value, 2); i++; break;
                case "--paths": o.paths = number(args[i], value, 1); i++; break;
                case "--processes": o.processes = number(args[i], value, 2); i++; break;
                case "--trips": o.trips = number(args[i], value, 1); i++; break;
                case "--rounds": o.rounds = number(args[i], value, 1); i++; break;
                case "--timed-connects": o.timedConnects = number(args[i], value, 1); i++; break;
                case "--inbox-capacity": o.inboxCapacity = number(args[i], value, 1024); i++; break;
                case "--out":
                    if (null == value)
                    {
                        throw new IllegalArgumentException("--out needs a directory");
                    }
                    o.out = Path.of(value);
                    i++;
                    break;
                default:
                    throw new IllegalArgumentException("unknown option " + args[i] + " (allowed: --machines N " +
                        "--paths N --processes N --trips N --rounds N --timed-connects N --inbox-capacity BYTES --out DIR)");
            }
        }
        if (o.machines < o.processes)
        {
            throw new IllegalArgumentException("--machines " + o.machines + " is fewer than --processes " + o.processes);
        }
        if (o.machines > 99_999)
        {
            throw new IllegalArgumentException("--machines must be at most 99,999 (names are M and five digits)");
        }
        o.timedConnects = Math.min(o.timedConnects, o.paths);
        return o;
    }

    private static int number(final String option, final String value, final int min)
    {
        try
        {
            final int n = Integer.parseInt(value);
            if (n < min)
            {
                throw new IllegalArgumentException(option + " must be at least " + min + ", got " + n);
            }
            return n;
        }
        catch (final NumberFormatException ex)
        {
            throw new IllegalArgumentException(option + " needs a number, got '" + value + "'");
        }
    }
}
