/**
 * The scale benchmark of issue 6 ({@link org.vmiucv.bench.scale.ScaleBench}): IUCV round trips on one path while
 * 1,000 machines spread over 4 host processes hold 10,000 paths, side by side with a fresh small system; connect
 * latency across processes; and the memory one machine and one path cost (RSS of the hosts, /dev/shm bytes).
 * {@link org.vmiucv.bench.scale.ScaleHost} is the host process it starts, driven over its stdin and stdout.
 */
package org.vmiucv.bench.scale;
