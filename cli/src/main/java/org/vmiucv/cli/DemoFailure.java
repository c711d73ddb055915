package org.vmiucv.cli;

/**
 * A step of the demo did not happen as expected: the demo cleans up and exits non-zero with this message.
 */
final class DemoFailure extends Exception
{
    private static final long serialVersionUID = 1L;

    /**
     * @param message what did not happen.
     */
    DemoFailure(final String message)
    {
        super(message);
    }
}
