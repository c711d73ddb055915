package org.vmiucv.shm.journal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.agrona.concurrent.UnsafeBuffer;
import org.vmiucv.engine.UserData;
import org.vmiucv.engine.layout.ClientTable;
import org.vmiucv.engine.layout.ControlDescriptor;
import org.vmiucv.engine.layout.ControlFlyweight;
import org.vmiucv.engine.layout.FrameDescriptor;
import org.vmiucv.engine.layout.FrameType;
import org.vmiucv.engine.layout.MachineDirectory;
import org.vmiucv.engine.system.SupervisorConductor;
import org.vmiucv.engine.system.SystemLog;

/**
 * The journal of one Supervisor run: opens the store in {@code <namespace>/journal}, replays it for recovery
 * (a corrupt or truncated journal is reported with its file and position, replayed up to the last good record, and
 * set aside as {@code journal.corrupt-<time>} so new records start in a sound queue), records the recovery's own
 * answers and the START marker, then hands the store to the {@link JournalPipeline}.
 */
public final class SupervisorJournal implements AutoCloseable
{
    private final JournalConfig config;
    private final SystemLog log;
    private final Path directory;
    private final JournalReplay replay = new JournalReplay();
    private JournalStore store;
    private JournalStore.Writer startWriter;
    private JournalRecords startRecords;
    private JournalPipeline pipeline;
    private AppliedMark mark;
    private String problem;
    private long replayNs;

    private SupervisorJournal(final Path namespaceDirectory, final JournalConfig config, final SystemLog log)
    {
        this.config = config;
        this.log = log;
        this.directory = namespaceDirectory.resolve(JournalConfig.DIRECTORY);
    }

    /**
     * Open the journal of a namespace and replay what it holds.
     *
     * @param namespaceDirectory the system's namespace directory.
     * @param config             options; a disabled journal opens no store.
     * @param log                where problems are reported.
     * @return the journal, replayed.
     */
    public static SupervisorJournal open(final Path namespaceDirectory, final JournalConfig config,
        final SystemLog log)
    {
        final SupervisorJournal j = new SupervisorJournal(namespaceDirectory, config, log);
        if (config.enabled())
        {
            j.openAndReplay();
        }
        return j;
    }

    private void openAndReplay()
    {
        final long start = System.nanoTime();
        JournalStore.ReadResult result;
        try
        {
            mark = AppliedMark.open(directory);
            replay.appliedIndex(mark.applied());
            store = config.openStore(directory, log);
            result = store.read(replay);
        }
        catch (final RuntimeException | Error ex)
        {
            result = new JournalStore.ReadResult(replay.records(), "the journal " + directory +
                " cannot be opened: " + ex, directory.toString(), -1);
        }
        replayNs = System.nanoTime() - start;
        if (null != result.problem())
        {
            problem = result.problem();
            final Path aside = directory.resolveSibling(JournalConfig.DIRECTORY + ".corrupt-" +
                System.currentTimeMillis());
            log.log("CP journal: " + problem + "; recovered up to the last good record (" + result.records() +
                " records read); the damaged journal is kept as " + aside);
            if (null != store)
            {
                store.close();
            }
            if (null != mark)
            {
                mark.close();
            }
            try
            {
                Files.move(directory, aside);
            }
            catch (final IOException ex)
            {
                log.log("CP journal: cannot set " + directory + " aside: " + ex);
            }
            mark = AppliedMark.open(directory);
            store = config.openStore(directory, log);
        }
        log.log("CP journal " + directory + ": " + replay.records() + " records replayed in " +
            replayNs / 1_000_000 + " ms, " + replay.unansweredConnects().size() + " CONNECT requests in flight");
    }

    /**
     * @return what the journal knows for recovery.
     */
    public SupervisorConductor.RecoveryHints hints()
    {
        return replay;
    }

    /**
     * @return the replay (counts, for reports and tests).
     */
    public JournalReplay replay()
    {
        return replay;
    }

    /**
     * @return null if the journal was sound at start, else the corruption found.
     */
    public String startProblem()
    {
        return problem;
    }

    /**
     * @return how long the replay took.
     */
    public long replayNs()
    {
        return replayNs;
    }

