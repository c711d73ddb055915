package org.vmiucv.xfl;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;

/**
 * The producer (output) end of an XFL connector: writes on the data pipe, reads the ctrl pipe.
 *
 * <p>{@link #output(byte[], int, int)} blocks, answering the consumer's {@code STAT} and
 * {@code PEEK} (any number, in any order) until it sends {@code NEXT} ({@link XflStatus#OK}) or
 * {@code QUIT} ({@link XflStatus#END_OF_FILE}). It reads exactly 4 bytes per command and
 * dispatches on the first letter in any case. Zero bytes read on ctrl means the consumer has gone:
 * the producer closes and returns {@link XflStatus#END_OF_FILE}, it never spins on an empty read.
 * Each answer is written with a single {@code write}. {@link #close()} closes both pipes, which is
 * how end of input is signalled to the consumer.
 *
 * <p>One thread uses an end at a time. Steady state allocates nothing.
 */
public final class XflProducer implements AutoCloseable
{
    private final InputStream ctrl;
    private final OutputStream data;
    private final int maxRecordLength;
    private final long spinLimitNs;
    private final byte[] command = new byte[XflCommand.LENGTH];
    private final byte[] statAnswer = new byte[XflStatAnswer.MAX_FORMATTED_LENGTH];
    private long recordsConsumed;
    private boolean quitReceived;
    private boolean closed;

    /**
     * @param data    the data pipe's write end.
     * @param ctrl    the ctrl pipe's read end.
     * @param context options; concluded here.
     */
    public XflProducer(final OutputStream data, final InputStream ctrl, final XflContext context)
    {
        this.data = data;
        this.ctrl = ctrl;
        context.conclude();
        this.maxRecordLength = context.maxRecordLength();
        this.spinLimitNs = context.spinLimitNs();
    }

    /**
     * Offer one record and block until the consumer takes it or goes.
     *
     * @param record the whole array is the record.
     * @return {@link XflStatus#OK} when consumed, {@link XflStatus#END_OF_FILE} when the consumer severed.
     * @throws XflProtocolException when the consumer sent a malformed command (this end is then closed).
     * @throws IOException          on an unexpected I/O failure other than the peer going away.
     */
    public int output(final byte[] record) throws IOException
    {
        return output(record, 0, record.length);
    }

    /**
     * Offer the remaining bytes of a heap buffer as one record; its position is not changed.
     *
     * @param record a buffer with an accessible array, or any buffer (then copied once).
     * @return see {@link #output(byte[], int, int)}.
     * @throws IOException see {@link #output(byte[], int, int)}.
     */
    public int output(final ByteBuffer record) throws IOException
    {
        if (record.hasArray())
        {
            return output(record.array(), record.arrayOffset() + record.position(), record.remaining());
        }
        final byte[] copy = new byte[record.remaining()];
        record.duplicate().get(copy);
        return output(copy, 0, copy.length);
    }

    /**
     * Offer one record and block until the consumer takes it ({@code NEXT}) or goes ({@code QUIT},
     * EOF on ctrl, EPIPE on data).
     *
     * @param record array holding the record.
     * @param offset of the first byte.
     * @param length of the record, 0 to {@link XflContext#maxRecordLength()}.
     * @return {@link XflStatus#OK} when consumed, {@link XflStatus#END_OF_FILE} when the consumer severed.
     * @throws XflProtocolException when the consumer sent a malformed command (this end is then closed).
     * @throws IOException          on an unexpected I/O failure other than the peer going away.
     */
    public int output(final byte[] record, final int offset, final int length) throws IOException
    {
        if (length < 0 || length > maxRecordLength)
        {
            throw new IllegalArgumentException("record length " + length + " is not allowed: 0 to " + maxRecordLength +
                " bytes (" + XflContext.INTEROP_MAX_RECORD_LENGTH + " when the consumer is a C stage)");
        }
        if (closed)
        {
            return XflStatus.END_OF_FILE;
        }
        final int answerLength = XflStatAnswer.format(length, statAnswer, 0);
        while (true)
        {
            final int read = readCommand();
            if (read == 0)
            {
                closeQuietly();
                return XflStatus.END_OF_FILE;
            }
            final XflCommand cmd;
            try
            {
                cmd = XflCommand.decode(command, 0, read);
            }
            catch (final XflProtocolException ex)
            {
                closeQuietly();
                throw ex;
            }
            switch (cmd)
            {
                case STAT:
                    if (!write(statAnswer, 0, answerLength))
                    {
                        return XflStatus.END_OF_FILE;
                    }
                    break;
                case PEEK:
                    if (length > 0 && !write(record, offset, length))
                    {
                        return XflStatus.END_OF_FILE;
                    }
                    break;
                case NEXT:
                    recordsConsumed++;
                    return XflStatus.OK;
                case QUIT:
                default:
                    quitReceived = true;
                    closeQuietly();
                    return XflStatus.END_OF_FILE;
            }
        }
    }

    /**
     * @return records the consumer took with {@code NEXT}.
     */
    public long recordsConsumed()
    {
        return recordsConsumed;
    }

    /**
     * @return true when the consumer severed with {@code QUIT} (rather than just closing its ends).
     */
    public boolean quitReceived()
    {
        return quitReceived;
    }

    /**
     * @return true once closed, by {@link #close()}, by a severing consumer or by a protocol error.
     */
    public boolean isClosed()
    {
        return closed;
    }

    /**
     * Close both pipes: the consumer sees end of file. Idempotent.
     *
     * @throws IOException if closing an fd fails.
     */
    @Override
    public void close() throws IOException
    {
        if (!closed)
        {
            closed = true;
            try
            {
                data.close();
            }
            finally
            {
                ctrl.close();
            }
        }
    }

    /** @return bytes read: 4, fewer before EOF (a truncated command), 0 when the consumer has gone. */
    private int readCommand() throws IOException
    {
        int n = 0;
        while (n < XflCommand.LENGTH)
        {
            final int r;
            try
            {
                r = SpinThenBlock.read(ctrl, command, n, XflCommand.LENGTH - n, spinLimitNs);
            }
            catch (final IOException ex)
            {
                if (n == 0)
                {
                    return 0;
                }
                throw ex;
            }
            if (r <= 0)
            {
                return n;
            }
            n += r;
        }
        return n;
    }

    /** @return false when the consumer has gone (EPIPE); this end is then closed. */
    private boolean write(final byte[] bytes, final int offset, final int length) throws IOException
    {
        try
        {
            data.write(bytes, offset, length);
            data.flush();
            return true;
        }
        catch (final IOException ex)
        {
            closeQuietly();
            return false;
        }
    }

    private void closeQuietly()
    {
        try
        {
            close();
        }
        catch (final IOException ignore)
        {
            // the peer is gone or the protocol broke; the close outcome changes nothing
        }
    }
}
