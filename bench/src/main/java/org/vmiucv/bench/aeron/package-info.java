/**
 * The Aeron IPC peer of the benchmarks: ping and pong on {@code aeron:ipc} next to a media driver. These classes
 * are compiled against aeron-all 1.51.0 (which bundles Agrona 2.4.1) and use nothing else of the bench module. They
 * run either in JVMs of their own with a class path of aeron-all and the jar holding this package (the suite's
 * {@code AeronPeer}, the JMH benchmark's driver and {@link org.vmiucv.bench.aeron.AeronPong}), or, for the JMH ping
 * ({@link org.vmiucv.bench.aeron.AeronPing}), inside the JMH fork behind an isolated class loader whose parent is
 * the platform loader, reached only through JDK interfaces, so the fork's own Agrona 2.6.0 is never mixed with
 * Aeron's.
 */
package org.vmiucv.bench.aeron;
