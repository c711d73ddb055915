package org.vmiucv.shm.journal;

import static org.vmiucv.shm.journal.JournalRecordDescriptor.*;

import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32C;

import org.agrona.concurrent.UnsafeBuffer;

/**
 * Reads and writes one {@link JournalRecordDescriptor journal record} in a private byte array (copied in from the
 * queue to read, copied out to write). Little-endian, whatever the platform.
 */
public final class JournalRecordFlyweight
{
    private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;

    private final byte[] bytes = new byte[MAX_LENGTH];
    private final UnsafeBuffer buffer = new UnsafeBuffer(bytes);
    private final CRC32C crc = new CRC32C();
    private int length = HEADER_LENGTH;

    /**
     * Clear the record and start a new one.
     *
     * @param kind   record kind.
     * @param type   frame type.
     * @param timeMs epoch time.
     * @return this.
     */
    public JournalRecordFlyweight reset(final int kind, final int type, final long timeMs)
    {
        buffer.setMemory(0, HEADER_LENGTH, (byte)0);
        buffer.putByte(VERSION_OFFSET, (byte)VERSION);
        buffer.putByte(KIND_OFFSET, (byte)kind);
        buffer.putShort(TYPE_OFFSET, (short)type, LE);
        buffer.putLong(TIME_OFFSET, timeMs, LE);
        length = HEADER_LENGTH;
        return this;
    }

    /** @return the backing array; valid up to {@link #length()}. */
    public byte[] bytes()
    {
        return bytes;
    }

    /** @return the encoded length. */
    public int length()
    {
        return length;
    }

    /** @return the version byte. */
    public int version()
    {
        return buffer.getByte(VERSION_OFFSET) & 0xFF;
    }

    /** @return the kind. */
    public int kind()
    {
        return buffer.getByte(KIND_OFFSET) & 0xFF;
    }

    /** @return the frame type. */
    public int type()
    {
        return buffer.getShort(TYPE_OFFSET, LE) & 0xFFFF;
    }

    /** @return epoch ms. */
    public long timeMs()
    {
        return buffer.getLong(TIME_OFFSET, LE);
    }

    /** @return client slot. */
    public int client()
    {
        return buffer.getInt(CLIENT_OFFSET, LE);
    }

    /**
     * @param v client slot.
     * @return this.
     */
    public JournalRecordFlyweight client(final int v)
    {
        buffer.putInt(CLIENT_OFFSET, v, LE);
        return this;
    }

    /** @return machine slot. */
    public int slot()
    {
        return buffer.getInt(SLOT_OFFSET, LE);
    }

    /**
     * @param v machine slot.
     * @return this.
     */
    public JournalRecordFlyweight slot(final int v)
    {
        buffer.putInt(SLOT_OFFSET, v, LE);
        return this;
    }

    /** @return return code. */
    public int rc()
    {
        return buffer.getInt(RC_OFFSET, LE);
    }

    /**
     * @param v return code.
     * @return this.
     */
    public JournalRecordFlyweight rc(final int v)
    {
        buffer.putInt(RC_OFFSET, v, LE);
        return this;
    }

    /** @return correlation id. */
    public long corr()
    {
        return buffer.getLong(CORR_OFFSET, LE);
    }

    /**
     * @param v correlation id.
     * @return this.
     */
    public JournalRecordFlyweight corr(final long v)
    {
        buffer.putLong(CORR_OFFSET, v, LE);
        return this;
    }

    /** @return packed path id. */
    public long path()
    {
        return buffer.getLong(PATH_OFFSET, LE);
    }

    /**
     * @param v packed path id.
     * @return this.
     */
    public JournalRecordFlyweight path(final long v)
    {
        buffer.putLong(PATH_OFFSET, v, LE);
        return this;
    }

    /** @return packed name of the machine at the slot. */
    public long machine()
    {
        return buffer.getLong(MACHINE_OFFSET, LE);
    }

    /**
     * @param v packed name.
     * @return this.
     */
    public JournalRecordFlyweight machine(final long v)
    {
        buffer.putLong(MACHINE_OFFSET, v, LE);
        return this;
    }

    /** @return the name field. */
    public long name()
    {
        return buffer.getLong(NAME_OFFSET, LE);
    }

    /**
     * @param v name field.
     * @return this.
     */
    public JournalRecordFlyweight name(final long v)
    {
        buffer.putLong(NAME_OFFSET, v, LE);
        return this;
    }

    /** @return aux long. */
    public long aux()
    {
        return buffer.getLong(AUX_OFFSET, LE);
    }

    /**
     * @param v aux long.
     * @return this.
     */
    public JournalRecordFlyweight aux(final long v)
    {
        buffer.putLong(AUX_OFFSET, v, LE);
        return this;
    }

