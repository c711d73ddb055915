package org.vmiucv.xfl.transport;

import static org.vmiucv.xfl.transport.RelayRecordDescriptor.AUX_OFFSET;
import static org.vmiucv.xfl.transport.RelayRecordDescriptor.BYTE_ORDER;
import static org.vmiucv.xfl.transport.RelayRecordDescriptor.FRAME_OFFSET;
import static org.vmiucv.xfl.transport.RelayRecordDescriptor.MACHINE_OFFSET;
import static org.vmiucv.xfl.transport.RelayRecordDescriptor.PAYLOAD_OFFSET;
import static org.vmiucv.xfl.transport.RelayRecordDescriptor.TOKEN_OFFSET;
import static org.vmiucv.xfl.transport.RelayRecordDescriptor.TYPE_OFFSET;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.vmiucv.engine.UserData;
import org.vmiucv.engine.layout.FrameDescriptor;
import org.vmiucv.xfl.XflConsumer;
import org.vmiucv.xfl.XflProducer;
import org.vmiucv.xfl.XflStatus;

/**
 * One relay record, reusable both to build one ({@link #begin}, setters, {@code append*}, {@link #send}) and to
 * read a received one ({@link #receive}, getters, {@code payload*}). See {@link RelayRecordDescriptor}.
 * One thread uses an instance at a time.
 */
final class RelayRecord
{
    /** Receive buffer to start with: a whole IUCV message fits; it grows for a longer (control) record. */
    private static final int INITIAL_IN_LENGTH = PAYLOAD_OFFSET + 65_536;

    private final ExpandableArrayBuffer out = new ExpandableArrayBuffer(256);
    private final UnsafeBuffer in = new UnsafeBuffer(new byte[0]);
    private java.nio.ByteBuffer inBytes = java.nio.ByteBuffer.allocate(INITIAL_IN_LENGTH);
    private final org.vmiucv.engine.system.MessageView message = new org.vmiucv.engine.system.MessageView();
    private final org.vmiucv.engine.system.AsciiView text = new org.vmiucv.engine.system.AsciiView();
    private long lastPathPacked;
    private org.vmiucv.engine.PathId lastPath;
    private long lastMachinePacked;
    private org.vmiucv.engine.MachineId lastMachine;
    private int length;

    private int type;
    private int flags;
    private long path;
    private long messageId;
    private long machine;
    private long token;
    private long aux;

    /**
     * Start a new record to send.
     *
     * @param type a {@link RelayRecordType}.
     * @return this.
     */
    RelayRecord begin(final int type)
    {
        this.type = type;
        flags = 0;
        path = 0;
        messageId = 0;
        machine = 0;
        token = 0;
        aux = 0;
        length = PAYLOAD_OFFSET;
        return this;
    }

    RelayRecord flags(final int v)
    {
        flags = v;
        return this;
    }

    RelayRecord path(final long v)
    {
        path = v;
        return this;
    }

    RelayRecord messageId(final long v)
    {
        messageId = v;
        return this;
    }

    RelayRecord machine(final long v)
    {
        machine = v;
        return this;
    }

    RelayRecord token(final long v)
    {
        token = v;
        return this;
    }

    RelayRecord aux(final long v)
    {
        aux = v;
        return this;
    }

    RelayRecord appendLong(final long v)
    {
        out.putLong(length, v, BYTE_ORDER);
        length += 8;
        return this;
    }

    RelayRecord appendInt(final int v)
    {
        out.putInt(length, v, BYTE_ORDER);
        length += 4;
        return this;
    }

    RelayRecord appendUserData(final UserData ud)
    {
        return appendBytes((null == ud ? UserData.EMPTY : ud).toByteArray());
    }

    RelayRecord appendBytes(final byte[] b)
    {
        out.putBytes(length, b);
        length += b.length;
        return this;
    }

    RelayRecord appendBuffer(final DirectBuffer b, final int offset, final int len)
    {
        out.putBytes(length, b, offset, len);
        length += len;
        return this;
    }

