package org.vmiucv.shm.journal;

import org.vmiucv.engine.system.SystemLog;

/**
 * Whether the journal can be written, shared by the pipeline's handlers. A failure is logged once per outage, and
 * the return to health once.
 */
final class JournalHealth
{
    private final String where;
    private final SystemLog log;
    private volatile boolean healthy = true;
    private volatile String refusal;

    JournalHealth(final String where, final SystemLog log)
    {
        this.where = where;
        this.log = log;
    }

    boolean healthy()
    {
        return healthy;
    }

    /**
     * @param ex the failure.
     * @return the message requests are refused with.
     */
    synchronized String failed(final JournalException ex)
    {
        if (healthy)
        {
            healthy = false;
            refusal = "the Supervisor journal cannot be written (" + ex.getMessage() + "); control operations are " +
                "refused until it can, established paths keep working";
            log.log("CP journal FAILED, failing closed: " + ex.getMessage() +
                (null == ex.getCause() ? "" : " (" + ex.getCause() + ")"));
        }
        return refusal;
    }

    void ok()
    {
        if (!healthy)
        {
            synchronized (this)
            {
                if (!healthy)
                {
                    healthy = true;
                    log.log("CP journal writable again in " + where + "; control operations accepted");
                }
            }
        }
    }
}
