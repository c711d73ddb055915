package org.vmiucv.engine.layout;

/**
 * The header of every frame, shared by the shm and XFL transports. The frame type is the ring's msgTypeId.
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------------------------------------------------------+
 *  |                  Source machine slot (-1: none)               |
 *  +-------------------------------------------------------------+-+
 *  |                         Flags                             |T|D|
 *  +-------------------------------------------------------------+-+
 *  |                 Path id: slot (high) | generation (low)     |
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |              Message id (data) / correlation id (control)     |
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |                          Payload                             ...
 * </pre>
 * D: direction, 0 = initiator to target, 1 = target to initiator. T: two-way message, a reply is expected.
 */
public final class FrameDescriptor
{
    /** Offset of the source machine slot. */
    public static final int SOURCE_SLOT_OFFSET = 0;
    /** Offset of the flags. */
    public static final int FLAGS_OFFSET = 4;
    /** Offset of the packed path id. */
    public static final int PATH_OFFSET = 8;
    /** Offset of the message or correlation id. */
    public static final int MESSAGE_ID_OFFSET = 16;
    /** Length of the header; the payload follows. */
    public static final int HEADER_LENGTH = 24;

    /** Direction bit: set when the frame travels from the target to the initiator. */
    public static final int FLAG_B_TO_A = 1;
    /** Two-way bit: the sender waits for a REPLY. */
    public static final int FLAG_TWO_WAY = 2;

    /** Largest payload of a data frame. */
    public static final int MAX_DATA_LENGTH = 65_535;
    /** Largest frame: header, SMSG name or control payload, and the largest payload. */
    public static final int MAX_FRAME_LENGTH = HEADER_LENGTH + ControlDescriptor.LENGTH + MAX_DATA_LENGTH;

    private FrameDescriptor()
    {
    }
}
