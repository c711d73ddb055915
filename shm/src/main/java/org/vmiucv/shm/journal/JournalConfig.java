package org.vmiucv.shm.journal;

import java.nio.file.Path;
import java.util.function.Function;

import net.openhft.chronicle.queue.RollCycle;
import net.openhft.chronicle.queue.RollCycles;
import org.vmiucv.engine.system.SystemLog;

/**
 * Options of the Supervisor's journal, with defaults for a long-running system: one queue file a day
 * ({@code FAST_DAILY}), the last 14 kept, appends refused while less than 256 KiB are free (the margin that keeps
 * a memory-mapped queue from faulting on a full file system).
 */
public final class JournalConfig
{
    static
    {
        disableAnalytics();
    }

    /** Directory of the journal inside the namespace directory. */
    public static final String DIRECTORY = "journal";

    private boolean enabled = true;
    private String rollCycle = "FAST_DAILY";
    private int retentionCycles = 14;
    private long minFreeBytes = 256L << 10;
    private long blockSizeBytes = 4L << 20;
    private boolean traceData;
    private Function<Path, JournalStore> storeFactory;
    private RollCycle rollCycleForTests;

    /**
     * Chronicle sends usage analytics (and prints an announcement) unless told not to; this runs when this class
     * loads, before any Chronicle class of the journal, and may be called again early in a main method.
     */
    public static void disableAnalytics()
    {
        if (null == System.getProperty("chronicle.analytics.disable"))
        {
            System.setProperty("chronicle.analytics.disable", "true");
        }
        if (null == System.getProperty("chronicle.announcer.disable"))
        {
            System.setProperty("chronicle.announcer.disable", "true");
        }
    }

    /** @return true if the Supervisor journals (the default); false runs the same pipeline with no store. */
    public boolean enabled()
    {
        return enabled;
    }

    /**
     * @param enabled false to run without a journal (measurements only).
     * @return this.
     */
    public JournalConfig enabled(final boolean enabled)
    {
        this.enabled = enabled;
        return this;
    }

    /** @return the roll cycle. */
    public RollCycle rollCycle()
    {
        return null != rollCycleForTests ? rollCycleForTests : ChronicleJournalStore.rollCycle(rollCycle);
    }

    /**
     * @param cycle any roll cycle, such as Chronicle's per-second test cycle (for tests that need a roll).
     * @return this.
     */
    JournalConfig rollCycle(final RollCycle cycle)
    {
        this.rollCycleForTests = cycle;
        return this;
    }

    /**
     * @param name a {@link RollCycles} name such as FAST_HOURLY, FAST_DAILY, WEEKLY.
     * @return this.
     * @throws IllegalArgumentException for an unknown name.
     */
    public JournalConfig rollCycle(final String name)
    {
        ChronicleJournalStore.rollCycle(name);
        this.rollCycle = name;
        return this;
    }

    /** @return how many queue files (cycles) are kept; 0 keeps all. */
    public int retentionCycles()
    {
        return retentionCycles;
    }

    /**
     * @param cycles how many queue files to keep, 0 for all.
     * @return this.
     */
    public JournalConfig retentionCycles(final int cycles)
    {
        if (cycles < 0)
        {
            throw new IllegalArgumentException("journal retention must be 0 (keep all) or more cycles, got " + cycles);
        }
        this.retentionCycles = cycles;
        return this;
    }

    /** @return free bytes below which appends are refused. */
    public long minFreeBytes()
    {
        return minFreeBytes;
    }

    /**
     * @param bytes free bytes below which appends are refused (0 never checks).
     * @return this.
     */
    public JournalConfig minFreeBytes(final long bytes)
    {
        this.minFreeBytes = bytes;
        return this;
    }

    /** @return Chronicle's block (mapping chunk) size. */
    public long blockSizeBytes()
    {
        return blockSizeBytes;
    }

    /** @return true if the metadata of every message is recorded too. */
    public boolean traceData()
    {
        return traceData;
    }

    /**
     * @param traceData record the metadata of every SMSG and IUCV message.
     * @return this.
     */
    public JournalConfig traceData(final boolean traceData)
    {
        this.traceData = traceData;
        return this;
    }

    /**
     * @param factory makes the store for a journal directory instead of Chronicle (tests inject failures).
     * @return this.
     */
    public JournalConfig storeFactory(final Function<Path, JournalStore> factory)
    {
        this.storeFactory = factory;
        return this;
    }

    /**
     * @param directory journal directory.
     * @param log       where the store reports.
     * @return the store.
     */
    public JournalStore openStore(final Path directory, final SystemLog log)
    {
        return null != storeFactory ? storeFactory.apply(directory) :
            new ChronicleJournalStore(directory, this, false, log);
    }
}
