/**
 * The Aeron IPC peer of the cross-process suite: a ping and a pong process on {@code aeron:ipc} next to a media
 * driver. These classes run only in their own JVMs with a class path of aeron-all 1.51.0 (which bundles Agrona
 * 2.4.1) and the jar holding this package; they use nothing else of the bench module.
 */
package org.vmiucv.bench.aeron;
