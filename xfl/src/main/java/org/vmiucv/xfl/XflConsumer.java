package org.vmiucv.xfl;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * The consumer (input) end of an XFL connector: reads the data pipe, writes commands on ctrl.
 *
 * <p>{@link #peekto()} sends {@code STAT} then {@code PEEK} and keeps the record pending, so a
 * repeated peekto returns the same record without asking again; {@link #readto()} peeks if needed
 * and then sends {@code NEXT}. Each command is one 4-byte {@code write}. EPIPE on a ctrl write and
 * end of file on data both mean end of input: the calls return {@link XflStatus#END_OF_FILE} (or
 * {@code null}) and the connector is closed. {@link #sever()} (and {@link #close()}) sends
 * {@code QUIT} before closing, so a producer blocked in its output returns.
 *
 * <p><b>Pipelined STAT and PEEK</b> ({@link XflContext#pipelineStatPeek(boolean)}, default on): a
 * consumer that STATs always PEEKs that record next, so it writes {@code STAT} and then {@code PEEK}
 * (still two separate 4-byte writes: the bytes on ctrl are STAT, PEEK, NEXT per record, as before)
 * and only then reads the data pipe, where the STAT answer and the body follow each other and often
 * arrive in one read. That saves one wake-up of each side per record. The boundary between answer
 * and body is the answer's terminator, so pipelining needs a terminated answer:
 * <ul>
 * <li>Every connector starts on the unpipelined sequence (STAT, wait, PEEK, wait). Once the producer
 *     has answered in the C form {@code <digits>\0} (no {@code OKAY} before it, nothing after it),
 *     the following records are pipelined.</li>
 * <li>Any other answer form ({@code DATA n [seq]}, {@code OKAY} answers, LF/CRLF, unterminated)
 *     keeps the connector on the unpipelined sequence for good, where the original tolerance applies
 *     (an unterminated answer ends with its write). When such an answer arrives while pipelined it is
 *     still parsed correctly if it is terminated; it then ends pipelining for that connector.</li>
 * <li>Assumed: a producer keeps its answer form for the life of a connector (every known
 *     implementation does). A producer that switches to an <i>unterminated</i> answer after a C-form
 *     one cannot be delimited from the body; use {@code pipelineStatPeek(false)} for such a peer.</li>
 * <li>A length-0 record has no body: nothing is waited for after {@code 0\0}. EPIPE on either
 *     command and end of file before an answer are end of input, as before. Bytes after the body
 *     (which a producer may not send before NEXT) are a protocol error naming them.</li>
 * </ul>
 *
 * <p>The record body is read with a loop until complete (never {@code InputStream.readNBytes(int)},
 * which fails with "Illegal seek" on pipes in JDK 17.0.15). One thread uses an end at a time; the
 * {@code ByteBuffer} calls allocate nothing once the internal buffer has grown to the largest record.
 */
public final class XflConsumer implements AutoCloseable
{
    /** Consecutive bare {@code OKAY} answers tolerated for one STAT before it is a protocol error. */
    public static final int MAX_OKAY_ANSWERS = 8;

    private static final int STAT_BUFFER_LENGTH = 256;
    /** Read buffer of the pipelined path: the STAT answer and, for records up to ~8 KiB, the whole body. */
    private static final int PIPELINE_BUFFER_LENGTH = 8192;
    /** Unpipelined until the producer has answered in the C form; then pipelined. */
    private static final int MODE_PROBING = 0;
    private static final int MODE_PIPELINED = 1;
    /** Pipelining is off (by the context, or because the producer uses another answer form). */
    private static final int MODE_UNPIPELINED = 2;
    private static final byte[] STAT = XflCommand.STAT.wire();
    private static final byte[] PEEK = XflCommand.PEEK.wire();
    private static final byte[] NEXT = XflCommand.NEXT.wire();
    private static final byte[] QUIT = XflCommand.QUIT.wire();

    private final InputStream data;
    private final OutputStream ctrl;
    private final int maxRecordLength;
    private final long spinLimitNs;
    private final byte[] statBuffer = new byte[STAT_BUFFER_LENGTH];
    private byte[] inBuffer;
    private int inPos;
    private int inLimit;
    private int mode;
    private boolean lastAnswerCForm;
    private byte[] record = new byte[256];
    private int recordLength = -1;
    private long recordsRead;
    private boolean closed;

    /**
     * @param data    the data pipe's read end.
     * @param ctrl    the ctrl pipe's write end.
     * @param context options; concluded here.
     */
    public XflConsumer(final InputStream data, final OutputStream ctrl, final XflContext context)
    {
        this.data = data;
        this.ctrl = ctrl;
        context.conclude();
        this.maxRecordLength = context.maxRecordLength();
        this.spinLimitNs = context.spinLimitNs();
        this.mode = context.pipelineStatPeek() ? MODE_PROBING : MODE_UNPIPELINED;
    }

    /**
     * Look at the next record without consuming it.
     *
     * @return a copy of the record, or {@code null} at end of input.
     * @throws XflProtocolException when the producer's answer breaks the protocol (this end is then closed).
     * @throws IOException          on an unexpected I/O failure.
     */
    public byte[] peekto() throws IOException
    {
        return fill() ? Arrays.copyOf(record, recordLength) : null;
    }

    /**
     * Take the next record.
     *
     * @return a copy of the record, or {@code null} at end of input.
     * @throws XflProtocolException when the producer's answer breaks the protocol (this end is then closed).
     * @throws IOException          on an unexpected I/O failure.
     */
    public byte[] readto() throws IOException
    {
        if (!fill())
        {
            return null;
        }
        final byte[] copy = Arrays.copyOf(record, recordLength);
        consume();
        return copy;
    }

    /**
     * Look at the next record without consuming it, copying it into {@code dst} at its position
     * (which advances by the record length).
     *
     * @param dst where the record goes.
     * @return the record length, {@link XflStatus#END_OF_FILE}, or {@link XflStatus#BUFFER_TOO_SMALL}
     *         (nothing copied, the record stays pending; see {@link #recordLength()}).
     * @throws IOException see {@link #peekto()}.
     */
    public int peekto(final ByteBuffer dst) throws IOException
    {
        if (!fill())
        {
            return XflStatus.END_OF_FILE;
        }
        if (dst.remaining() < recordLength)
        {
            return XflStatus.BUFFER_TOO_SMALL;
        }
        dst.put(record, 0, recordLength);
        return recordLength;
    }

    /**
     * Take the next record, copying it into {@code dst} at its position.
     *
     * @param dst where the record goes.
     * @return the record length, {@link XflStatus#END_OF_FILE}, or {@link XflStatus#BUFFER_TOO_SMALL}
     *         (nothing copied and nothing consumed).
     * @throws IOException see {@link #peekto()}.
     */
    public int readto(final ByteBuffer dst) throws IOException
    {
        final int length = peekto(dst);
        if (length >= 0)
        {
            consume();
        }
        return length;
    }

    /**
     * @return the length of the pending (peeked, not yet consumed) record, or -1 when none is pending.
     */
    public int recordLength()
    {
        return recordLength;
    }

    /**
     * @return records consumed with {@code NEXT}.
     */
    public long recordsRead()
    {
        return recordsRead;
    }

    /**
     * @return true when this connector now writes STAT and PEEK together: pipelining is on in the
     *         context and the producer has answered in the C form ({@code <digits>\0}) so far.
     */
    public boolean isPipelining()
    {
        return mode == MODE_PIPELINED;
    }

    /**
     * @return true once closed: by {@link #sever()}, at end of input, or by a protocol error.
     */
    public boolean isClosed()
    {
        return closed;
    }

    /**
     * Stop reading: send {@code QUIT} (a gone producer is ignored), then close both pipes. Idempotent.
     *
     * @throws IOException if closing an fd fails.
     */
    public void sever() throws IOException
    {
        if (closed)
        {
            return;
        }
        try
        {
            ctrl.write(QUIT);
            ctrl.flush();
        }
        catch (final IOException producerGone)
        {
            // EPIPE: the producer has already gone, nothing to tell it
        }
        close0();
    }

    /**
     * Same as {@link #sever()}: a consumer that stops must say {@code QUIT} before closing.
     *
     * @throws IOException if closing an fd fails.
     */
    @Override
    public void close() throws IOException
    {
        sever();
    }

    /** @return true when a record is pending in {@link #record}, false at end of input. */
    private boolean fill() throws IOException
    {
        if (recordLength >= 0)
        {
            return true;
        }
        if (closed)
        {
            return false;
        }
        if (mode == MODE_PIPELINED)
        {
            return fillPipelined();
        }
        if (!command(STAT))
        {
            return false;
        }
        final int length;
        try
        {
            length = readStatAnswer();
            if (length < 0)
            {
                endOfInput();
                return false;
            }
            if (mode == MODE_PROBING)
            {
                mode = lastAnswerCForm ? MODE_PIPELINED : MODE_UNPIPELINED;
            }
            if (!command(PEEK))
            {
                return false;
            }
            readBody(length);
        }
        catch (final XflProtocolException ex)
        {
            closeQuietly();
            throw ex;
        }
        recordLength = length;
        return true;
    }

    /** STAT and PEEK written back to back, then the answer and the body read from data. */
    private boolean fillPipelined() throws IOException
    {
        if (!command(STAT) || !command(PEEK))
        {
            return false;
        }
        final int length;
        try
        {
            length = readPipelinedAnswer();
            if (length < 0)
            {
                endOfInput();
                return false;
            }
            readPipelinedBody(length);
        }
        catch (final XflProtocolException ex)
        {
            closeQuietly();
            throw ex;
        }
        recordLength = length;
        return true;
    }

    /**
     * Read one STAT answer (after any bare OKAY answers) into {@link #inBuffer}; bytes after it stay
     * there for the body. Needs a terminator (NUL or LF) unless the producer closes after the answer.
     *
     * @return the record length, or -1 for end of file before any byte of an answer.
     */
    private int readPipelinedAnswer() throws IOException
    {
        if (inBuffer == null)
        {
            inBuffer = new byte[PIPELINE_BUFFER_LENGTH];
        }
        int okays = 0;
        while (true)
        {
            compactInBuffer(); // the answer starts at 0, so STAT_BUFFER_LENGTH bytes always fit
            int terminator = indexOfTerminator(inBuffer, 0, inLimit);
            boolean unterminated = false;
            while (terminator < 0)
            {
                if (inLimit >= STAT_BUFFER_LENGTH)
                {
                    throw noTerminator(inBuffer, inLimit);
                }
                final int from = inLimit;
                final int r = SpinThenBlock.read(data, inBuffer, inLimit, inBuffer.length - inLimit, spinLimitNs);
                if (r <= 0)
                {
                    if (inLimit == 0)
                    {
                        return -1;
                    }
                    terminator = inLimit - 1; // a peer that closed after an unterminated answer
                    unterminated = true;
                    break;
                }
                inLimit += r;
                terminator = indexOfTerminator(inBuffer, from, inLimit);
            }
            if (terminator >= STAT_BUFFER_LENGTH)
            {
                throw noTerminator(inBuffer, inLimit);
            }
            final int answerLength = terminator + 1;
            final boolean cForm = !unterminated && okays == 0 && isCForm(inBuffer, answerLength);
            final int length = XflStatAnswer.parse(inBuffer, 0, answerLength, maxRecordLength);
            inPos = answerLength;
            if (length >= 0)
            {
                if (!cForm)
                {
                    mode = MODE_UNPIPELINED; // another answer form: from the next record on, the unpipelined sequence
                }
                return length;
            }
            if (++okays > MAX_OKAY_ANSWERS)
            {
                throw tooManyOkays(okays);
            }
        }
    }

    /** Take the body: first what came with the answer, then read the rest straight into {@link #record}. */
    private void readPipelinedBody(final int length) throws IOException
    {
        ensureRecordCapacity(length);
        int n = Math.min(inLimit - inPos, length);
        System.arraycopy(inBuffer, inPos, record, 0, n);
        inPos += n;
        while (n < length)
        {
            final int r = SpinThenBlock.read(data, record, n, length - n, spinLimitNs);
            if (r <= 0)
            {
                throw shortBody(n, length);
            }
            n += r;
        }
        if (inPos < inLimit)
        {
            final int extra = inLimit - inPos;
            final int from = inPos;
            inPos = inLimit;
            throw new XflProtocolException("unexpected bytes " + XflBytes.printable(inBuffer, from, extra) +
                " after XFL record body of " + length + " bytes " + XflBytes.printable(record, 0, length) +
                ": the producer may send nothing more before NEXT");
        }
    }

    private void compactInBuffer()
    {
        if (inPos > 0)
        {
            System.arraycopy(inBuffer, inPos, inBuffer, 0, inLimit - inPos);
            inLimit -= inPos;
            inPos = 0;
        }
    }

    /** @return true for exactly {@code <digits>\0}: the C implementation's answer. */
    private static boolean isCForm(final byte[] bytes, final int answerLength)
    {
        if (answerLength < 2 || bytes[answerLength - 1] != 0)
        {
            return false;
        }
        for (int i = 0; i < answerLength - 1; i++)
        {
            if (bytes[i] < '0' || bytes[i] > '9')
            {
                return false;
            }
        }
        return true;
    }

    private static XflProtocolException noTerminator(final byte[] bytes, final int filled)
    {
        final int shown = Math.min(filled, STAT_BUFFER_LENGTH);
        return new XflProtocolException("XFL STAT answer " + XflBytes.printable(bytes, 0, shown) +
            " has no terminator within " + STAT_BUFFER_LENGTH + " bytes: expected a decimal record length followed by NUL");
    }

    private static XflProtocolException tooManyOkays(final int okays)
    {
        return new XflProtocolException("XFL producer answered STAT with " + okays +
            " bare OKAY answers: expected a record length after at most " + MAX_OKAY_ANSWERS);
    }

    private XflProtocolException shortBody(final int n, final int length)
    {
        return new XflProtocolException("short XFL record body: received " + n + " of " + length +
            " bytes " + XflBytes.printable(record, 0, n) + " before end of file");
    }

    private void consume() throws IOException
    {
        recordLength = -1;
        recordsRead++;
        command(NEXT);
    }

    /** @return false when the producer has gone (EPIPE); this end is then closed. */
    private boolean command(final byte[] cmd) throws IOException
    {
        try
        {
            ctrl.write(cmd);
            ctrl.flush();
            return true;
        }
        catch (final IOException producerGone)
        {
            endOfInput();
            return false;
        }
    }

    /** @return the record length, or -1 for end of file before any byte of an answer. */
    private int readStatAnswer() throws IOException
    {
        lastAnswerCForm = false;
        int okays = 0;
        int filled = 0;
        while (true)
        {
            int terminator = indexOfTerminator(statBuffer, 0, filled);
            if (terminator < 0 && filled > 0 && data.available() == 0)
            {
                terminator = filled - 1; // left over after an OKAY, unterminated, and nothing more to come
            }
            while (terminator < 0)
            {
                if (filled == STAT_BUFFER_LENGTH)
                {
                    throw new XflProtocolException("XFL STAT answer " + XflBytes.printable(statBuffer, 0, filled) +
                        " has no terminator within " + STAT_BUFFER_LENGTH + " bytes: expected a decimal record length followed by NUL");
                }
                final int r = SpinThenBlock.read(data, statBuffer, filled, STAT_BUFFER_LENGTH - filled, spinLimitNs);
                if (r <= 0)
                {
                    if (filled == 0)
                    {
                        return -1;
                    }
                    terminator = filled - 1; // a peer that closed after an unterminated answer
                    break;
                }
                filled += r;
                terminator = indexOfTerminator(statBuffer, 0, filled);
                if (terminator < 0 && data.available() == 0)
                {
                    terminator = filled - 1; // an unterminated answer ends with its write
                }
            }
            final int answerLength = terminator + 1;
            final int length = XflStatAnswer.parse(statBuffer, 0, answerLength, maxRecordLength);
            if (length >= 0)
            {
                if (answerLength < filled)
                {
                    throw new XflProtocolException("unexpected bytes " +
                        XflBytes.printable(statBuffer, answerLength, filled - answerLength) + " after XFL STAT answer " +
                        XflBytes.printable(statBuffer, 0, answerLength) + ": the producer may send nothing more before PEEK");
                }
                lastAnswerCForm = okays == 0 && isCForm(statBuffer, answerLength);
                return length;
            }
            if (++okays > MAX_OKAY_ANSWERS)
            {
                throw tooManyOkays(okays);
            }
            System.arraycopy(statBuffer, answerLength, statBuffer, 0, filled - answerLength);
            filled -= answerLength;
        }
    }

    private static int indexOfTerminator(final byte[] bytes, final int from, final int to)
    {
        for (int i = from; i < to; i++)
        {
            if (bytes[i] == 0 || bytes[i] == '\n')
            {
                return i;
            }
        }
        return -1;
    }

    private void ensureRecordCapacity(final int length)
    {
        if (record.length < length)
        {
            record = new byte[Math.max(length, Math.min(maxRecordLength, record.length * 2))];
        }
    }

    private void readBody(final int length) throws IOException
    {
        ensureRecordCapacity(length);
        int n = 0;
        while (n < length)
        {
            final int r = SpinThenBlock.read(data, record, n, length - n, spinLimitNs);
            if (r <= 0)
            {
                throw shortBody(n, length);
            }
            n += r;
        }
    }

    private void endOfInput()
    {
        closeQuietly();
    }

    private void close0() throws IOException
    {
        closed = true;
        recordLength = -1;
        try
        {
            ctrl.close();
        }
        finally
        {
            data.close();
        }
    }

    private void closeQuietly()
    {
        if (!closed)
        {
            try
            {
                close0();
            }
            catch (final IOException ignore)
            {
                // the producer has gone or the protocol broke; the close outcome changes nothing
            }
        }
    }
}
