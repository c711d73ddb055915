package org.vmiucv.engine.layout;

import static org.vmiucv.engine.layout.FrameDescriptor.FLAGS_OFFSET;
import static org.vmiucv.engine.layout.FrameDescriptor.HEADER_LENGTH;
import static org.vmiucv.engine.layout.FrameDescriptor.MESSAGE_ID_OFFSET;
import static org.vmiucv.engine.layout.FrameDescriptor.PATH_OFFSET;
import static org.vmiucv.engine.layout.FrameDescriptor.SOURCE_SLOT_OFFSET;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * Reads and writes a frame header in place; reusable, allocation free. See {@link FrameDescriptor}.
 */
public final class FrameFlyweight
{
    private DirectBuffer buffer;
    private MutableDirectBuffer mutable;
    private int offset;

    /**
     * @param buffer buffer holding the frame.
     * @param offset start of the frame header.
     * @return this.
     */
    public FrameFlyweight wrap(final DirectBuffer buffer, final int offset)
    {
        this.buffer = buffer;
        this.mutable = buffer instanceof MutableDirectBuffer ? (MutableDirectBuffer)buffer : null;
        this.offset = offset;
        return this;
    }

    /**
     * @return source machine slot.
     */
    public int sourceSlot()
    {
        return buffer.getInt(offset + SOURCE_SLOT_OFFSET);
    }

    /**
     * @return flags.
     */
    public int flags()
    {
        return buffer.getInt(offset + FLAGS_OFFSET);
    }

    /**
     * @return packed path id.
     */
    public long path()
    {
        return buffer.getLong(offset + PATH_OFFSET);
    }

    /**
     * @return message or correlation id.
     */
    public long messageId()
    {
        return buffer.getLong(offset + MESSAGE_ID_OFFSET);
    }

    /**
     * @return offset of the payload.
     */
    public int payloadOffset()
    {
        return offset + HEADER_LENGTH;
    }

    /**
     * Write the whole header.
     *
     * @param sourceSlot source machine slot.
     * @param flags      flags.
     * @param path       packed path id.
     * @param messageId  message or correlation id.
     * @return this.
     */
    public FrameFlyweight put(final int sourceSlot, final int flags, final long path, final long messageId)
    {
        mutable.putInt(offset + SOURCE_SLOT_OFFSET, sourceSlot);
        mutable.putInt(offset + FLAGS_OFFSET, flags);
        mutable.putLong(offset + PATH_OFFSET, path);
        mutable.putLong(offset + MESSAGE_ID_OFFSET, messageId);
        return this;
    }
}
