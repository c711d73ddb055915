package org.vmiucv.xfl.stage;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.vmiucv.xfl.XflConsumer;
import org.vmiucv.xfl.XflProducer;
import org.vmiucv.xfl.XflStatus;

/**
 * {@code count CHARACTERS|WORDS|LINES|MINLINE|MAXLINE ...}: counts the input and, at end of input,
 * writes one record with the requested counts in the order given, separated by one blank
 * (CMS Pipelines COUNT; {@code RECORDS} = {@code LINES}, {@code CHARS} and {@code BYTES} =
 * {@code CHARACTERS}; keywords in any case and abbreviated down to one letter, two for
 * {@code MI}/{@code MA}; words are runs of non-blank bytes).
 *
 * <p>When the secondary output is connected the input records pass to the primary output and the
 * count goes to the secondary; otherwise the count goes to the primary output. {@code MINLINE}
 * and {@code MAXLINE} are 0 when there was no record. The XFL 1.0.x C program {@code count} means
 * this (see its comments) but, as published, its operand loop reads an uninitialised index and
 * produces undefined output, so this stage follows the CMS definition.
 */
public final class CountStage implements Stage
{
    /** Stage name. */
    public static final String NAME = "count";

    private static final String ALLOWED =
        "expected one or more of CHARACTERS, CHARS, BYTES, WORDS, LINES, RECORDS, MINLINE, MAXLINE";

    private enum Measure
    {
        CHARACTERS(1), CHARS(5), BYTES(1), WORDS(1), LINES(1), RECORDS(1), MINLINE(2), MAXLINE(2);

        final int minAbbreviation;

        Measure(final int minAbbreviation)
        {
            this.minAbbreviation = minAbbreviation;
        }

        static Measure of(final String token)
        {
            for (final Measure m : values())
            {
                if (token.length() >= m.minAbbreviation && token.length() <= m.name().length() &&
                    m.name().regionMatches(true, 0, token, 0, token.length()))
                {
                    return m;
                }
            }
            return null;
        }
    }

    @Override
    public int run(final String args, final StageContext context) throws IOException
    {
        final List<Measure> measures = new ArrayList<>();
        for (final String token : args.trim().split("[ \t]+"))
        {
            if (token.isEmpty())
            {
                continue;
            }
            final Measure m = Measure.of(token);
            if (m == null)
            {
                Records.usage(context, NAME, "unknown operand \"" + token + "\": " + ALLOWED);
                return 1;
            }
            measures.add(m);
        }
        if (measures.isEmpty())
        {
            Records.usage(context, NAME, "missing operand: " + ALLOWED);
            return 1;
        }
        final XflProducer primary = context.output(0);
        final XflProducer secondary = context.output(1);
        final XflProducer countOut = secondary != null ? secondary : primary;
        if (countOut == null)
        {
            Records.usage(context, NAME, "no output stream is connected: PIPECONN has no *.OUTPUT.0 token");
            return 1;
        }
        XflProducer pass = secondary != null ? primary : null;

        long chars = 0;
        long words = 0;
        long lines = 0;
        long minLine = Long.MAX_VALUE;
        long maxLine = 0;
        final XflConsumer in = context.input(0);
        byte[] record;
        while (in != null && (record = in.peekto()) != null)
        {
            chars += record.length;
            words += words(record);
            lines++;
            minLine = Math.min(minLine, record.length);
            maxLine = Math.max(maxLine, record.length);
            if (pass != null && pass.output(record) != XflStatus.OK)
            {
                pass = null; // primary output severed: keep counting
            }
            in.readto();
        }
        if (lines == 0)
        {
            minLine = 0;
        }
        final StringBuilder sb = new StringBuilder();
        for (final Measure m : measures)
        {
            final long value;
            switch (m)
            {
                case WORDS: value = words; break;
                case LINES: case RECORDS: value = lines; break;
                case MINLINE: value = minLine; break;
                case MAXLINE: value = maxLine; break;
                default: value = chars; break;
            }
            sb.append(sb.length() == 0 ? "" : " ").append(value);
        }
        countOut.output(sb.toString().getBytes(StandardCharsets.US_ASCII));
        return 0;
    }

    private static long words(final byte[] record)
    {
        long n = 0;
        boolean inWord = false;
        for (final byte b : record)
        {
            final boolean blank = b == ' ';
            if (!blank && !inWord)
            {
                n++;
            }
            inWord = !blank;
        }
        return n;
    }
}
