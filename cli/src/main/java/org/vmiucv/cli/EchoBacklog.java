package org.vmiucv.cli;

import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;
import org.vmiucv.engine.MachineContext;
import org.vmiucv.engine.PathId;
import org.vmiucv.engine.SendResult;

/**
 * The echoes of one path that back pressure refused so far, oldest first: a ring of reusable byte buffers, so a
 * steady stream allocates nothing once the ring and its buffers have grown to the traffic.
 * <p>
 * The ring grows when full instead of dropping: its size is bounded by the owner, which quiesces the path at a
 * high-water mark, plus what the peer had in flight when the quiesce took effect (at most the path's msglim).
 */
final class EchoBacklog
{
    /** Marks an entry to be sent back as a one-way message (otherwise it is the REPLY to that message id). */
    private static final long SEND = 0;
    private static final int FIRST_BUFFER_CAPACITY = 64;

    private ExpandableArrayBuffer[] buffers;
    private int[] lengths;
    private long[] replyTo;
    private int head;
    private int size;

    /**
     * @param capacity entries before the ring first grows (a power of two).
     */
    EchoBacklog(final int capacity)
    {
        buffers = new ExpandableArrayBuffer[capacity];
        lengths = new int[capacity];
        replyTo = new long[capacity];
    }

    int size()
    {
        return size;
    }

    boolean isEmpty()
    {
        return 0 == size;
    }

    /**
     * Keep a copy of an echo for later.
     *
     * @param src       the bytes.
     * @param offset    where they start.
     * @param length    how many.
     * @param messageId the two-way message this is the REPLY to, or 0 to send it back one-way.
     */
    void add(final DirectBuffer src, final int offset, final int length, final long messageId)
    {
        if (size == buffers.length)
        {
            grow();
        }
        final int i = (head + size) & (buffers.length - 1);
        ExpandableArrayBuffer b = buffers[i];
        if (null == b)
        {
            b = new ExpandableArrayBuffer(Math.max(FIRST_BUFFER_CAPACITY, length));
            buffers[i] = b;
        }
        b.putBytes(0, src, offset, length); // grows the buffer if needed; kept for reuse
        lengths[i] = length;
        replyTo[i] = messageId;
        size++;
    }

    /**
     * Send the kept echoes, oldest first, until the path refuses one for back pressure.
     *
     * @param ctx  the machine.
     * @param path the path.
     * @return {@link SendResult#OK} when empty, the refusal ({@link #isRetryable}) that stopped it, or
     * {@link SendResult#PATH_NOT_ESTABLISHED} or {@link SendResult#CLOSED} when the path or machine is gone.
     */
    long drain(final MachineContext ctx, final PathId path)
    {
        while (size > 0)
        {
            final int i = head;
            final long id = replyTo[i];
            final long rc = SEND == id ?
                ctx.iucvSend(path, buffers[i], 0, lengths[i]) :
                ctx.reply(path, id, buffers[i], 0, lengths[i]);
            if (isRetryable(rc))
            {
                return rc;
            }
            if (rc == SendResult.PATH_NOT_ESTABLISHED || rc == SendResult.CLOSED)
            {
                return rc; // the path is gone: kept until the owner hears of the SEVER and discards them, counted
            }
            // sent, or a REPLY the sender no longer waits for (NO_SUCH_MESSAGE): done with this entry
            head = (head + 1) & (buffers.length - 1);
            size--;
        }
        return SendResult.OK;
    }

    /**
     * @param rc a send's result.
     * @return true if it was refused for back pressure and may be retried as is.
     */
    static boolean isRetryable(final long rc)
    {
        return rc == SendResult.MESSAGE_LIMIT_EXCEEDED || rc == SendResult.BACK_PRESSURED ||
            rc == SendResult.PATH_QUIESCED;
    }

    private void grow()
    {
        final int n = buffers.length;
        final ExpandableArrayBuffer[] b = new ExpandableArrayBuffer[n * 2];
        final int[] l = new int[n * 2];
        final long[] r = new long[n * 2];
        for (int k = 0; k < n; k++)
        {
            final int from = (head + k) & (n - 1);
            b[k] = buffers[from];
            l[k] = lengths[from];
            r[k] = replyTo[from];
        }
        buffers = b;
        lengths = l;
        replyTo = r;
        head = 0;
    }
}
