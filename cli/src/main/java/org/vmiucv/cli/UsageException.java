package org.vmiucv.cli;

/**
 * A mistake on the command line found after parsing (an unknown handler class, say): exit status 1, no stack trace.
 */
final class UsageException extends Exception
{
    private static final long serialVersionUID = 1L;

    /**
     * @param message what was wrong and what is allowed.
     */
    UsageException(final String message)
    {
        super(message);
    }
}
