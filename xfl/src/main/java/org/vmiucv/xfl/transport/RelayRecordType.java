package org.vmiucv.xfl.transport;

import org.vmiucv.engine.layout.FrameType;

/**
 * Frame types of relay records. Events reuse the engine's {@link FrameType} values where one exists; the rest are
 * the relay's own, from 300 up.
 */
public final class RelayRecordType
{
    // ------------------------------------------------------------ Supervisor to process, connector 0
    /** Event: SMSG; payload is the sender's packed name then the ASCII text. */
    public static final int SMSG = FrameType.SMSG;
    /** Event: IUCV message; flags carry two-way; payload is the message. */
    public static final int DATA = FrameType.DATA;
    /** Event: reply; payload is the reply. */
    public static final int REPLY = FrameType.REPLY;
    /** Event: connection pending; aux is the msglim; payload is the peer's packed name then 16 bytes user data. */
    public static final int PENDING = FrameType.PENDING;
    /** Event: connection complete; payload is the peer's packed name then 16 bytes user data. */
    public static final int COMPLETE = FrameType.COMPLETE;
    /** Event: severed; payload is 16 bytes user data. */
    public static final int SEVERED = FrameType.SEVERED;
    /** Event: quiesced; payload is 16 bytes user data. */
    public static final int QUIESCED = FrameType.QUIESCED;
    /** Event: resumed; payload is 16 bytes user data. */
    public static final int RESUMED = FrameType.RESUMED;
    /** Event: the machine is logged off. */
    public static final int LOGOFF = FrameType.LOGOFF;
    /** Event: the machine is logged on. */
    public static final int IPL = 300;
    /** Event: no reply before the deadline; message id is the send's. */
    public static final int REPLY_TIMEOUT = 301;
    /** Event: run the execute action registered under the correlation id (message id). */
    public static final int EXEC = 302;
    /** Answer to an RPC: aux is the status. */
    public static final int RPC_RESULT = 303;

    // ------------------------------------------------------------ process to Supervisor, connector 1
    /** trySendSmsg: payload is the target's packed name then the text (UTF-8). */
    public static final int RPC_SMSG = 310;
    /** iucvSend / iucvSendTwoWay (flag); aux is the reply timeout in ns; payload is the message. */
    public static final int RPC_SEND = 311;
    /** reply(path, messageId); payload is the reply. */
    public static final int RPC_REPLY = 312;
    /** severPath; payload is 16 bytes user data. */
    public static final int RPC_SEVER = 313;
    /** quiesce; payload is 16 bytes user data. */
    public static final int RPC_QUIESCE = 314;
    /** resume; payload is 16 bytes user data. */
    public static final int RPC_RESUME = 315;
    /** End of a session. aux: 1 accept / 0 refuse for PENDING; flags {@link #DONE_THREW} with the message as payload. */
    public static final int DONE = 319;
    /** DONE flag: the handler threw; the payload is what it threw. */
    public static final int DONE_THREW = 4;

    // ------------------------------------------------------------ API, connectors 2 and 3
    /** IPL the machine with the token. */
    public static final int API_IPL = 320;
    /** LOGOFF the machine. */
    public static final int API_LOGOFF = 321;
    /** SMSG from the machine; payload is the target's packed name then the text. */
    public static final int API_SMSG = 322;
    /** CONNECT from the machine; aux is msglim; payload is the target's packed name then 16 bytes user data. */
    public static final int API_CONNECT = 323;
    /** SEVER the path; payload is 16 bytes user data. */
    public static final int API_SEVER = 324;
    /** Run an EXEC session on the machine, correlation id = exec id. */
    public static final int API_EXECUTE = 325;
    /** QUERY NAMES. */
    public static final int API_QUERY_NAMES = 326;
    /** QUERY PATHS. */
    public static final int API_QUERY_PATHS = 327;
    /** SHUTDOWN. */
    public static final int API_SHUTDOWN = 328;
    /** Answer: aux is the return code, path the path; payload is the error text or the query lines. */
    public static final int API_RESPONSE = 340;

    private RelayRecordType()
    {
    }
}
