/**
 * Java versions of the POSIX Pipelines reference stages and their launch glue.
 *
 * <p>A launcher such as {@code pipe 'literal hi | console'} starts each stage with the environment
 * variable {@code PIPECONN} naming its inherited connector fds; {@link org.vmiucv.xfl.stage.PipeConn}
 * parses it, {@link org.vmiucv.xfl.stage.StageContext} opens the connectors, and
 * {@link org.vmiucv.xfl.stage.StageMain} runs a stage by name ({@code ./iucv stage NAME [ARGS]}).
 * The stages: {@code literal}, {@code console}, {@code reverse}, {@code count}, {@code hole}.
 */
package org.vmiucv.xfl.stage;
