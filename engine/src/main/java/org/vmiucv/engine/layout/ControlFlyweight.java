package org.vmiucv.engine.layout;

import static org.vmiucv.engine.layout.ControlDescriptor.AUX_INT_OFFSET;
import static org.vmiucv.engine.layout.ControlDescriptor.AUX_LONG_OFFSET;
import static org.vmiucv.engine.layout.ControlDescriptor.CLIENT_GENERATION_OFFSET;
import static org.vmiucv.engine.layout.ControlDescriptor.CLIENT_SLOT_OFFSET;
import static org.vmiucv.engine.layout.ControlDescriptor.MSGLIM_OFFSET;
import static org.vmiucv.engine.layout.ControlDescriptor.NAME_OFFSET;
import static org.vmiucv.engine.layout.ControlDescriptor.RC_OFFSET;
import static org.vmiucv.engine.layout.ControlDescriptor.USER_DATA_OFFSET;

import java.nio.charset.StandardCharsets;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.vmiucv.engine.UserData;

/**
 * Reads and writes a whole control frame: header plus {@link ControlDescriptor control payload} plus text.
 * Used only on the control plane, so the text accessors may allocate.
 */
public final class ControlFlyweight
{
    private final FrameFlyweight header = new FrameFlyweight();
    private DirectBuffer buffer;
    private MutableDirectBuffer mutable;
    private int offset;
    private int length;

    /**
     * Wrap a received frame.
     *
     * @param buffer buffer.
     * @param offset start of the frame header.
     * @param length whole frame length.
     * @return this.
     */
    public ControlFlyweight wrap(final DirectBuffer buffer, final int offset, final int length)
    {
        this.buffer = buffer;
        this.mutable = buffer instanceof MutableDirectBuffer ? (MutableDirectBuffer)buffer : null;
        this.offset = offset;
        this.length = length;
        header.wrap(buffer, offset);
        return this;
    }

    /**
     * Wrap a buffer to encode into and clear the fixed part.
     *
     * @param buffer buffer to write.
     * @param offset where the frame starts.
     * @return this.
     */
    public ControlFlyweight wrapForEncode(final MutableDirectBuffer buffer, final int offset)
    {
        wrap(buffer, offset, FrameDescriptor.HEADER_LENGTH + ControlDescriptor.LENGTH);
        buffer.setMemory(offset, length, (byte)0);
        return this;
    }

    /**
     * @return true if the frame is long enough to hold the fixed control payload.
     */
    public boolean isComplete()
    {
        return length >= FrameDescriptor.HEADER_LENGTH + ControlDescriptor.LENGTH;
    }

    /**
     * @return the frame header.
     */
    public FrameFlyweight header()
    {
        return header;
    }

    /**
     * @return total encoded length, header and text included.
     */
    public int length()
    {
        return length;
    }

    private int p(final int field)
    {
        return offset + FrameDescriptor.HEADER_LENGTH + field;
    }

    /**
     * @return the user data.
     */
    public UserData userData()
    {
        final byte[] b = new byte[UserData.LENGTH];
        buffer.getBytes(p(USER_DATA_OFFSET), b);
        return UserData.of(b);
    }

    /**
     * @param userData the user data.
     * @return this.
     */
    public ControlFlyweight userData(final UserData userData)
    {
        mutable.putBytes(p(USER_DATA_OFFSET), userData.toByteArray());
        return this;
    }

    /**
     * @return packed machine name.
     */
    public long name()
    {
        return buffer.getLong(p(NAME_OFFSET));
    }

    /**
     * @param packed packed machine name.
     * @return this.
     */
    public ControlFlyweight name(final long packed)
    {
        mutable.putLong(p(NAME_OFFSET), packed);
        return this;
    }

    /**
     * @return msglim.
     */
    public int msglim()
    {
        return buffer.getInt(p(MSGLIM_OFFSET));
    }

    /**
     * @param msglim msglim.
     * @return this.
     */
    public ControlFlyweight msglim(final int msglim)
    {
        mutable.putInt(p(MSGLIM_OFFSET), msglim);
        return this;
    }

    /**
     * @return return code.
     */
    public int rc()
    {
        return buffer.getInt(p(RC_OFFSET));
    }

    /**
     * @param rc return code.
     * @return this.
     */
    public ControlFlyweight rc(final int rc)
    {
        mutable.putInt(p(RC_OFFSET), rc);
        return this;
    }

    /**
     * @return client slot.
     */
    public int clientSlot()
    {
        return buffer.getInt(p(CLIENT_SLOT_OFFSET));
    }

    /**
     * @param slot client slot.
     * @return this.
     */
    public ControlFlyweight clientSlot(final int slot)
    {
        mutable.putInt(p(CLIENT_SLOT_OFFSET), slot);
        return this;
    }

    /**
     * @return generation of the client slot the sender was given at REGISTER.
     */
    public int clientGeneration()
    {
        return buffer.getInt(p(CLIENT_GENERATION_OFFSET));
    }

    /**
     * @param generation generation of the client slot the sender was given at REGISTER.
     * @return this.
     */
    public ControlFlyweight clientGeneration(final int generation)
    {
        mutable.putInt(p(CLIENT_GENERATION_OFFSET), generation);
        return this;
    }

    /**
     * @return aux int.
     */
    public int auxInt()
    {
        return buffer.getInt(p(AUX_INT_OFFSET));
    }

    /**
     * @param value aux int.
     * @return this.
     */
    public ControlFlyweight auxInt(final int value)
    {
        mutable.putInt(p(AUX_INT_OFFSET), value);
        return this;
    }

    /**
     * @return aux long.
     */
    public long auxLong()
    {
        return buffer.getLong(p(AUX_LONG_OFFSET));
    }

    /**
     * @param value aux long.
     * @return this.
     */
    public ControlFlyweight auxLong(final long value)
    {
        mutable.putLong(p(AUX_LONG_OFFSET), value);
        return this;
    }

    /**
     * @return the text after the fixed part, or "".
     */
    public String text()
    {
        final int start = p(ControlDescriptor.LENGTH);
        final int n = offset + length - start;
        if (n <= 0)
        {
            return "";
        }
        final byte[] b = new byte[n];
        buffer.getBytes(start, b);
        return new String(b, StandardCharsets.US_ASCII);
    }

    /**
     * Append raw bytes as the text (no allocation; truncated to {@link ControlDescriptor#MAX_TEXT_LENGTH}).
     *
     * @param src    source buffer.
     * @param offset where the bytes start.
     * @param count  how many.
     * @return this.
     */
    public ControlFlyweight textBytes(final DirectBuffer src, final int offset, final int count)
    {
        final int n = Math.min(count, ControlDescriptor.MAX_TEXT_LENGTH);
        mutable.putBytes(p(ControlDescriptor.LENGTH), src, offset, n);
        length = FrameDescriptor.HEADER_LENGTH + ControlDescriptor.LENGTH + n;
        return this;
    }

    /**
     * Append a text after the fixed part (truncated to {@link ControlDescriptor#MAX_TEXT_LENGTH}).
     *
     * @param text the text.
     * @return this.
     */
    public ControlFlyweight text(final String text)
    {
        final byte[] b = text.getBytes(StandardCharsets.US_ASCII);
        final int n = Math.min(b.length, ControlDescriptor.MAX_TEXT_LENGTH);
        mutable.putBytes(p(ControlDescriptor.LENGTH), b, 0, n);
        length = FrameDescriptor.HEADER_LENGTH + ControlDescriptor.LENGTH + n;
        return this;
    }
}
