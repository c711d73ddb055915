package org.vmiucv.engine;

/**
 * Options of a CONNECT: the message limit and the user data.
 *
 * @param msglim   messages sent and not yet received allowed on the path, 1 to 65,535 (default 10).
 * @param userData user data delivered to the target.
 */
public record ConnectOptions(int msglim, UserData userData)
{
    /** Default message limit, as in z/VM. */
    public static final int DEFAULT_MSGLIM = 10;
    /** Largest message limit. */
    public static final int MAX_MSGLIM = 65_535;
    /** The defaults: msglim 10, no user data. */
    public static final ConnectOptions DEFAULT = new ConnectOptions(DEFAULT_MSGLIM, UserData.EMPTY);

    /**
     * Validate.
     *
     * @param msglim   1 to 65,535.
     * @param userData not null.
     */
    public ConnectOptions
    {
        if (msglim < 1 || msglim > MAX_MSGLIM)
        {
            throw new IllegalArgumentException("msglim " + msglim + " is out of range; 1 to 65535 is allowed");
        }
        if (null == userData)
        {
            throw new IllegalArgumentException("user data is missing; use UserData.EMPTY");
        }
    }

    /**
     * @param msglim the message limit.
     * @return options with that limit and no user data.
     */
    public static ConnectOptions msglim(final int msglim)
    {
        return new ConnectOptions(msglim, UserData.EMPTY);
    }

    /**
     * @param userData the user data.
     * @return options with the default limit and that user data.
     */
    public static ConnectOptions userData(final UserData userData)
    {
        return new ConnectOptions(DEFAULT_MSGLIM, userData);
    }
}
