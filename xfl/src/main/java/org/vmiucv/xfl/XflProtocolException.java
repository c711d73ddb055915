package org.vmiucv.xfl;

/**
 * The peer broke the XFL record protocol: a malformed command, an unparseable or too large
 * record length, or a record body cut short.
 *
 * <p>The message names exactly what was received (bytes escaped with {@link XflBytes#printable})
 * and what was allowed. The connector that detected the error has already closed itself; nothing
 * else in the process is affected.
 */
public class XflProtocolException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    /**
     * @param message what was received and what was allowed.
     */
    public XflProtocolException(final String message)
    {
        super(message);
    }
}
