package org.vmiucv.engine;

/**
 * The text of an SMSG: printable-or-blank ASCII, at most {@value #MAX_LENGTH} bytes.
 */
public final class SmsgText
{
    /** Maximum length in bytes. */
    public static final int MAX_LENGTH = 236;

    private final String text;

    private SmsgText(final String text)
    {
        this.text = text;
    }

    /**
     * @param text ASCII text of at most 236 characters.
     * @return the validated text.
     * @throws IucvException with {@link ReturnCode#INVALID_PARAMETER} saying what was wrong.
     */
    public static SmsgText of(final CharSequence text) throws IucvException
    {
        final String problem = problem(text);
        if (null != problem)
        {
            throw new IucvException(ReturnCode.INVALID_PARAMETER, problem);
        }
        return new SmsgText(text.toString());
    }

    /**
     * Explain what is wrong with a text, allocation free when valid.
     *
     * @param text the candidate.
     * @return null if valid, else what was wrong and what is allowed.
     */
    public static String problem(final CharSequence text)
    {
        if (null == text)
        {
            return "SMSG text is missing";
        }
        if (text.length() > MAX_LENGTH)
        {
            return "SMSG text has " + text.length() + " bytes; at most " + MAX_LENGTH + " are allowed";
        }
        for (int i = 0; i < text.length(); i++)
        {
            if (text.charAt(i) > 127)
            {
                return "SMSG text has a non-ASCII character at position " + (i + 1) + "; only ASCII is allowed";
            }
        }
        return null;
    }

    /**
     * @return length in bytes.
     */
    public int length()
    {
        return text.length();
    }

    /** {@inheritDoc} */
    public String toString()
    {
        return text;
    }

    /** {@inheritDoc} */
    public boolean equals(final Object o)
    {
        return o instanceof SmsgText && ((SmsgText)o).text.equals(text);
    }

    /** {@inheritDoc} */
    public int hashCode()
    {
        return text.hashCode();
    }
}
