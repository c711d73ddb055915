package org.vmiucv.engine.layout;

/**
 * The payload of every control frame (after the {@link FrameDescriptor frame header}), one fixed shape for all
 * requests, responses and notifications; fields a type does not use are zero. An ASCII text may follow.
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------------------------------------------------------+
 *  |                       User data (16 bytes)                    |
 *  |                                                               |
 *  |                                                               |
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |                  Machine name (packed, 8 bytes)               |
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |                          msglim                               |
 *  +---------------------------------------------------------------+
 *  |                       Return code                             |
 *  +---------------------------------------------------------------+
 *  |                       Client slot                             |
 *  +---------------------------------------------------------------+
 *  |                  Aux int (slot, capacity, generation)         |
 *  +---------------------------------------------------------------+
 *  |        Aux long (pid, client key, client generation)          |
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |                    Client generation                          |
 *  +---------------------------------------------------------------+
 *  |                    Reserved (0)                               |
 *  +---------------------------------------------------------------+
 *  |                  Text: message or file name (ASCII)          ...
 * </pre>
 * The client slot and client generation together name the process that sent a request: the Supervisor drops a
 * request whose generation is not the slot's current one (the process was reaped and the slot may serve another).
 */
public final class ControlDescriptor
{
    /** Offset of the user data. */
    public static final int USER_DATA_OFFSET = 0;
    /** Offset of the packed machine name. */
    public static final int NAME_OFFSET = 16;
    /** Offset of msglim. */
    public static final int MSGLIM_OFFSET = 24;
    /** Offset of the return code. */
    public static final int RC_OFFSET = 28;
    /** Offset of the client slot. */
    public static final int CLIENT_SLOT_OFFSET = 32;
    /** Offset of the aux int. */
    public static final int AUX_INT_OFFSET = 36;
    /** Offset of the aux long. */
    public static final int AUX_LONG_OFFSET = 40;
    /** Offset of the client generation (with the client slot, it fences requests from a reaped process). */
    public static final int CLIENT_GENERATION_OFFSET = 48;
    /** Length of the fixed part; the text follows. */
    public static final int LENGTH = 56;
    /** Longest text carried. */
    public static final int MAX_TEXT_LENGTH = 1024;

    private ControlDescriptor()
    {
    }
}
