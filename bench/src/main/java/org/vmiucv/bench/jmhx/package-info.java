/**
 * JMH versions of the cross-process subjects of {@link org.vmiucv.bench.xproc}: the peers run in child JVMs
 * started in {@code @Setup(Level.Trial)} and stopped through their {@code Process} handles in
 * {@code @TearDown(Level.Trial)}. Round trips use {@code Mode.SampleTime} (percentiles), one-way streams
 * {@code Mode.Throughput} (messages the consumer actually received per second). Payloads are a {@code payload}
 * parameter: 32, 1024 and 65535 bytes (65,535 is the IUCV maximum; XFL 32 and 1024).
 * <ul>
 *     <li>{@link org.vmiucv.bench.jmhx.IucvPingPongBenchmark}: IUCV SEND from PING to ECHO (an
 *     {@link org.vmiucv.bench.xproc.IucvPeer} process) and back over shm, with a Supervisor process; the JMH
 *     thread is PING's host ({@code SystemOptions.hostInvoker}), so nothing is handed between threads.</li>
 *     <li>{@link org.vmiucv.bench.jmhx.SmsgStreamBenchmark}: SMSG one-way from SRC (JMH thread) to SINK in a
 *     {@link org.vmiucv.bench.jmhx.SmsgSinkPeer} process, credit-windowed by a mapped counter.</li>
 *     <li>{@link org.vmiucv.bench.jmhx.XflIucvPingPongBenchmark}: the IUCV ping-pong over the XFL transport.</li>
 *     <li>Peers: {@link org.vmiucv.bench.jmhx.FloorPingPongBenchmark} (cache-line ping-pong, the floor),
 *     {@link org.vmiucv.bench.jmhx.RawRingPingPongBenchmark} and {@link org.vmiucv.bench.jmhx.RawRingStreamBenchmark}
 *     (raw Agrona one-to-one and many-to-one rings), {@link org.vmiucv.bench.jmhx.AeronIpcPingPongBenchmark}
 *     (Aeron IPC: driver and pong in their own JVMs, the ping in this fork behind an isolated class loader),
 *     {@link org.vmiucv.bench.jmhx.AeronIpcStreamBenchmark} (Aeron IPC one-way: driver and sink in their own JVMs,
 *     the source in this fork behind the isolated loader, credit-windowed by a mapped counter),
 *     {@link org.vmiucv.bench.jmhx.ChronicleQueuePingPongBenchmark} and
 *     {@link org.vmiucv.bench.jmhx.PipePingPongBenchmark}.</li>
 * </ul>
 * Run with e.g. {@code java -jar bench/target/benchmarks.jar -f 1 -wi 2 -w 2s -i 3 -r 3s -p payload=32 jmhx}.
 */
package org.vmiucv.bench.jmhx;
