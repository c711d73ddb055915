/**
 * JMH versions of the cross-process subjects of {@link org.vmiucv.bench.xproc}: the peers run in child JVMs
 * started in {@code @Setup(Level.Trial)} and killed by their handles in {@code @TearDown(Level.Trial)}; the
 * measured operation is one round trip ({@code Mode.SampleTime}, for percentiles).
 * <ul>
 *     <li>{@link org.vmiucv.bench.jmhx.IucvPingPongBenchmark}: a 32-byte IUCV SEND from PING (this JVM) to ECHO
 *     (the {@link org.vmiucv.bench.xproc.IucvPeer} process) and back, through a Supervisor process over the shm
 *     transport.</li>
 *     <li>{@link org.vmiucv.bench.jmhx.RawRingPingPongBenchmark}: the same 32-byte echo over two raw Agrona rings
 *     in a mapped file served by {@link org.vmiucv.bench.xproc.RawRingPeer}: the floor under the first.</li>
 * </ul>
 * Run with e.g. {@code java -jar bench/target/benchmarks.jar -f 1 -wi 2 -w 2s -i 3 -r 2s jmhx}.
 */
package org.vmiucv.bench.jmhx;
