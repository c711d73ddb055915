package org.vmiucv.engine.testkit;

import org.vmiucv.engine.IucvException;
import org.vmiucv.engine.Supervisor;

/**
 * A running system under test, as a transport provides it: a control-plane client in the test JVM and at least
 * two hosts (threads in process, or separate processes) that can IPL {@link CollectorHandler} machines.
 */
public interface TestSystem extends AutoCloseable
{
    /**
     * @return the control plane, used from the test thread.
     */
    Supervisor supervisor();

    /**
     * @return how many hosts machines can be placed on (at least 2).
     */
    int hosts();

    /**
     * @param host host index.
     * @return pid of the process running that host.
     */
    long hostPid(int host);

    /**
     * IPL a collector machine on a host.
     *
     * @param name machine name.
     * @param host host index.
     * @param spec {@link CollectorHandler} behaviour spec, "" for plain recording.
     * @return the machine.
     * @throws IucvException if the IPL is refused.
     */
    TestMachine ipl(String name, int host, String spec) throws IucvException;

    /**
     * IPL a plain collector machine.
     *
     * @param name machine name.
     * @param host host index.
     * @return the machine.
     * @throws IucvException if the IPL is refused.
     */
    default TestMachine ipl(final String name, final int host) throws IucvException
    {
        return ipl(name, host, "");
    }

    /**
     * Stop everything this system started.
     */
    void close();
}
