package org.vmiucv.xfl.transport;

import java.nio.ByteOrder;

import org.vmiucv.engine.layout.FrameDescriptor;

/**
 * Layout of one relay record, the body of an XFL record between a process and the Supervisor: the frame type,
 * the frame header shared with the shm transport, then three fixed fields and the payload.
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------------------------------------------------------+
 *  |                 Frame type ({@link RelayRecordType})           |
 *  +---------------------------------------------------------------+
 *  |          Frame header, 24 bytes ({@link FrameDescriptor}):       |
 *  |   source slot, flags, path id, message or correlation id     ...
 *  +---------------------------------------------------------------+
 *  |             Machine name, packed (8 ASCII bytes)              |
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |        Handler token: which IPL of the machine it is for       |
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |   Aux: status, return code, msglim, timeout, accept flag       |
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |                          Payload                             ...
 * </pre>
 * All integers are little-endian ({@link #BYTE_ORDER}), on every platform.
 */
public final class RelayRecordDescriptor
{
    /** Byte order of every field. */
    public static final ByteOrder BYTE_ORDER = ByteOrder.LITTLE_ENDIAN;
    /** Offset of the frame type (int). */
    public static final int TYPE_OFFSET = 0;
    /** Offset of the frame header. */
    public static final int FRAME_OFFSET = 4;
    /** Offset of the packed machine name (long). */
    public static final int MACHINE_OFFSET = FRAME_OFFSET + FrameDescriptor.HEADER_LENGTH;
    /** Offset of the handler token (long). */
    public static final int TOKEN_OFFSET = MACHINE_OFFSET + 8;
    /** Offset of the aux field (long). */
    public static final int AUX_OFFSET = TOKEN_OFFSET + 8;
    /** Offset of the payload; also the shortest record. */
    public static final int PAYLOAD_OFFSET = AUX_OFFSET + 8;
    /** Largest record: the XFL default maximum (query answers of a full directory are larger than a message). */
    public static final int MAX_RECORD_LENGTH = org.vmiucv.xfl.XflContext.DEFAULT_MAX_RECORD_LENGTH;

    private RelayRecordDescriptor()
    {
    }

    /**
     * @param length a received record's length.
     * @throws org.vmiucv.xfl.XflProtocolException if it cannot hold a relay record.
     */
    public static void checkLength(final int length)
    {
        if (length < PAYLOAD_OFFSET || length > MAX_RECORD_LENGTH)
        {
            throw new org.vmiucv.xfl.XflProtocolException("relay record of " + length + " bytes: allowed " +
                PAYLOAD_OFFSET + " to " + MAX_RECORD_LENGTH + " bytes");
        }
    }
}
