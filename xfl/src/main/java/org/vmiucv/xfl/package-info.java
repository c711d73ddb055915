/**
 * The POSIX Pipelines (XFL 1.0.x) record protocol, byte-exact with the public C implementation.
 *
 * <p>A connector is two pipes: <b>data</b> (producer to consumer) and <b>ctrl</b> (consumer to
 * producer). The consumer drives with four 4-byte commands written in one {@code write} each:
 *
 * <pre>
 *   producer                                   consumer
 *   read(ctrl)  &lt;----------- "STAT" ----------- write(ctrl)
 *   write(data) ----------- "12\0" -----------&gt; read(data)        length in ASCII decimal + NUL
 *   read(ctrl)  &lt;----------- "PEEK" ----------- write(ctrl)
 *   write(data) ------- 12 raw bytes ---------&gt; read(data)        nothing for length 0
 *   read(ctrl)  &lt;----------- "NEXT" ----------- write(ctrl)       no answer: output() returns
 *   read(ctrl)  &lt;----------- "QUIT" ----------- write(ctrl)       no answer: consumer severs
 * </pre>
 *
 * <p>{@link org.vmiucv.xfl.XflProducer} and {@link org.vmiucv.xfl.XflConsumer} are the two ends;
 * {@link org.vmiucv.xfl.XflConnectors} opens them from inherited file descriptor numbers or from
 * named FIFOs; {@link org.vmiucv.xfl.XflContext} carries the options (maximum record length,
 * spin-before-block). On the data plane the ends return small negative status codes
 * ({@link org.vmiucv.xfl.XflStatus}); a peer that breaks the protocol gets an
 * {@link org.vmiucv.xfl.XflProtocolException} naming the bytes received and what was allowed.
 */
package org.vmiucv.xfl;
