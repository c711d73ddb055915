package org.vmiucv.shm.journal;

/**
 * The journal cannot be written (no space, an I/O error) or read (a corrupt record).
 */
public final class JournalException extends Exception
{
    private static final long serialVersionUID = 1L;

    /**
     * @param message what went wrong, with the path.
     */
    public JournalException(final String message)
    {
        super(message);
    }

    /**
     * @param message what went wrong, with the path.
     * @param cause   the underlying failure.
     */
    public JournalException(final String message, final Throwable cause)
    {
        super(message, cause);
    }
}