    /** @return msglim. */
    public int msglim()
    {
        return buffer.getInt(MSGLIM_OFFSET, LE);
    }

    /**
     * @param v msglim.
     * @return this.
     */
    public JournalRecordFlyweight msglim(final int v)
    {
        buffer.putInt(MSGLIM_OFFSET, v, LE);
        return this;
    }

    /** @return aux int. */
    public int auxInt()
    {
        return buffer.getInt(AUX_INT_OFFSET, LE);
    }

    /**
     * @param v aux int.
     * @return this.
     */
    public JournalRecordFlyweight auxInt(final int v)
    {
        buffer.putInt(AUX_INT_OFFSET, v, LE);
        return this;
    }

    /**
     * @param src    where the 16 bytes are.
     * @param offset their offset.
     * @return this.
     */
    public JournalRecordFlyweight userData(final org.agrona.DirectBuffer src, final int offset)
    {
        buffer.putBytes(USER_DATA_OFFSET, src, offset, 16);
        return this;
    }

    /** @return the user data. */
    public byte[] userData()
    {
        final byte[] b = new byte[16];
        buffer.getBytes(USER_DATA_OFFSET, b);
        return b;
    }

    /**
     * Set the text (truncated to {@link JournalRecordDescriptor#MAX_TEXT_LENGTH}); call last, before {@link #seal()}.
     *
     * @param text ASCII text.
     * @return this.
     */
    public JournalRecordFlyweight text(final String text)
    {
        final byte[] b = text.getBytes(StandardCharsets.US_ASCII);
        return text(b, 0, b.length);
    }

    /**
     * @param src    text bytes.
     * @param offset start.
     * @param n      length (truncated to the maximum).
     * @return this.
     */
    public JournalRecordFlyweight text(final byte[] src, final int offset, final int n)
    {
        final int len = Math.min(n, MAX_TEXT_LENGTH);
        buffer.putShort(TEXT_LENGTH_OFFSET, (short)len, LE);
        buffer.putBytes(HEADER_LENGTH, src, offset, len);
        length = HEADER_LENGTH + len;
        return this;
    }

    /** @return the text. */
    public String text()
    {
        final int n = buffer.getShort(TEXT_LENGTH_OFFSET, LE) & 0xFFFF;
        return new String(bytes, HEADER_LENGTH, Math.min(n, length - HEADER_LENGTH), StandardCharsets.US_ASCII);
    }

    /** @return the text as bytes (data trace: the first bytes of a message). */
    public byte[] textBytes()
    {
        final int n = Math.min(buffer.getShort(TEXT_LENGTH_OFFSET, LE) & 0xFFFF, length - HEADER_LENGTH);
        final byte[] b = new byte[Math.max(0, n)];
        System.arraycopy(bytes, HEADER_LENGTH, b, 0, b.length);
        return b;
    }

    /**
     * Compute and store the checksum; the record is ready to append.
     *
     * @return this.
     */
    public JournalRecordFlyweight seal()
    {
        buffer.putInt(CRC_OFFSET, 0);
        buffer.putInt(CRC_OFFSET, checksum(), LE);
        return this;
    }

    private int checksum()
    {
        crc.reset();
        crc.update(bytes, 0, CRC_OFFSET);
        crc.update(new byte[4]);
        crc.update(bytes, CRC_OFFSET + 4, length - CRC_OFFSET - 4);
        return (int)crc.getValue();
    }

    /**
     * Load a record read from the queue and check it.
     *
     * @param src    bytes.
     * @param n      length.
     * @return null if it is sound, else what is wrong.
     */
    public String load(final byte[] src, final int n)
    {
        if (n < HEADER_LENGTH || n > MAX_LENGTH)
        {
            length = Math.max(0, Math.min(n, MAX_LENGTH));
            return "record of " + n + " bytes (a record has " + HEADER_LENGTH + " to " + MAX_LENGTH + ")";
        }
        System.arraycopy(src, 0, bytes, 0, n);
        length = n;
        if (version() != VERSION)
        {
            return "record version " + version() + " (this reader knows version " + VERSION + ")";
        }
        final int textLength = buffer.getShort(TEXT_LENGTH_OFFSET, LE) & 0xFFFF;
        if (HEADER_LENGTH + textLength != n)
        {
            return "text length " + textLength + " does not match the record length " + n;
        }
        final int stored = buffer.getInt(CRC_OFFSET, LE);
        if (stored != checksum())
        {
            return "checksum mismatch";
        }
        if (kind() < KIND_REQUEST || kind() > KIND_DATA)
        {
            return "unknown record kind " + kind();
        }
        return null;
    }
}
