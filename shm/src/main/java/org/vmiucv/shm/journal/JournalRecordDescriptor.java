package org.vmiucv.shm.journal;

/**
 * Layout of one journal record (one Chronicle Queue document), version {@value #VERSION}, little-endian.
 * Every control event the Supervisor takes is a REQUEST record written before it is applied; every interrupt and
 * answer it sends is an INTERRUPT or RESPONSE record written before it is sent.
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------+---------------+-------------------------------+
 *  |   Version     |     Kind      |          Frame type           |  0
 *  +---------------+---------------+-------------------------------+
 *  |                         Client slot                           |  4
 *  +---------------------------------------------------------------+
 *  |                    Time (epoch ms, 8 bytes)                   |  8
 *  +---------------------------------------------------------------+
 *  |                Machine slot (source or target)                | 16
 *  +---------------------------------------------------------------+
 *  |                          Return code                          | 20
 *  +---------------------------------------------------------------+
 *  |                 Correlation id (8 bytes)                      | 24
 *  +---------------------------------------------------------------+
 *  |                 Path id, packed (8 bytes)                     | 32
 *  +---------------------------------------------------------------+
 *  |        Machine: packed name of the machine at the slot        | 40
 *  +---------------------------------------------------------------+
 *  |   Name: frame's name field (IPL machine, CONNECT target,      | 48
 *  |         or the peer of an interrupt)                          |
 *  +---------------------------------------------------------------+
 *  |   Aux long (CONNECT initiator, REGISTER pid, data length)     | 56
 *  +---------------------------------------------------------------+
 *  |                            msglim                             | 64
 *  +---------------------------------------------------------------+
 *  |                           Aux int                             | 68
 *  +---------------------------------------------------------------+
 *  |                     User data (16 bytes)                      | 72
 *  +---------------------------------------------------------------+
 *  |          CRC-32C of the record, this field taken as 0         | 88
 *  +-------------------------------+-------------------------------+
 *  |         Text length           |  Text (ASCII) ...               92
 *  +-------------------------------+-------------------------------+
 * </pre>
 */
public final class JournalRecordDescriptor
{
    /** Current version; a reader refuses others. */
    public static final int VERSION = 1;

    /** A control event, recorded before it is applied. */
    public static final int KIND_REQUEST = 1;
    /** An interrupt to a machine, recorded before it is written. */
    public static final int KIND_INTERRUPT = 2;
    /** An answer to a client, recorded before it is written. */
    public static final int KIND_RESPONSE = 3;
    /** A Supervisor started (created or recovered): everything in flight before it was settled. */
    public static final int KIND_START = 4;
    /** Metadata of one SMSG or IUCV message (data trace). */
    public static final int KIND_DATA = 5;

    /** Offset of the version byte. */
    public static final int VERSION_OFFSET = 0;
    /** Offset of the kind byte. */
    public static final int KIND_OFFSET = 1;
    /** Offset of the frame type (short). */
    public static final int TYPE_OFFSET = 2;
    /** Offset of the client slot. */
    public static final int CLIENT_OFFSET = 4;
    /** Offset of the time. */
    public static final int TIME_OFFSET = 8;
    /** Offset of the machine slot. */
    public static final int SLOT_OFFSET = 16;
    /** Offset of the return code. */
    public static final int RC_OFFSET = 20;
    /** Offset of the correlation id. */
    public static final int CORR_OFFSET = 24;
    /** Offset of the path id. */
    public static final int PATH_OFFSET = 32;
    /** Offset of the machine name. */
    public static final int MACHINE_OFFSET = 40;
    /** Offset of the name field. */
    public static final int NAME_OFFSET = 48;
    /** Offset of the aux long. */
    public static final int AUX_OFFSET = 56;
    /** Offset of msglim. */
    public static final int MSGLIM_OFFSET = 64;
    /** Offset of the aux int. */
    public static final int AUX_INT_OFFSET = 68;
    /** Offset of the user data. */
    public static final int USER_DATA_OFFSET = 72;
    /** Offset of the checksum. */
    public static final int CRC_OFFSET = 88;
    /** Offset of the text length. */
    public static final int TEXT_LENGTH_OFFSET = 92;
    /** Length of the fixed part; the text follows. */
    public static final int HEADER_LENGTH = 94;
    /** Longest text kept. */
    public static final int MAX_TEXT_LENGTH = 1024;
    /** Longest record. */
    public static final int MAX_LENGTH = HEADER_LENGTH + MAX_TEXT_LENGTH;

    private JournalRecordDescriptor()
    {
    }

    /**
     * @param kind a kind.
     * @return its short name for traces.
     */
    public static String kindName(final int kind)
    {
        switch (kind)
        {
            case KIND_REQUEST: return "REQ";
            case KIND_INTERRUPT: return "INT";
            case KIND_RESPONSE: return "RSP";
            case KIND_START: return "CP";
            case KIND_DATA: return "DAT";
            default: return "K" + kind;
        }
    }
}
