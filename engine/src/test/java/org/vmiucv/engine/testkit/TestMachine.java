package org.vmiucv.engine.testkit;

import org.vmiucv.engine.MachineId;
import org.vmiucv.engine.PathId;
import org.vmiucv.engine.UserData;

/**
 * A collector machine under test: what it recorded, and data-plane actions run on its own thread.
 * Every action returns the engine's status (a message id, {@code SendResult}, or a return code).
 */
public interface TestMachine
{
    /**
     * @return its name.
     */
    MachineId id();

    /**
     * @return what it recorded.
     */
    CollectorHandle events();

    /**
     * @return pid of the process hosting it.
     */
    long pid();

    /**
     * @param to   target name.
     * @param text text.
     * @return trySendSmsg's status.
     */
    long smsg(String to, String text);

    /**
     * @param path path.
     * @param data payload.
     * @return iucvSend's status.
     */
    long send(PathId path, byte[] data);

    /**
     * @param path      path.
     * @param data      payload.
     * @param timeoutMs reply deadline.
     * @return iucvSendTwoWay's status.
     */
    long sendTwoWay(PathId path, byte[] data, long timeoutMs);

    /**
     * @param path      path.
     * @param messageId the message to answer.
     * @param data      reply payload.
     * @return reply's status.
     */
    long reply(PathId path, long messageId, byte[] data);

    /**
     * @param path path.
     * @param ud   user data.
     * @return severPath's return code.
     */
    int sever(PathId path, UserData ud);

    /**
     * @param path path.
     * @param ud   user data.
     * @return quiesce's return code.
     */
    int quiesce(PathId path, UserData ud);

    /**
     * @param path path.
     * @param ud   user data.
     * @return resume's return code.
     */
    int resume(PathId path, UserData ud);

    /**
     * Send {@code count} messages of {@code size} bytes (the first 4 bytes are the sequence number, the rest a
     * pattern of it), retrying on back pressure and msglim until the deadline.
     *
     * @param path      path.
     * @param count     how many.
     * @param size      bytes each, at least 4.
     * @param timeoutMs deadline for the whole stream.
     * @return how many were sent; fewer if the path failed or the deadline passed.
     */
    long stream(PathId path, int count, int size, long timeoutMs);

    /**
     * Send {@code count} SMSGs {@code "<prefix> <i>"} to a target, without retry.
     *
     * @param to     target.
     * @param prefix text prefix.
     * @param count  how many.
     * @return how many were accepted (status OK).
     */
    long smsgBurst(String to, String prefix, int count);

    /**
     * Block (or release) this machine's host thread inside onIucvData, see {@link CollectorHandler#hold}.
     *
     * @param hold true to hold.
     */
    void hold(boolean hold);

    /**
     * Fill a payload as {@link #stream} does.
     *
     * @param seq  sequence number.
     * @param size size, at least 4.
     * @return the payload.
     */
    static byte[] payload(final int seq, final int size)
    {
        final byte[] b = new byte[size];
        b[0] = (byte)(seq >>> 24);
        b[1] = (byte)(seq >>> 16);
        b[2] = (byte)(seq >>> 8);
        b[3] = (byte)seq;
        for (int i = 4; i < size; i++)
        {
            b[i] = (byte)(seq * 31 + i);
        }
        return b;
    }

    /**
     * @param b a payload made by {@link #payload}.
     * @return its sequence number, or -1 if the pattern is broken.
     */
    static int checkPayload(final byte[] b)
    {
        if (b.length < 4)
        {
            return -1;
        }
        final int seq = ((b[0] & 0xFF) << 24) | ((b[1] & 0xFF) << 16) | ((b[2] & 0xFF) << 8) | (b[3] & 0xFF);
        for (int i = 4; i < b.length; i++)
        {
            if (b[i] != (byte)(seq * 31 + i))
            {
                return -1;
            }
        }
        return seq;
    }
}
