package org.vmiucv.engine;

/**
 * Return codes of control-plane operations, numbered as in the seed crate (CP-style, multiples of four).
 * <p>
 * Each code has a short text and a severity used in the {@code DMSIUCnnnE} (or {@code W}) message of an
 * {@link IucvException}.
 */
public enum ReturnCode
{
    /** The operation succeeded. */
    OK(0, "OK"),
    /** A machine of that name is already logged on. */
    ALREADY_RUNNING(8, "Machine already logged on"),
    /** No machine of that name is logged on (also: already logged off). */
    MACHINE_NOT_FOUND(12, "Machine not found"),
    /** The message could not be delivered. */
    DELIVERY_FAILED(16, "Delivery failed"),
    /** The target's inbox is full; the SMSG was not delivered. */
    CHANNEL_BUSY(20, "Channel busy"),
    /** A parameter is invalid: a machine name, a length, a user-data size. */
    INVALID_PARAMETER(24, "Invalid parameter"),
    /** The machine's handler threw; reported at logoff. */
    MACHINE_PANICKED(28, "Machine panicked"),
    /** The Supervisor is not running or did not answer in time. */
    SUPERVISOR_DOWN(32, "Supervisor down"),
    /** No such path, or it was already severed. */
    PATH_NOT_FOUND(36, "Path not found"),
    /** The target refused the connection. */
    CONNECTION_REFUSED(40, "Connection refused"),
    /** A table is full or the namespace has no space left (an addition to the seed crate). */
    RESOURCES_EXHAUSTED(44, "Resources exhausted");

    private static final ReturnCode[] BY_CODE = new ReturnCode[64];

    static
    {
        for (final ReturnCode rc : values())
        {
            BY_CODE[rc.code] = rc;
        }
    }

    private final int code;
    private final String text;

    ReturnCode(final int code, final String text)
    {
        this.code = code;
        this.text = text;
    }

    /**
     * @return the numeric return code.
     */
    public int code()
    {
        return code;
    }

    /**
     * @return the severity letter of its {@code DMSIUCnnnX} message: {@code 'W'} for a warning (a busy channel is
     *         worth retrying, as in the seed crate), {@code 'E'} for an error; {@code 'I'} for OK.
     */
    public char severity()
    {
        return this == OK ? 'I' : (this == CHANNEL_BUSY ? 'W' : 'E');
    }

    /**
     * @return a short human-readable text.
     */
    public String text()
    {
        return text;
    }

    /**
     * Look a code up by number.
     *
     * @param code numeric return code.
     * @return the code, or {@link #DELIVERY_FAILED} for an unknown number.
     */
    public static ReturnCode of(final int code)
    {
        final ReturnCode rc = code >= 0 && code < BY_CODE.length ? BY_CODE[code] : null;
        return null == rc ? DELIVERY_FAILED : rc;
    }
}
