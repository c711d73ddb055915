package org.vmiucv.engine;

/**
 * A refused control-plane operation: carries a {@link ReturnCode} and a {@code DMSIUCnnnE}-style message.
 * <p>
 * Data-plane operations never throw this; they return status codes (see {@link SendResult}).
 */
public final class IucvException extends Exception
{
    private static final long serialVersionUID = 1L;

    private final ReturnCode returnCode;

    /**
     * @param returnCode why the operation was refused.
     * @param detail     what was wrong and, where useful, what is allowed.
     */
    public IucvException(final ReturnCode returnCode, final String detail)
    {
        super(format(returnCode, detail));
        this.returnCode = returnCode;
    }

    /**
     * For a case the code's usual text does not describe, such as RC 8 for a system (not a machine) that already
     * runs: {@code DMSIUC008E System already running: detail}.
     *
     * @param returnCode why the operation was refused.
     * @param summary    the short text after the message number, instead of the code's own.
     * @param detail     what was wrong and, where useful, what is allowed.
     */
    public IucvException(final ReturnCode returnCode, final String summary, final String detail)
    {
        super(format(returnCode, summary, detail));
        this.returnCode = returnCode;
    }

    /**
     * @return the return code.
     */
    public ReturnCode returnCode()
    {
        return returnCode;
    }

    /**
     * @return the numeric return code, also used as the command's exit status.
     */
    public int code()
    {
        return returnCode.code();
    }

    /**
     * Format a message as {@code DMSIUC040E Connection refused: detail} ({@code DMSIUC020W} for a busy channel).
     *
     * @param rc     the return code.
     * @param detail the detail, may be null.
     * @return the message.
     */
    public static String format(final ReturnCode rc, final String detail)
    {
        return format(rc, rc.text(), detail);
    }

    private static String format(final ReturnCode rc, final String summary, final String detail)
    {
        final String prefix = String.format("DMSIUC%03d%c %s", rc.code(), rc.severity(), summary);
        return null == detail || detail.isEmpty() ? prefix : prefix + ": " + detail;
    }
}
