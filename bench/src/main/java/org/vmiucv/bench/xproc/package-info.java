/**
 * Cross-process measurements run side by side in one process tree: the IUCV ping-pong and SMSG stream of the shm
 * transport against a raw Agrona ring ping-pong and stream between two processes over a mapped file.
 */
package org.vmiucv.bench.xproc;
