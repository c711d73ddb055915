/**
 * The Supervisor's journal: the control plane as an LMAX Disruptor pipeline (journal, apply, notify) whose first
 * step appends every control event to a Chronicle Queue in the system's namespace directory; the replay that
 * recovery uses; and {@code iucv trace}, which prints the journal.
 * <p>
 * The record format lives in one place: {@link org.vmiucv.shm.journal.JournalRecordDescriptor} (layout, version)
 * and {@link org.vmiucv.shm.journal.JournalRecordFlyweight} (access).
 */
package org.vmiucv.shm.journal;
