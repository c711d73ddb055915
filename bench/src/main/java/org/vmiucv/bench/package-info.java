/**
 * JMH benchmarks of the engine's data plane.
 * <p>
 * Two kinds live here:
 * <ul>
 *     <li><b>Dispatch through the real engine</b>: an embedded system with busy-spinning agents, a sender and a
 *     receiver machine, and a self-driving exchange between them ({@link org.vmiucv.bench.SmsgOneWayBenchmark},
 *     {@link org.vmiucv.bench.IucvOneWayBenchmark}, {@link org.vmiucv.bench.IucvRoundTripBenchmark}). The
 *     benchmark thread never sends: a {@link org.vmiucv.engine.MachineContext} is valid only on its machine's
 *     agent thread, and going through {@code Supervisor.execute} would allocate a future per call. Instead the
 *     machines drive themselves from their own callbacks and publish progress in a
 *     {@link org.vmiucv.bench.ProgressCounter}; the benchmark thread only waits for the counter to advance by one
 *     batch. With {@code -prof gc} the allocation figure (JMH 1.37 sums every thread of the fork) is therefore that
 *     of the engine's send, receive and dispatch path plus its idle agents, divided by the messages delivered.</li>
 *     <li><b>Baselines</b>: the frame header flyweight ({@link org.vmiucv.bench.FrameFlyweightBenchmark}) and a raw
 *     Agrona {@code ManyToOneRingBuffer} write and read of 32 bytes ({@link org.vmiucv.bench.RingBufferBenchmark}),
 *     the floor under every dispatch figure; and the XFL record protocol's codec with a whole producer to consumer
 *     record exchange over in-memory pipes ({@link org.vmiucv.bench.XflCodecBenchmark}), the floor under the XFL
 *     pipe transport.</li>
 * </ul>
 * Every fork runs with {@code --add-opens java.base/jdk.internal.misc=ALL-UNNAMED} (Agrona 2.x) and
 * {@code -Dagrona.disable.bounds.checks=true}. Busy spinning is for benchmarks only, never for tests.
 */
package org.vmiucv.bench;
