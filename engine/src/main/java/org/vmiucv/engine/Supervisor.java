package org.vmiucv.engine;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

import org.vmiucv.engine.system.EmbeddedSystem;
import org.vmiucv.engine.system.SystemOptions;

/**
 * The control program (CP) as seen by a process: log machines on and off, connect and sever paths, query.
 * <p>
 * Every method may block for a bounded time and throws {@link IucvException} with a return code when the
 * operation is refused. Do not call the blocking methods from a handler callback: use {@link #connectAsync}.
 * The same interface is served by the embedded system ({@link #embedded()}) and by a process attached to a
 * shared-memory system.
 */
public interface Supervisor extends AutoCloseable
{
    /**
     * @return a whole system inside this JVM, with default options.
     */
    static Supervisor embedded()
    {
        return EmbeddedSystem.start(new SystemOptions());
    }

    /**
     * @param options sizes, timeouts and idle strategy.
     * @return a whole system inside this JVM.
     */
    static Supervisor embedded(final SystemOptions options)
    {
        return EmbeddedSystem.start(options);
    }

    /**
     * Log a machine on (IPL) in this process; returns after its {@code onIpl} ran.
     *
     * @param name    machine name.
     * @param handler its behaviour.
     * @throws IucvException 8 if the name is taken, 24 if it is invalid, 44 if no space, 32 if the CP is down.
     */
    void ipl(MachineId name, MachineHandler handler) throws IucvException;

    /**
     * Log a machine off: its paths are severed (peers are told), then it gets {@code onLogoff}.
     *
     * @param name machine name.
     * @throws IucvException 12 if not logged on, 28 if its handler had thrown, 32 if the CP is down.
     */
    void logoff(MachineId name) throws IucvException;

    /**
     * Send an SMSG on behalf of a machine.
     *
     * @param from the sender (need not be logged on, e.g. an operator name).
     * @param to   the target.
     * @param text the text.
     * @throws IucvException 12 if the target is not logged on, 20 if its inbox is full.
     */
    void smsg(MachineId from, MachineId to, SmsgText text) throws IucvException;

    /**
     * CONNECT and wait for the target's decision.
     *
     * @param from    the initiating machine, logged on.
     * @param to      the target.
     * @param options msglim and user data.
     * @return the established path.
     * @throws IucvException 40 if refused, 12 if either machine is not logged on.
     */
    PathId connect(MachineId from, MachineId to, ConnectOptions options) throws IucvException;

    /**
     * CONNECT with default options and wait for the target's decision.
     *
     * @param from the initiating machine.
     * @param to   the target.
     * @return the established path.
     * @throws IucvException 40 if refused, 12 if either machine is not logged on.
     */
    default PathId connect(final MachineId from, final MachineId to) throws IucvException
    {
        return connect(from, to, ConnectOptions.DEFAULT);
    }

    /**
     * CONNECT without waiting; safe from a handler.
     *
     * @param from    the initiating machine.
     * @param to      the target.
     * @param options msglim and user data.
     * @return completes with the path, or exceptionally with an {@link IucvException}.
     */
    CompletableFuture<PathId> connectAsync(MachineId from, MachineId to, ConnectOptions options);

    /**
     * SEVER a path; both ends are told.
     *
     * @param path     the path.
     * @param userData carried to the ends.
     * @throws IucvException 36 if the path does not exist (or was already severed).
     */
    void sever(PathId path, UserData userData) throws IucvException;

    /**
     * SEVER a path on behalf of one of its ends, as that end's handler would: only the other end is told (the seed
     * crate's {@code sever(path, machine)}).
     *
     * @param path     the path.
     * @param by       the end that severs; it gets no {@code onConnectionSevered}.
     * @param userData carried to the other end.
     * @throws IucvException 36 if the path does not exist or {@code by} is not one of its ends, 12 if {@code by} is
     *                       not logged on.
     */
    void sever(PathId path, MachineId by, UserData userData) throws IucvException;

    /**
     * SEVER a path without user data.
     *
     * @param path the path.
     * @throws IucvException 36 if the path does not exist.
     */
    default void sever(final PathId path) throws IucvException
    {
        sever(path, UserData.EMPTY);
    }

    /**
     * Run an action on the agent thread of a machine hosted by this process, with that machine's context: the way
     * to send from outside a callback (a main method, a test, a command line).
     *
     * @param machine a machine IPLed by this process.
     * @param action  what to do; runs between callbacks, never concurrently with them, after the machine has been
     *                given what was already in its inbox (so a path whose CONNECT returned is known to it).
     * @param <T>     the result type.
     * @return completes with the action's result, or exceptionally with an {@link IucvException} (12 if the
     * machine is not hosted here) or with what the action threw.
     */
    <T> CompletableFuture<T> execute(MachineId machine, Function<MachineContext, T> action);

    /**
     * @return QUERY NAMES: the machines logged on, by name.
     * @throws IucvException 32 if the CP is down.
     */
    List<MachineInfo> queryNames() throws IucvException;

    /**
     * @return QUERY PATHS: the paths pending or established.
     * @throws IucvException 32 if the CP is down.
     */
    List<PathInfo> queryPaths() throws IucvException;

    /**
     * Stop the system: every machine is logged off. Later operations fail with 32.
     *
     * @throws IucvException 32 if already down.
     */
    void shutdown() throws IucvException;

    /**
     * Release this process's resources; for the embedded system, shuts it down.
     */
    void close();
}
