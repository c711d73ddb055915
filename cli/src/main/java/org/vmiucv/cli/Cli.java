package org.vmiucv.cli;

import org.vmiucv.engine.UserData;

/**
 * Small conversions shared by the subcommands.
 */
final class Cli
{
    /** The JVM flags Chronicle Queue (the Supervisor's journal) needs in a JVM started with -cp, not -jar. */
    static final java.util.List<String> CHRONICLE_FLAGS = java.util.List.of(
        "--add-exports", "java.base/jdk.internal.ref=ALL-UNNAMED",
        "--add-exports", "java.base/sun.nio.ch=ALL-UNNAMED",
        "--add-exports", "jdk.unsupported/sun.misc=ALL-UNNAMED",
        "--add-opens", "java.base/java.lang=ALL-UNNAMED",
        "--add-opens", "java.base/java.lang.reflect=ALL-UNNAMED",
        "--add-opens", "java.base/java.util=ALL-UNNAMED",
        "--add-opens", "java.base/sun.nio.ch=ALL-UNNAMED",
        "-Dchronicle.analytics.disable=true");

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
                throw new UsageException("--data '" + Show.text(text) + "' is not ASCII");
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
