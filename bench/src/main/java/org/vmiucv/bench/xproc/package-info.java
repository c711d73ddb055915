/**
 * The cross-process suite behind {@code iucv bench} ({@link org.vmiucv.bench.xproc.BenchSuite}): our IUCV
 * ping-pong and SMSG streaming over the shm transport, measured round by round against a cache-line floor, raw
 * Agrona rings, Aeron IPC, Chronicle Queue, Java pipes, the XFL record protocol and our IUCV over the XFL
 * transport, each {@code Subject} with its
 * peer processes, and the JSON, Markdown and SVG outputs ({@code Report}, {@code SvgPlot}).
 */
package org.vmiucv.bench.xproc;
