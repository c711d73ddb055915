package org.vmiucv.engine;

/**
 * The behaviour of a machine: callbacks run synchronously on the machine's agent thread, one at a time,
 * never concurrently for the same machine.
 * <p>
 * Only {@link #onSmsg} must be written; everything else has a default. A callback that throws makes the machine
 * panic: it gets no more callbacks, its paths are severed, and its logoff reports {@link ReturnCode#MACHINE_PANICKED}.
 * Other machines are not affected.
 */
@FunctionalInterface
public interface MachineHandler
{
    /**
     * The machine has been logged on (IPL). First callback.
     *
     * @param ctx what the machine may do.
     */
    default void onIpl(final MachineContext ctx)
    {
    }

    /**
     * An SMSG arrived.
     *
     * @param ctx  what the machine may do.
     * @param from the sender.
     * @param text the text; a view valid during this callback ({@code toString()} copies it).
     */
    void onSmsg(MachineContext ctx, MachineId from, CharSequence text);

    /**
     * Another machine (or this one) asks to connect. Return true to ACCEPT, false to refuse.
     *
     * @param ctx     what the machine may do.
     * @param pending the request; set the ACCEPT's user data or msglim on it.
     * @return true to accept (default), false to refuse.
     */
    default boolean onConnectionPending(final MachineContext ctx, final PendingConnection pending)
    {
        return true;
    }

    /**
     * A path is established; called at both ends.
     *
     * @param ctx      what the machine may do.
     * @param path     the path.
     * @param peer     the machine at the other end.
     * @param userData the other end's user data (CONNECT's at the target, ACCEPT's at the initiator).
     */
    default void onConnectionComplete(
        final MachineContext ctx, final PathId path, final MachineId peer, final UserData userData)
    {
    }

    /**
     * An IUCV message arrived.
     *
     * @param ctx     what the machine may do.
     * @param message view of the message, valid during this callback.
     */
    default void onIucvData(final MachineContext ctx, final IucvMessage message)
    {
    }

    /**
     * The reply to a two-way message arrived.
     *
     * @param ctx   what the machine may do.
     * @param reply view of the reply; its message id is that of the message it answers.
     */
    default void onReply(final MachineContext ctx, final IucvMessage reply)
    {
    }

    /**
     * No reply came before the deadline given at send (or the path was severed first).
     *
     * @param ctx       what the machine may do.
     * @param path      the path.
     * @param messageId the id returned by the send.
     */
    default void onReplyTimeout(final MachineContext ctx, final PathId path, final long messageId)
    {
    }

    /**
     * The peer, or the Supervisor, severed a path of this machine.
     *
     * @param ctx      what the machine may do.
     * @param path     the path, now gone.
     * @param userData SEVER's user data (empty when the Supervisor severed it).
     */
    default void onConnectionSevered(final MachineContext ctx, final PathId path, final UserData userData)
    {
    }

    /**
     * The peer quiesced the path: sends on it fail with {@link SendResult#PATH_QUIESCED} until it resumes.
     *
     * @param ctx      what the machine may do.
     * @param path     the path.
     * @param userData QUIESCE's user data.
     */
    default void onPathQuiesced(final MachineContext ctx, final PathId path, final UserData userData)
    {
    }

    /**
     * The peer resumed the path.
     *
     * @param ctx      what the machine may do.
     * @param path     the path.
     * @param userData RESUME's user data.
     */
    default void onPathResumed(final MachineContext ctx, final PathId path, final UserData userData)
    {
    }

    /**
     * Called about once a millisecond while the machine is logged on, between its other callbacks: the place to
     * retry what back pressure refused earlier. A send refused with {@link SendResult#MESSAGE_LIMIT_EXCEEDED} or
     * {@link SendResult#BACK_PRESSURED} gets no callback when the path frees up, so a handler that keeps such
     * messages (like the shipped {@code echo}) retries them here. Keep it short; the default does nothing.
     * Machines hosted over the XFL transport are not called.
     *
     * @param ctx what the machine may do.
     */
    default void onDutyCycle(final MachineContext ctx)
    {
    }

    /**
     * The machine is being logged off; its paths are already severed. Last callback.
     *
     * @param ctx what the machine may do (sends fail from now on).
     */
    default void onLogoff(final MachineContext ctx)
    {
    }
}
