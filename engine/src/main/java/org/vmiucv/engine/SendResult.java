package org.vmiucv.engine;

/**
 * Status codes of data-plane sends: a successful IUCV send returns a positive message id, a successful SMSG,
 * REPLY or path operation returns {@link #OK}; a refusal returns one of these negative constants.
 * <p>
 * The first three carry IUCV's own SEND return codes (1, 2, 3) as their magnitude. Nothing here allocates.
 */
public final class SendResult
{
    /** Accepted. */
    public static final int OK = 0;
    /** IUCV RC 1: the path is not established (pending, severed, unknown, or not this machine's). */
    public static final int PATH_NOT_ESTABLISHED = -1;
    /** IUCV RC 2: the peer has quiesced the path; retry after it resumes. */
    public static final int PATH_QUIESCED = -2;
    /** IUCV RC 3: msglim messages are in flight; retry after the peer has received some. */
    public static final int MESSAGE_LIMIT_EXCEEDED = -3;
    /** The receiver's inbox is full right now; nothing was sent, retry. */
    public static final int BACK_PRESSURED = -4;
    /** The length is outside 0..65,535 (IUCV) or the text is over 236 bytes or not ASCII (SMSG). */
    public static final int INVALID_LENGTH = -5;
    /** The SMSG target is not logged on. */
    public static final int MACHINE_NOT_FOUND = -6;
    /** The SMSG target's inbox was full: the message was dropped and counted (SMSG is best effort). */
    public static final int DROPPED = -7;
    /** REPLY to a message that is unknown, one-way, or already answered. */
    public static final int NO_SUCH_MESSAGE = -8;
    /** The sending machine is logged off or the system is down. */
    public static final int CLOSED = -9;

    private SendResult()
    {
    }

    /**
     * @param status a status returned by a send.
     * @return a short description.
     */
    public static String describe(final long status)
    {
        if (status > 0)
        {
            return "sent, message id " + status;
        }
        switch ((int)status)
        {
            case OK: return "OK";
            case PATH_NOT_ESTABLISHED: return "path not established (IUCV RC 1)";
            case PATH_QUIESCED: return "path quiesced (IUCV RC 2)";
            case MESSAGE_LIMIT_EXCEEDED: return "message limit exceeded (IUCV RC 3)";
            case BACK_PRESSURED: return "receiver inbox full, retry";
            case INVALID_LENGTH: return "invalid length";
            case MACHINE_NOT_FOUND: return "machine not found";
            case DROPPED: return "dropped: receiver inbox full";
            case NO_SUCH_MESSAGE: return "no such message to reply to";
            case CLOSED: return "machine logged off or system down";
            default: return "unknown status " + status;
        }
    }
}
