package org.vmiucv.cli;

import org.vmiucv.engine.UserData;

/**
 * Small conversions shared by the subcommands.
 */
final class Cli
{
    private Cli()
    {
    }

    /**
     * @param text user data text from {@code --data}, may be null.
     * @return the user data, empty when no text was given.
     * @throws UsageException if the text is longer than 16 bytes or not ASCII.
     */
    static UserData userData(final String text) throws UsageException
    {
        if (null == text)
        {
            return UserData.EMPTY;
        }
        for (int i = 0; i < text.length(); i++)
        {
            if (text.charAt(i) > 127)
            {
                throw new UsageException("--data '" + text + "' is not ASCII");
            }
        }
        try
        {
            return UserData.of(text);
        }
        catch (final IllegalArgumentException ex)
        {
            throw new UsageException("--data: " + ex.getMessage());
        }
    }
}
