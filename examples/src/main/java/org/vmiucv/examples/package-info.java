/**
 * Runnable examples of the vm-iucv API, each a {@code main} that prints a readable transcript and exits 0.
 * <p>
 * Every example is written as {@code run(Supervisor cp, PrintStream out)}: {@code main} starts an embedded system
 * ({@link org.vmiucv.engine.Supervisor#embedded()}), calls {@code run} and closes the system, so the same example
 * can be pointed at a system shared by several processes. Each one waits for events with deadlines, never by
 * sleeping, and logs its machines off before it returns.
 * <ul>
 *   <li>{@link org.vmiucv.examples.HelloSmsg}: one SMSG between two machines.</li>
 *   <li>{@link org.vmiucv.examples.EchoServer}: an ECHO machine answering SMSGs and two-way IUCV messages.</li>
 *   <li>{@link org.vmiucv.examples.MultiMachinePipeline}: PRODUCER, XFORM, SINK over two paths, with msglim
 *       backpressure.</li>
 *   <li>{@link org.vmiucv.examples.ConnectionGating}: a machine that accepts connections only from an allowlist.</li>
 *   <li>{@link org.vmiucv.examples.IucvChat}: three machines chatting over IUCV, with QUIESCE, RESUME and SEVER.</li>
 * </ul>
 */
package org.vmiucv.examples;
