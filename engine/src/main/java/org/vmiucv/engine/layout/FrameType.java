package org.vmiucv.engine.layout;

/**
 * Message type ids of frames (the ring buffer's msgTypeId, or the first int of an XFL record).
 * <p>
 * Data frames travel from machine to machine; control frames go to the Supervisor on the control ring, from it
 * to a machine's inbox, or to a client's response ring.
 */
public final class FrameType
{
    /** SMSG: payload is the sender's packed name (8 bytes) then ASCII text. */
    public static final int SMSG = 1;
    /** IUCV message: payload is the message. */
    public static final int DATA = 2;
    /** IUCV reply: message id is that of the message answered. */
    public static final int REPLY = 3;

    /** To a target: connection pending. */
    public static final int PENDING = 10;
    /** To both ends: connection complete. */
    public static final int COMPLETE = 11;
    /** To an end: path severed. */
    public static final int SEVERED = 12;
    /** To an end: the peer quiesced. */
    public static final int QUIESCED = 13;
    /** To an end: the peer resumed. */
    public static final int RESUMED = 14;
    /** To a machine: log off now. */
    public static final int LOGOFF = 15;

    /** Client to CP: register this process. */
    public static final int REGISTER_REQ = 100;
    /** Client to CP: log a machine on. */
    public static final int IPL_REQ = 101;
    /** Client to CP: log a machine off. */
    public static final int LOGOFF_REQ = 102;
    /** Host to CP: a machine has finished logging off. */
    public static final int LOGOFF_DONE = 103;
    /** Client to CP: connect. */
    public static final int CONNECT_REQ = 104;
    /** Host to CP: the target accepted. */
    public static final int ACCEPT = 105;
    /** Host to CP: the target refused. */
    public static final int REFUSE = 106;
    /** Client or host to CP: sever. */
    public static final int SEVER_REQ = 107;
    /** Host to CP: quiesce. */
    public static final int QUIESCE_REQ = 108;
    /** Host to CP: resume. */
    public static final int RESUME_REQ = 109;
    /** Host to CP: a handler threw. */
    public static final int PANIC = 110;
    /** Client to CP: shut the system down. */
    public static final int SHUTDOWN_REQ = 111;
    /** Client to CP: this process is leaving. */
    public static final int UNREGISTER_REQ = 112;
    /**
     * Host to CP, only while the data trace is on: metadata of one SMSG, DATA or REPLY just sent. Aux int: the
     * traced type; name: the receiver; aux long: the length; text: the first bytes.
     */
    public static final int DATA_TRACE = 113;

    /** CP to client: the answer to a request, correlated by id. */
    public static final int RESPONSE = 200;

    private FrameType()
    {
    }

    /**
     * @param type a type id.
     * @return its name, for traces and errors.
     */
    public static String name(final int type)
    {
        switch (type)
        {
            case SMSG: return "SMSG";
            case DATA: return "DATA";
            case REPLY: return "REPLY";
            case PENDING: return "PENDING";
            case COMPLETE: return "COMPLETE";
            case SEVERED: return "SEVERED";
            case QUIESCED: return "QUIESCED";
            case RESUMED: return "RESUMED";
            case LOGOFF: return "LOGOFF";
            case REGISTER_REQ: return "REGISTER";
            case IPL_REQ: return "IPL";
            case LOGOFF_REQ: return "LOGOFF_REQ";
            case LOGOFF_DONE: return "LOGOFF_DONE";
            case CONNECT_REQ: return "CONNECT";
            case ACCEPT: return "ACCEPT";
            case REFUSE: return "REFUSE";
            case SEVER_REQ: return "SEVER";
            case QUIESCE_REQ: return "QUIESCE";
            case RESUME_REQ: return "RESUME";
            case PANIC: return "PANIC";
            case SHUTDOWN_REQ: return "SHUTDOWN";
            case UNREGISTER_REQ: return "UNREGISTER";
            case DATA_TRACE: return "DATA_TRACE";
            case RESPONSE: return "RESPONSE";
            default: return "TYPE" + type;
        }
    }
}
