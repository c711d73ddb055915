package org.vmiucv.engine.system;

/**
 * A namespace file could not be created, opened or validated; the message names the file and the cause.
 */
public final class NamespaceException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    /** Why it failed. */
    public enum Reason
    {
        /** No such file. */
        NOT_FOUND,
        /** The file exists already. */
        EXISTS,
        /** No space left, or the size is over a limit. */
        NO_SPACE,
        /** Foreign or corrupt content. */
        INVALID,
        /** Any other I/O failure. */
        IO
    }

    private final Reason reason;

    /**
     * @param reason  why.
     * @param message what, naming the file.
     */
    public NamespaceException(final Reason reason, final String message)
    {
        super(message);
        this.reason = reason;
    }

    /**
     * @return why.
     */
    public Reason reason()
    {
        return reason;
    }
}
