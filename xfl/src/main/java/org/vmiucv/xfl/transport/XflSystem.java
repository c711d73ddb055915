package org.vmiucv.xfl.transport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;

import org.vmiucv.engine.IucvException;
import org.vmiucv.engine.ReturnCode;
import org.vmiucv.engine.system.SystemLog;
import org.vmiucv.engine.system.SystemOptions;
import org.vmiucv.xfl.Fifos;
import org.vmiucv.xfl.XflContext;

/**
 * Attach this process to an XFL system run by an {@link XflSupervisorProcess}: the same
 * {@link org.vmiucv.engine.Supervisor} API as the other transports; machines IPLed here run their handlers here.
 */
public final class XflSystem
{
    private XflSystem()
    {
    }

    /**
     * Attach to a system under the default base directory.
     *
     * @param system system name.
     * @return the client; close it to detach.
     * @throws IucvException 32 if no XFL Supervisor runs that system.
     */
    public static XflClient attach(final String system) throws IucvException
    {
        return attach(XflNamespace.defaultBase(), system, new SystemOptions(), SystemLog.NONE);
    }

    /**
     * Attach to a system with default connector options.
     *
     * @param base    base directory.
     * @param system  system name.
     * @param options timeouts ({@link SystemOptions#controlTimeoutMs()} bounds every blocking call).
     * @param log     where to report.
     * @return the client; close it to detach.
     * @throws IucvException 32 if no XFL Supervisor runs that system, 24 for an invalid name, 44 if the FIFOs
     *                       cannot be created.
     */
    public static XflClient attach(final Path base, final String system, final SystemOptions options,
        final SystemLog log) throws IucvException
    {
        return attach(base, system, options, new XflContext(), log);
    }

    /**
     * Attach to a system.
     *
     * @param base    base directory.
     * @param system  system name.
     * @param options timeouts.
     * @param context XFL connector options (spin-then-block, record size).
     * @param log     where to report.
     * @return the client; close it to detach.
     * @throws IucvException as {@link #attach(Path, String, SystemOptions, SystemLog)}, and 24 if the options ask
     *                       for {@link SystemOptions#hostInvoker(boolean)}: an XFL client runs its machines on an
     *                       event thread of its own.
     */
    public static XflClient attach(final Path base, final String system, final SystemOptions options,
        final XflContext context, final SystemLog log) throws IucvException
    {
        if (options.hostInvoker())
        {
            throw new IucvException(ReturnCode.INVALID_PARAMETER, "the XFL transport has no host invoker: its " +
                "client runs the machines on an event thread of its own; attach without hostInvoker(true)");
        }
        try
        {
            XflNamespace.validateSystemName(system);
        }
        catch (final IllegalArgumentException ex)
        {
            throw new IucvException(ReturnCode.INVALID_PARAMETER, ex.getMessage());
        }
        final Path dir = base.toAbsolutePath().normalize().resolve(system);
        final String start = " (start one with: iucv supervisor --transport xfl --system " + system + ")";
        if (!Files.isDirectory(dir))
        {
            throw new IucvException(ReturnCode.SUPERVISOR_DOWN, "no system " + system + " in " + base + start);
        }
        final long supervisorPid = XflNamespace.livingSupervisor(dir);
        if (0 == supervisorPid)
        {
            throw new IucvException(ReturnCode.SUPERVISOR_DOWN, "no XFL Supervisor runs system " + system + " in " +
                dir + start);
        }
        final String key = ProcessHandle.current().pid() + "." +
            Long.toHexString(ThreadLocalRandom.current().nextLong(1L << 32, 1L << 48));
        try
        {
            for (int c = 0; c < XflNamespace.CONNECTORS; c++)
            {
                Fifos.create(XflNamespace.dataFifo(dir, key, c));
                Fifos.create(XflNamespace.ctrlFifo(dir, key, c));
            }
            XflNamespace.writePrivate(dir.resolve(XflNamespace.helloName(key)), "");
        }
        catch (final IOException ex)
        {
            XflNamespace.deleteClientFiles(dir, key);
            throw new IucvException(ReturnCode.RESOURCES_EXHAUSTED, "cannot create the XFL FIFOs of this process in " +
                dir + ": " + ex.getMessage());
        }
        final RelayConnectors conn;
        try
        {
            conn = RelayConnectors.open(dir, key, false, context.conclude(),
                Math.max(10_000, options.controlTimeoutMs()),
                () -> ProcessHandle.of(supervisorPid).map(ProcessHandle::isAlive).orElse(false));
        }
        catch (final IOException | RuntimeException ex)
        {
            XflNamespace.deleteClientFiles(dir, key);
            throw new IucvException(ReturnCode.SUPERVISOR_DOWN, "the XFL Supervisor (pid " + supervisorPid +
                ") of system " + system + " did not take the connection: " + ex.getMessage());
        }
        log.log("attached to XFL system " + system + " in " + dir + " (Supervisor pid " + supervisorPid + ")");
        return new XflClient(dir, key, supervisorPid, options, log, conn);
    }
}
