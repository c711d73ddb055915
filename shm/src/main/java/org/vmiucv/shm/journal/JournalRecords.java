package org.vmiucv.shm.journal;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.vmiucv.engine.layout.ControlDescriptor;
import org.vmiucv.engine.layout.ControlFlyweight;
import org.vmiucv.engine.layout.FrameDescriptor;
import org.vmiucv.engine.layout.FrameType;
import org.vmiucv.engine.layout.MachineDirectory;
import org.vmiucv.engine.system.SupervisorConductor;

/**
 * Turns what the Supervisor handles into {@link JournalRecordFlyweight records}: control frames (requests and
 * detected events), effects (interrupts and answers), and start markers. One instance per thread.
 */
final class JournalRecords
{
    private final JournalRecordFlyweight record = new JournalRecordFlyweight();
    private final ControlFlyweight control = new ControlFlyweight();
    private final UnsafeBuffer effectView = new UnsafeBuffer(0, 0);
    private final MachineDirectory machines;

    JournalRecords(final MachineDirectory machines)
    {
        this.machines = machines;
    }

    /**
     * A request or detected event, as it entered the pipeline.
     */
    JournalRecordFlyweight request(final int type, final DirectBuffer frame, final int length, final long timeMs)
    {
        control.wrap(frame, 0, length);
        final int source = control.header().sourceSlot();
        if (type == FrameType.DATA_TRACE)
        {
            // the metadata of one message: traced type, sender, receiver, path, length, first bytes
            record.reset(JournalRecordDescriptor.KIND_DATA, control.auxInt(), timeMs)
                .client(control.clientSlot())
                .slot(source)
                .corr(control.header().messageId())
                .path(control.header().path())
                .machine(source >= 0 ? nameAt(source) :
                    frame.getLong(FrameDescriptor.HEADER_LENGTH + ControlDescriptor.USER_DATA_OFFSET))
                .name(control.name())
                .aux(control.auxLong());
            final int n = length - FrameDescriptor.HEADER_LENGTH - ControlDescriptor.LENGTH;
            if (n > 0)
            {
                record.text(control.text());
            }
            return record.seal();
        }
        record.reset(JournalRecordDescriptor.KIND_REQUEST, type, timeMs)
            .client(control.clientSlot())
            .slot(source)
            .rc(control.rc())
            .corr(control.header().messageId())
            .path(control.header().path())
            .machine(nameAt(source))
            .name(control.name())
            .aux(control.auxLong())
            .msglim(control.msglim())
            .auxInt(control.auxInt())
            .userData(frame, FrameDescriptor.HEADER_LENGTH + ControlDescriptor.USER_DATA_OFFSET);
        final int textLength = length - FrameDescriptor.HEADER_LENGTH - ControlDescriptor.LENGTH;
        if (textLength > 0 && type != FrameType.IPL_REQ)
        {
            record.text(control.text());
        }
        return record.seal();
    }

    /**
     * An interrupt or answer, about to be written.
     */
    JournalRecordFlyweight effect(final SupervisorConductor.Effect effect, final long timeMs)
    {
        effectView.wrap(effect.frame(), 0, effect.length());
        control.wrap(effectView, 0, effect.length());
        if (effect.kind() == SupervisorConductor.Effect.INTERRUPT)
        {
            record.reset(JournalRecordDescriptor.KIND_INTERRUPT, effect.type(), timeMs)
                .client(-1)
                .slot(effect.target())
                .corr(effect.requestCorr())
                .path(control.header().path())
                .machine(effect.targetName())
                .name(effect.peerName())
                .msglim(effect.length() >= FrameDescriptor.HEADER_LENGTH + ControlDescriptor.LENGTH ?
                    control.msglim() : 0);
            if (effect.length() >= FrameDescriptor.HEADER_LENGTH + ControlDescriptor.LENGTH)
            {
                record.userData(effectView, FrameDescriptor.HEADER_LENGTH + ControlDescriptor.USER_DATA_OFFSET);
            }
            return record.seal();
        }
        record.reset(JournalRecordDescriptor.KIND_RESPONSE, FrameType.RESPONSE, timeMs)
            .client(effect.target())
            .slot(-1)
            .rc(control.rc())
            .corr(control.header().messageId())
            .path(control.header().path())
            .aux(control.auxLong())
            .auxInt(control.auxInt());
        final String text = control.text();
        if (!text.isEmpty())
        {
            record.text(text);
        }
        return record.seal();
    }

    /**
     * A Supervisor started.
     */
    JournalRecordFlyweight start(final long timeMs, final long pid, final long epoch, final String text)
    {
        return record.reset(JournalRecordDescriptor.KIND_START, 0, timeMs).client(-1).slot(-1)
            .aux(pid).corr(epoch).text(text).seal();
    }

    private long nameAt(final int slot)
    {
        return slot >= 0 && machines.isValidSlot(slot) ? machines.name(slot) : 0;
    }
}
