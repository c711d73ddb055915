package org.vmiucv.engine.system;

import org.agrona.DirectBuffer;
import org.vmiucv.engine.IucvMessage;
import org.vmiucv.engine.PathId;

/**
 * A reusable {@link IucvMessage} over a payload in a buffer, as transports hand messages to handlers: wrap it, call
 * the handler, wrap the next one. Nothing is copied.
 */
public final class MessageView implements IucvMessage
{
    private PathId path;
    private long messageId;
    private boolean twoWay;
    private DirectBuffer buffer;
    private int offset;
    private int length;

    /**
     * @param path      the path it arrived on.
     * @param messageId its message id.
     * @param twoWay    whether a reply is expected.
     * @param buffer    buffer holding the payload.
     * @param offset    offset of the payload.
     * @param length    length of the payload.
     * @return this.
     */
    public MessageView wrap(final PathId path, final long messageId, final boolean twoWay, final DirectBuffer buffer,
        final int offset, final int length)
    {
        this.path = path;
        this.messageId = messageId;
        this.twoWay = twoWay;
        this.buffer = buffer;
        this.offset = offset;
        this.length = length;
        return this;
    }

    /** {@inheritDoc} */
    public PathId path()
    {
        return path;
    }

    /** {@inheritDoc} */
    public long messageId()
    {
        return messageId;
    }

    /** {@inheritDoc} */
    public boolean isTwoWay()
    {
        return twoWay;
    }

    /** {@inheritDoc} */
    public DirectBuffer buffer()
    {
        return buffer;
    }

    /** {@inheritDoc} */
    public int offset()
    {
        return offset;
    }

    /** {@inheritDoc} */
    public int length()
    {
        return length;
    }
}
