package org.vmiucv.shm.journal;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A store that delegates to a real one until told to fail, as a full disk would make it.
 */
final class FailingJournalStore implements JournalStore
{
    private final JournalStore delegate;
    private final AtomicBoolean failing;

    FailingJournalStore(final JournalStore delegate, final AtomicBoolean failing)
    {
        this.delegate = delegate;
        this.failing = failing;
    }

    public Writer newWriter()
    {
        final Writer w = delegate.newWriter();
        return new Writer()
        {
            public long append(final byte[] record, final int length) throws JournalException
            {
                if (failing.get())
                {
                    throw new JournalException("No space left on device (injected) in " + delegate.describe());
                }
                return w.append(record, length);
            }

            public void close()
            {
                w.close();
            }
        };
    }

    public ReadResult read(final Visitor visitor)
    {
        return delegate.read(visitor);
    }

    public String describe()
    {
        return delegate.describe();
    }

    public void close()
    {
        delegate.close();
    }
}
