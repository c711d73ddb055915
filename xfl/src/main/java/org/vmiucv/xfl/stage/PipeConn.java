package org.vmiucv.xfl.stage;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Parsed value of the {@code PIPECONN} environment variable.
 *
 * <pre>
 *   PIPECONN = token *( 1*" " token )
 *   token    = "*.INPUT."  n ":" datafd "," ctrlfd     ; data read end, ctrl write end
 *            | "*.OUTPUT." n ":" datafd "," ctrlfd     ; data write end, ctrl read end
 *   n        = stream number, counting from 0 per direction
 * </pre>
 *
 * <p>{@code INPUT}/{@code OUTPUT} are accepted in any case; numbers are plain ASCII decimals.
 * Every malformed token is an {@link IllegalArgumentException} naming the token, the part that is
 * wrong and the allowed form.
 */
public final class PipeConn
{
    /** Name of the environment variable. */
    public static final String VARIABLE = "PIPECONN";

    private static final String FORM = "expected *.INPUT.<n>:<datafd>,<ctrlfd> or *.OUTPUT.<n>:<datafd>,<ctrlfd>";

    /** Direction of a connector as seen by the stage. */
    public enum Direction
    {
        /** The stage reads: consumer end. */
        INPUT,
        /** The stage writes: producer end. */
        OUTPUT
    }

    /**
     * One connector of the stage.
     *
     * @param direction INPUT or OUTPUT.
     * @param stream    stream number within its direction, 0 being the primary stream.
     * @param dataFd    the data pipe end (read for INPUT, write for OUTPUT).
     * @param ctrlFd    the ctrl pipe end (write for INPUT, read for OUTPUT).
     */
    public record Connector(Direction direction, int stream, int dataFd, int ctrlFd)
    {
        /**
         * @return the token form, e.g. {@code *.INPUT.0:5,6}.
         */
        @Override
        public String toString()
        {
            return "*." + direction + "." + stream + ":" + dataFd + "," + ctrlFd;
        }
    }

    private final List<Connector> inputs;
    private final List<Connector> outputs;

    private PipeConn(final List<Connector> inputs, final List<Connector> outputs)
    {
        this.inputs = Collections.unmodifiableList(inputs);
        this.outputs = Collections.unmodifiableList(outputs);
    }

    /**
     * @param value the variable's value; {@code null} or blank means no connectors.
     * @return the parsed connectors.
     * @throws IllegalArgumentException for a malformed token, a duplicate stream number or an fd used twice.
     */
    public static PipeConn parse(final String value)
    {
        final List<Connector> inputs = new ArrayList<>();
        final List<Connector> outputs = new ArrayList<>();
        final List<Integer> fds = new ArrayList<>();
        if (value != null)
        {
            int index = 0;
            for (final String token : value.trim().split(" +"))
            {
                if (token.isEmpty())
                {
                    continue;
                }
                index++;
                final Connector c = parseToken(token, index);
                final List<Connector> list = c.direction() == Direction.INPUT ? inputs : outputs;
                for (final Connector other : list)
                {
                    if (other.stream() == c.stream())
                    {
                        throw new IllegalArgumentException(VARIABLE + " token " + index + " \"" + token + "\": stream " +
                            c.direction() + "." + c.stream() + " is already defined by \"" + other + "\"");
                    }
                }
                for (final int fd : new int[] {c.dataFd(), c.ctrlFd()})
                {
                    if (fds.contains(fd))
                    {
                        throw new IllegalArgumentException(VARIABLE + " token " + index + " \"" + token + "\": fd " + fd +
                            " is already used by another connector: every connector needs its own two fds");
                    }
                    fds.add(fd);
                }
                list.add(c);
            }
        }
        inputs.sort((a, b) -> Integer.compare(a.stream(), b.stream()));
        outputs.sort((a, b) -> Integer.compare(a.stream(), b.stream()));
        return new PipeConn(inputs, outputs);
    }

    private static Connector parseToken(final String token, final int index)
    {
        final String where = VARIABLE + " token " + index + " \"" + token + "\": ";
        if (!token.startsWith("*."))
        {
            throw new IllegalArgumentException(where + "does not start with \"*.\"; " + FORM);
        }
        final int colon = token.indexOf(':');
        if (colon < 0)
        {
            throw new IllegalArgumentException(where + "has no ':' before the fds; " + FORM);
        }
        final String name = token.substring(2, colon);
        final int dot = name.indexOf('.');
        if (dot < 0)
        {
            throw new IllegalArgumentException(where + "has no stream number after \"" + name + "\"; " + FORM);
        }
        final String dir = name.substring(0, dot);
        final Direction direction;
        if ("INPUT".equalsIgnoreCase(dir))
        {
            direction = Direction.INPUT;
        }
        else if ("OUTPUT".equalsIgnoreCase(dir))
        {
            direction = Direction.OUTPUT;
        }
        else
        {
            throw new IllegalArgumentException(where + "direction \"" + dir + "\" is not INPUT or OUTPUT; " + FORM);
        }
        final int stream = number(name.substring(dot + 1), "stream number", where);
        final String fdPart = token.substring(colon + 1);
        final int comma = fdPart.indexOf(',');
        if (comma < 0)
        {
            throw new IllegalArgumentException(where + "has no ',' between data fd and ctrl fd; " + FORM);
        }
        final int dataFd = number(fdPart.substring(0, comma), "data fd", where);
        final int ctrlFd = number(fdPart.substring(comma + 1), "ctrl fd", where);
        if (dataFd == ctrlFd)
        {
            throw new IllegalArgumentException(where + "data fd and ctrl fd are both " + dataFd +
                ": a connector needs two pipes");
        }
        return new Connector(direction, stream, dataFd, ctrlFd);
    }

    private static int number(final String text, final String what, final String where)
    {
        if (text.isEmpty() || text.length() > 9 || !text.chars().allMatch(ch -> ch >= '0' && ch <= '9'))
        {
            throw new IllegalArgumentException(where + what + " \"" + text +
                "\" is not a decimal number of 1 to 9 digits; " + FORM);
        }
        return Integer.parseInt(text);
    }

    /**
     * @return input connectors ordered by stream number.
     */
    public List<Connector> inputs()
    {
        return inputs;
    }

    /**
     * @return output connectors ordered by stream number.
     */
    public List<Connector> outputs()
    {
        return outputs;
    }

    /**
     * @param stream stream number.
     * @return the input connector with that number, or {@code null}.
     */
    public Connector input(final int stream)
    {
        return find(inputs, stream);
    }

    /**
     * @param stream stream number.
     * @return the output connector with that number, or {@code null}.
     */
    public Connector output(final int stream)
    {
        return find(outputs, stream);
    }

    private static Connector find(final List<Connector> list, final int stream)
    {
        for (final Connector c : list)
        {
            if (c.stream() == stream)
            {
                return c;
            }
        }
        return null;
    }

    @Override
    public String toString()
    {
        final StringBuilder sb = new StringBuilder();
        for (final Connector c : inputs)
        {
            sb.append(sb.length() == 0 ? "" : " ").append(c);
        }
        for (final Connector c : outputs)
        {
            sb.append(sb.length() == 0 ? "" : " ").append(c);
        }
        return sb.toString();
    }
}
