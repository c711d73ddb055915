package org.vmiucv.engine;

/**
 * One line of QUERY PATHS.
 *
 * @param path      the path id.
 * @param state     PENDING or ESTABLISHED.
 * @param initiator the machine that connected.
 * @param target    the machine that accepted.
 * @param msglim    the message limit.
 * @param quiesced  which ends have quiesced: "", "initiator", "target" or "both".
 * @param sentAtoB  messages sent initiator to target.
 * @param sentBtoA  messages sent target to initiator.
 * @param pidA      pid of the initiator's process.
 * @param pidB      pid of the target's process.
 */
public record PathInfo(PathId path, String state, MachineId initiator, MachineId target, int msglim,
    String quiesced, long sentAtoB, long sentBtoA, long pidA, long pidB)
{
}
