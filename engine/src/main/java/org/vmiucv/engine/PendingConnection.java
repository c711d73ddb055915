package org.vmiucv.engine;

/**
 * A connection request offered to the target's {@link MachineHandler#onConnectionPending}.
 * <p>
 * Valid during that callback. The handler may set the user data and message limit of its ACCEPT.
 */
public interface PendingConnection
{
    /**
     * @return the path being set up.
     */
    PathId path();

    /**
     * @return the machine that asked to connect.
     */
    MachineId from();

    /**
     * @return the user data sent with CONNECT.
     */
    UserData userData();

    /**
     * @return the message limit the initiator asked for.
     */
    int msglim();

    /**
     * Set the user data returned with ACCEPT.
     *
     * @param userData the user data.
     */
    void acceptUserData(UserData userData);

    /**
     * Lower the path's message limit for the accepting side (the smaller of the two limits applies).
     *
     * @param msglim 1 to 65,535.
     */
    void acceptMsglim(int msglim);
}