    /** Append text as UTF-8 (chars above 127 survive, so the receiver sees exactly what was passed). */
    RelayRecord appendText(final CharSequence text)
    {
        return appendBytes(text.toString().getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Offer the record built since {@link #begin} and block until the consumer took it.
     *
     * @param producer where to.
     * @return true when taken, false when the peer has gone.
     * @throws IOException on an unexpected I/O failure.
     */
    boolean send(final XflProducer producer) throws IOException
    {
        out.putInt(TYPE_OFFSET, type, BYTE_ORDER);
        out.putInt(FRAME_OFFSET + FrameDescriptor.SOURCE_SLOT_OFFSET, -1, BYTE_ORDER);
        out.putInt(FRAME_OFFSET + FrameDescriptor.FLAGS_OFFSET, flags, BYTE_ORDER);
        out.putLong(FRAME_OFFSET + FrameDescriptor.PATH_OFFSET, path, BYTE_ORDER);
        out.putLong(FRAME_OFFSET + FrameDescriptor.MESSAGE_ID_OFFSET, messageId, BYTE_ORDER);
        out.putLong(MACHINE_OFFSET, machine, BYTE_ORDER);
        out.putLong(TOKEN_OFFSET, token, BYTE_ORDER);
        out.putLong(AUX_OFFSET, aux, BYTE_ORDER);
        return producer.output(out.byteArray(), 0, length) == XflStatus.OK;
    }

    /**
     * Take the next record.
     *
     * @param consumer where from.
     * @return true with the record readable through the getters, false at end of file (the peer has gone).
     * @throws IOException on an unexpected I/O failure, or {@link org.vmiucv.xfl.XflProtocolException}.
     */
    boolean receive(final XflConsumer consumer) throws IOException
    {
        int n;
        while (true)
        {
            inBytes.clear();
            n = consumer.readto(inBytes);
            if (n != XflStatus.BUFFER_TOO_SMALL)
            {
                break;
            }
            RelayRecordDescriptor.checkLength(consumer.recordLength());
            inBytes = java.nio.ByteBuffer.allocate(consumer.recordLength());
        }
        if (n == XflStatus.END_OF_FILE)
        {
            return false;
        }
        RelayRecordDescriptor.checkLength(n);
        in.wrap(inBytes.array(), 0, n);
        length = n;
        type = in.getInt(TYPE_OFFSET, BYTE_ORDER);
        flags = in.getInt(FRAME_OFFSET + FrameDescriptor.FLAGS_OFFSET, BYTE_ORDER);
        path = in.getLong(FRAME_OFFSET + FrameDescriptor.PATH_OFFSET, BYTE_ORDER);
        messageId = in.getLong(FRAME_OFFSET + FrameDescriptor.MESSAGE_ID_OFFSET, BYTE_ORDER);
        machine = in.getLong(MACHINE_OFFSET, BYTE_ORDER);
        token = in.getLong(TOKEN_OFFSET, BYTE_ORDER);
        aux = in.getLong(AUX_OFFSET, BYTE_ORDER);
        return true;
    }

    int type()
    {
        return type;
    }

    int flags()
    {
        return flags;
    }

    long path()
    {
        return path;
    }

    long messageId()
    {
        return messageId;
    }

    long machine()
    {
        return machine;
    }

    long token()
    {
        return token;
    }

    long aux()
    {
        return aux;
    }

    /** @return payload length of the received record. */
    int payloadLength()
    {
        return length - PAYLOAD_OFFSET;
    }

    /** @return the received record's buffer; the payload starts at {@link #payloadOffset()}. */
    DirectBuffer buffer()
    {
        return in;
    }

    int payloadOffset()
    {
        return PAYLOAD_OFFSET;
    }

    long payloadLong(final int at)
    {
        need(at, 8);
        return in.getLong(PAYLOAD_OFFSET + at, BYTE_ORDER);
    }

    int payloadInt(final int at)
    {
        need(at, 4);
        return in.getInt(PAYLOAD_OFFSET + at, BYTE_ORDER);
    }

    UserData payloadUserData(final int at)
    {
        return UserData.of(payloadBytes(at, UserData.LENGTH));
    }

    byte[] payloadBytes(final int at, final int len)
    {
        need(at, len);
        final byte[] b = new byte[len];
        in.getBytes(PAYLOAD_OFFSET + at, b);
        return b;
    }

    /** @return the payload from {@code at} to the end, as UTF-8 text. */
    /**
     * @param twoWay whether the sender awaits a reply.
     * @return the DATA or REPLY payload as a message, a view valid until the next record (nothing allocated while
     *         the path stays the same).
     */
    org.vmiucv.engine.IucvMessage message(final boolean twoWay)
    {
        if (path != lastPathPacked || null == lastPath)
        {
            lastPath = org.vmiucv.engine.PathId.fromPacked(path);
            lastPathPacked = path;
        }
        return message.wrap(lastPath, messageId, twoWay, in, PAYLOAD_OFFSET, payloadLength());
    }

    /**
     * @param at payload offset of a packed machine name.
     * @return that machine (the last one is remembered: an SMSG stream from one sender allocates nothing).
     */
    org.vmiucv.engine.MachineId payloadMachine(final int at)
    {
        final long packed = payloadLong(at);
        if (packed != lastMachinePacked || null == lastMachine)
        {
            lastMachine = org.vmiucv.engine.MachineId.fromPacked(packed);
            lastMachinePacked = packed;
        }
        return lastMachine;
    }

    /**
     * @param at payload offset where ASCII text starts; it runs to the end of the record.
     * @return the text, a view valid until the next record.
     */
    CharSequence payloadAscii(final int at)
    {
        final int len = Math.max(0, payloadLength() - at);
        return text.wrap(in, PAYLOAD_OFFSET + Math.min(at, payloadLength()), len);
    }

    String payloadText(final int at)
    {
        final int len = payloadLength() - at;
        return len <= 0 ? "" : new String(payloadBytes(at, len), StandardCharsets.UTF_8);
    }

    private void need(final int at, final int len)
    {
        if (at < 0 || at + len > payloadLength())
        {
            throw new org.vmiucv.xfl.XflProtocolException("relay record type " + type + " has a payload of " +
                payloadLength() + " bytes; a field needs bytes " + at + " to " + (at + len));
        }
    }
}
