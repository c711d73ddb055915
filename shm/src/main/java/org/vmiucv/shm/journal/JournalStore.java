package org.vmiucv.shm.journal;

/**
 * Where journal records are kept. The Chronicle Queue implementation is {@link ChronicleJournalStore}; a test can
 * put a failing store in its place to see the Supervisor fail closed.
 */
public interface JournalStore extends AutoCloseable
{
    /**
     * A writer for the calling thread: use it on that thread only, close it on that thread.
     *
     * @return a new writer.
     */
    Writer newWriter();

    /**
     * Visit every record from the oldest kept.
     *
     * @param visitor sees each sound record.
     * @return how the read ended: at the end, or at a corrupt record.
     */
    ReadResult read(Visitor visitor);

    /**
     * @return where the records are, for messages.
     */
    String describe();

    /** Release the store. */
    void close();

    /**
     * Appends records; not thread safe.
     */
    interface Writer extends AutoCloseable
    {
        /**
         * @param record bytes of one sealed record.
         * @param length its length.
         * @return the record's index in the store (increasing).
         * @throws JournalException if it could not be appended (no space, I/O error).
         */
        long append(byte[] record, int length) throws JournalException;

        /** Release the writer. */
        void close();
    }

    /**
     * Sees records as they are read.
     */
    @FunctionalInterface
    interface Visitor
    {
        /**
         * @param record the record, valid during the call.
         * @param index  its index in the store.
         */
        void onRecord(JournalRecordFlyweight record, long index);
    }

    /**
     * How a read ended.
     *
     * @param records  sound records read.
     * @param problem  null at a clean end; else what is wrong, with the file and position.
     * @param file     the file holding the bad record, or null.
     * @param position byte position of the bad record in that file, or -1.
     */
    record ReadResult(long records, String problem, String file, long position)
    {
    }
}
