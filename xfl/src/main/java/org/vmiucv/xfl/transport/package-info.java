/**
 * The engine over XFL connectors on named FIFOs: the "relay" topology.
 *
 * <p>The Supervisor process ({@link org.vmiucv.xfl.transport.XflSupervisorProcess}) runs the whole engine in its
 * own heap: the unchanged CP conductor, and one host thread per attached process. A machine IPLed by another
 * process is represented there by a <i>proxy</i> handler. Every callback of the proxy runs a synchronous
 * <i>session</i> with the owning process over XFL: an event record goes out, the process's handler runs, its
 * {@link org.vmiucv.engine.MachineContext} calls come back as RPC records executed on the real context (so msglim,
 * quiesce and back pressure are the engine's own), and a DONE record ends the session. The control-plane API of a
 * process is an RPC over a second pair of connectors, multiplexed by correlation id.
 *
 * <pre>
 *   process P (XflSystem.attach)                      Supervisor process (XflSupervisorProcess)
 *   event loop  &lt;==== 0: events + RPC results ====   host thread of P  (proxy callbacks, execute)
 *   handlers    ===== 1: RPC requests + DONE   ====&gt;
 *   API callers ===== 2: API requests          ====&gt;  API reader of P   (EmbeddedSystem API)
 *   API reader  &lt;==== 3: API responses         ====
 * </pre>
 *
 * <p>Rendezvous: P creates the eight FIFOs {@code xfl-<key>-<n>.data|.ctrl} (mode 0600) in the system's directory,
 * then the file {@code xfl-<key>.hello}; the Supervisor polls for hello files and opens connector 0 to 3 in that
 * order, each data FIFO before its ctrl FIFO, as P does, then unlinks the files. End of file on a connector means
 * the peer process died: the Supervisor logs its machines off (peers get SEVERED); a process sees
 * {@link org.vmiucv.engine.ReturnCode#SUPERVISOR_DOWN}.
 */
package org.vmiucv.xfl.transport;
