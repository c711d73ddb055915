/**
 * The shared-memory transport: machines in separate JVM processes talk through Agrona ring buffers in
 * memory-mapped files, and a Supervisor process (the CP) owns the machine directory and the path tables.
 * <p>
 * Each system is a private directory {@code ${IUCV_DIR:-/dev/shm/vmiucv-$USER}/<SYSTEM>} (mode 0700, files
 * 0600) holding the Supervisor's tables, its control ring, one response ring per client and one inbox ring per
 * machine; {@link org.vmiucv.shm.MappedNamespace} creates, maps and reference-counts those files and is the
 * {@link org.vmiucv.engine.system.Namespace} the engine's conductor and machine hosts run over, exactly as the
 * embedded system runs them over heap buffers. Every file starts with the engine's file header, whose version is
 * written last, so a process that opens a file another one is still initialising can tell.
 * <p>
 * Files are filled with zeros when created: tmpfs allocates memory only when a page is first written, and a
 * mapping whose page cannot be allocated later kills the process with SIGBUS; reserving up front turns a full
 * {@code /dev/shm} into a clear error at create time instead.
 */
package org.vmiucv.shm;
