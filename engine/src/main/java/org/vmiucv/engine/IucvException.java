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
        final String prefix = String.format("DMSIUC%03d%c %s", rc.code(), rc.severity(), rc.text());
        return null == detail || detail.isEmpty() ? prefix : prefix + ": " + detail;
    }
}
