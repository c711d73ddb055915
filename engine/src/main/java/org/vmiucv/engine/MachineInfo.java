package org.vmiucv.engine;

/**
 * One line of QUERY NAMES.
 *
 * @param name     machine name.
 * @param state    state (ACTIVE, LOGGING_OFF, PANICKED).
 * @param pid      pid of the process hosting it.
 * @param slot     slot in the machine directory.
 * @param received frames received (SMSG and IUCV).
 * @param sent     frames sent (SMSG and IUCV).
 * @param dropped  frames dropped at this machine: invalid frames received plus SMSGs it could not deliver.
 */
public record MachineInfo(MachineId name, String state, long pid, int slot, long received, long sent, long dropped)
{
}
