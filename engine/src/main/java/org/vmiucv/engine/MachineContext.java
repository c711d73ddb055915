package org.vmiucv.engine;

import org.agrona.DirectBuffer;

/**
 * What a handler may do without blocking. Every method returns a status instead of throwing and allocates
 * nothing in steady state. Use it only from the machine's own callbacks.
 */
public interface MachineContext
{
    /**
     * @return this machine's name.
     */
    MachineId machineId();

    /**
     * Send an SMSG, best effort: if the target's inbox is full the message is dropped and counted.
     *
     * @param to   the target.
     * @param text ASCII, at most 236 bytes.
     * @return {@link SendResult#OK}, {@link SendResult#DROPPED}, {@link SendResult#MACHINE_NOT_FOUND},
     * {@link SendResult#INVALID_LENGTH} or {@link SendResult#CLOSED}.
     */
    int trySendSmsg(MachineId to, CharSequence text);

    /**
     * Send a one-way IUCV message.
     *
     * @param path   an established path of this machine.
     * @param buffer the payload.
     * @param offset offset of the payload.
     * @param length 0 to 65,535 bytes.
     * @return the message id (positive), or a negative {@link SendResult}.
     */
    long iucvSend(PathId path, DirectBuffer buffer, int offset, int length);

    /**
     * Send a one-way IUCV message from an owned buffer.
     *
     * @param path   an established path of this machine.
     * @param buffer the payload.
     * @return the message id (positive), or a negative {@link SendResult}.
     */
    default long iucvSend(final PathId path, final IucvBuffer buffer)
    {
        return iucvSend(path, buffer.view(), 0, buffer.length());
    }

    /**
     * Send a two-way IUCV message: the answer arrives at {@link MachineHandler#onReply}, or
     * {@link MachineHandler#onReplyTimeout} fires after the deadline.
     *
     * @param path      an established path of this machine.
     * @param buffer    the payload.
     * @param offset    offset of the payload.
     * @param length    0 to 65,535 bytes.
     * @param timeoutNs how long to wait for the reply.
     * @return the message id (positive), or a negative {@link SendResult}.
     */
    long iucvSendTwoWay(PathId path, DirectBuffer buffer, int offset, int length, long timeoutNs);

    /**
     * Answer a two-way message.
     *
     * @param message the message being answered (as received).
     * @param buffer  the reply payload.
     * @param offset  offset of the payload.
     * @param length  0 to 65,535 bytes.
     * @return {@link SendResult#OK} or a negative {@link SendResult}.
     */
    int reply(IucvMessage message, DirectBuffer buffer, int offset, int length);

    /**
     * Answer a two-way message later, outside the callback that received it: keep its path and message id.
     * A reply to an id the sender is not waiting for is dropped and counted at the sender.
     *
     * @param path      the path the message came on.
     * @param messageId its message id.
     * @param buffer    the reply payload.
     * @param offset    offset of the payload.
     * @param length    0 to 65,535 bytes.
     * @return {@link SendResult#OK} or a negative {@link SendResult}.
     */
    int reply(PathId path, long messageId, DirectBuffer buffer, int offset, int length);

    /**
     * Sever a path; the peer gets {@link MachineHandler#onConnectionSevered}, this machine does not.
     *
     * @param path     the path.
     * @param userData carried to the peer.
     * @return {@link ReturnCode#OK} code 0, or {@link ReturnCode#PATH_NOT_FOUND} code 36.
     */
    int severPath(PathId path, UserData userData);

    /**
     * Stop incoming messages on a path; the peer is told and its sends fail until {@link #resume}.
     *
     * @param path     the path.
     * @param userData carried to the peer.
     * @return 0, or {@link ReturnCode#PATH_NOT_FOUND} code 36.
     */
    int quiesce(PathId path, UserData userData);

    /**
     * Accept incoming messages again on a quiesced path; the peer is told.
     *
     * @param path     the path.
     * @param userData carried to the peer.
     * @return 0, or {@link ReturnCode#PATH_NOT_FOUND} code 36.
     */
    int resume(PathId path, UserData userData);
}
