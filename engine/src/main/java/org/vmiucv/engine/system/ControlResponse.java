package org.vmiucv.engine.system;

import org.vmiucv.engine.IucvException;
import org.vmiucv.engine.ReturnCode;

/**
 * The CP's answer to a control request.
 *
 * @param rc      return code.
 * @param path    packed path id, for CONNECT and SEVER.
 * @param auxInt  slot, for REGISTER and IPL.
 * @param auxLong generation, for IPL.
 * @param text    detail of a refusal, or the inbox file name for IPL.
 */
record ControlResponse(int rc, long path, int auxInt, long auxLong, String text)
{
    /**
     * @return this, if it is OK.
     * @throws IucvException carrying the code and text otherwise.
     */
    ControlResponse orThrow() throws IucvException
    {
        if (rc != 0)
        {
            throw new IucvException(ReturnCode.of(rc), text);
        }
        return this;
    }
}