    /**
     * Apply what the previous Supervisor recorded but never applied (it died between its journal and apply steps),
     * after {@link SupervisorConductor#recover}: severs, quiesces, resumes, logoffs, deaths, accepts and refusals are
     * applied (an accept of a path recovery severed does nothing); an IPL is refused, since its requester gave up
     * when the Supervisor died; a CONNECT was already answered by recovery.
     *
     * @param conductor the recovered conductor, not yet running.
     * @return events applied.
     */
    public int redo(final SupervisorConductor conductor)
    {
        final JournalRecordFlyweight r = new JournalRecordFlyweight();
        final UnsafeBuffer frame = new UnsafeBuffer(new byte[FrameDescriptor.HEADER_LENGTH + ControlDescriptor.LENGTH +
            ControlDescriptor.MAX_TEXT_LENGTH]);
        final ControlFlyweight f = new ControlFlyweight();
        final SupervisorConductor.Effects effects = new SupervisorConductor.Effects();
        final SupervisorConductor.EffectListener listener = recoveryListener();
        int applied = 0;
        for (final byte[] bytes : replay.notApplied())
        {
            if (null != r.load(bytes, bytes.length))
            {
                continue;
            }
            final int type = r.type();
            f.wrapForEncode(frame, 0).header().put(r.slot(), 0, r.path(), r.corr());
            f.clientSlot(r.client()).name(r.name()).msglim(r.msglim()).rc(r.rc()).auxInt(r.auxInt()).auxLong(r.aux())
                .userData(UserData.of(r.userData()));
            // the journal does not keep the client generation: take the slot's current one. Only a ghost's request
            // recorded in the instant between the previous Supervisor's journal and apply steps escapes the fence; a
            // reaped slot that is still free is fenced by its state
            final ClientTable clients = conductor.tables().clients();
            if (r.client() >= 0 && r.client() < clients.capacity())
            {
                f.clientGeneration(clients.generation(r.client()));
            }
            if (!r.text().isEmpty())
            {
                f.text(r.text());
            }
            final String refusal;
            switch (type)
            {
                case FrameType.CONNECT_REQ:
                case FrameType.REGISTER_REQ:
                    continue;
                case FrameType.IPL_REQ:
                    refusal = "the Supervisor restarted before this IPL was applied; nothing was logged on, retry";
                    break;
                default:
                    refusal = null;
                    break;
            }
            conductor.apply(type, frame, 0, f.length(), effects, refusal);
            conductor.notify(effects, listener);
            applied++;
        }
        if (applied > 0)
        {
            log.log("CP recovery: " + applied + " recorded events the previous Supervisor had not applied were applied");
        }
        return applied;
    }

    /**
     * Records the answers and interrupts recovery sends, on the starting thread.
     *
     * @return a listener for {@link SupervisorConductor#recover}.
     */
    public SupervisorConductor.EffectListener recoveryListener()
    {
        if (null == store)
        {
            return SupervisorConductor.EffectListener.NONE;
        }
        return effect ->
        {
            final JournalRecordFlyweight r = startRecords(null).effect(effect, System.currentTimeMillis());
            append(r);
        };
    }

    private JournalRecords startRecords(final MachineDirectory machines)
    {
        if (null == startWriter)
        {
            startWriter = store.newWriter();
            startRecords = new JournalRecords(machines);
        }
        return startRecords;
    }

    private void append(final JournalRecordFlyweight r)
    {
        try
        {
            startWriter.append(r.bytes(), r.length());
        }
        catch (final JournalException ex)
        {
            log.log("CP journal: cannot record at start: " + ex.getMessage());
        }
    }

    /**
     * Record the START marker and start the pipeline.
     *
     * @param conductor the conductor.
     * @param machines  machine directory.
     * @param epoch     Supervisor epoch.
     * @param what      "created" or "recovered ...".
     * @return the pipeline to give the conductor.
     */
    public JournalPipeline start(final SupervisorConductor conductor, final MachineDirectory machines,
        final long epoch, final String what)
    {
        if (null != store)
        {
            final long pid = ProcessHandle.current().pid();
            append(startRecords(machines).start(System.currentTimeMillis(), pid, epoch, what));
            startWriter.close();
            startWriter = null;
        }
        pipeline = new JournalPipeline(conductor, store, machines, mark, log);
        return pipeline;
    }

    /**
     * @return the store, or null if the journal is disabled.
     */
    public JournalStore store()
    {
        return store;
    }

    /**
     * Stop the pipeline (after what was published is processed) and close the store.
     */
    public void close()
    {
        if (null != pipeline)
        {
            pipeline.close();
            pipeline = null;
        }
        if (null != startWriter)
        {
            startWriter.close();
            startWriter = null;
        }
        if (null != store)
        {
            store.close();
            store = null;
        }
        if (null != mark)
        {
            mark.close();
            mark = null;
        }
    }
}
