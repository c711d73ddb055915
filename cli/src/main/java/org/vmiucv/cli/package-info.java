/**
 * The {@code iucv} command: one picocli subcommand per CP function ({@code supervisor}, {@code ipl}, {@code smsg},
 * {@code connect}, {@code sever}, {@code query}, {@code logoff}, {@code shutdown}), a live counter view
 * ({@code stat}), the XFL stage runner ({@code stage}) and a self-contained tour ({@code demo}).
 * <p>
 * Conventions: every subcommand takes {@code --system S} (default VM1) and finds the system under
 * {@code $IUCV_DIR} (default {@code /dev/shm/vmiucv-$USER}); machine names are case-insensitive; each line that
 * reports an action carries {@code pid=N} of the acting process; the exit status is 0 on success, the return code
 * (8 to 44) when the CP refuses, with its {@code DMSIUCnnnE} message on stderr, and 1 for usage errors.
 */
package org.vmiucv.cli;
