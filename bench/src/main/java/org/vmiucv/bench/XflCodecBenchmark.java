package org.vmiucv.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import org.vmiucv.xfl.XflCommand;
import org.vmiucv.xfl.XflConsumer;
import org.vmiucv.xfl.XflContext;
import org.vmiucv.xfl.XflProducer;
import org.vmiucv.xfl.XflStatAnswer;
import org.vmiucv.xfl.XflStatus;

/**
 * The XFL record protocol's codec, per record, in one thread and without pipes: each benchmark encodes and then
 * decodes what it encoded, so the JIT cannot drop either half.
 * <ul>
 *     <li>{@link #commands}: the three 4-byte ctrl words of a record (STAT, PEEK, NEXT), encoded and decoded.</li>
 *     <li>{@link #statAnswerC}: the producer's STAT answer in the C form {@code <digits>\0}, formatted and parsed.</li>
 *     <li>{@link #statAnswerData}: the tolerant {@code DATA <length> <seq>\n} form, written and parsed.</li>
 *     <li>{@link #recordFrame}: the bytes of one record on the data pipe (answer then body), framed into a wire
 *     buffer and taken back out into a record buffer.</li>
 *     <li>{@link #exchange}: a whole record exchange, {@link XflProducer#output} then
 *     {@link XflConsumer#readto(ByteBuffer)}, over two {@link MemoryPipe}s: the real ends, in the pipelined
 *     sequence, with everything but the system calls.</li>
 * </ul>
 * The payload matters for the last four, which run with 32 B and 1 KiB records ({@link Payload}).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {
    "--add-opens", "java.base/jdk.internal.misc=ALL-UNNAMED", "-Dagrona.disable.bounds.checks=true"})
public class XflCodecBenchmark
{
    private static final int MAX_RECORD_LENGTH = XflContext.DEFAULT_MAX_RECORD_LENGTH;
    private static final byte[] DATA_PREFIX = {'D', 'A', 'T', 'A', ' '};

    private final XflCommand[] perRecord = {XflCommand.STAT, XflCommand.PEEK, XflCommand.NEXT};
    private final byte[] ctrlWire = new byte[perRecord.length * XflCommand.LENGTH];
    private final byte[] answer = new byte[64];
    private int sequence;

    /**
     * The record payload, shared by the benchmarks where its length matters.
     */
    @State(Scope.Thread)
    public static class Payload
    {
        /** Record length in bytes. */
        @Param({"32", "1024"})
        public int length;

        byte[] record;
        byte[] wire;
        byte[] received;

        /**
         * Fill a record of {@link #length} bytes and the buffers that frame and receive it.
         */
        @Setup(Level.Trial)
        public void setUp()
        {
            record = new byte[length];
            for (int i = 0; i < length; i++)
            {
                record[i] = (byte)('a' + i % 26);
            }
            wire = new byte[XflStatAnswer.MAX_FORMATTED_LENGTH + length];
            received = new byte[length];
        }
    }

    /**
     * A producer and a consumer joined by two in-memory pipes, already past the first (unpipelined) record.
     *
     * <p>Both ends block on their pipes, so they cannot take turns on one thread within a record. They take turns
     * between records instead: the ctrl pipe is primed with the first record's STAT, PEEK and NEXT, as if the
     * consumer had written them early. Then each round, {@link XflProducer#output} answers those three commands
     * (STAT answer and body on data) and returns, and {@link XflConsumer#readto(ByteBuffer)} reads them and writes
     * the next record's STAT, PEEK and NEXT. The bytes on both pipes are exactly those of a real exchange.
     */
    @State(Scope.Thread)
    public static class Exchange
    {
        private static final int DATA_PIPE_CAPACITY = 4 * XflContext.INTEROP_MAX_RECORD_LENGTH;
        private static final int CTRL_PIPE_CAPACITY = 256;

        XflProducer producer;
        XflConsumer consumer;
        ByteBuffer destination;

        /**
         * Join the ends, prime the ctrl pipe and pass one record on the unpipelined sequence, after which the
         * consumer pipelines STAT and PEEK and the data pipe delivers answer and body in one read.
         *
         * @param payload the record to exchange.
         * @throws IOException never, the pipes are in memory.
         */
        @Setup(Level.Trial)
        public void setUp(final Payload payload) throws IOException
        {
            final MemoryPipe data = new MemoryPipe(DATA_PIPE_CAPACITY);
            final MemoryPipe ctrl = new MemoryPipe(CTRL_PIPE_CAPACITY);
            producer = new XflProducer(data.sink(), ctrl.source(), new XflContext());
            consumer = new XflConsumer(data.source(), ctrl.sink(), new XflContext());
            destination = ByteBuffer.allocate(payload.length);

            final byte[] command = new byte[XflCommand.LENGTH];
            for (final XflCommand cmd : new XflCommand[] {XflCommand.STAT, XflCommand.PEEK, XflCommand.NEXT})
            {
                cmd.encode(command, 0);
                ctrl.sink().write(command);
            }
            if (exchange(payload) != payload.length ||
                !Arrays.equals(destination.array(), 0, payload.length, payload.record, 0, payload.length))
            {
                throw new IllegalStateException("the XFL consumer did not receive the record the producer sent");
            }
            if (!consumer.isPipelining())
            {
                throw new IllegalStateException("the XFL consumer did not switch to pipelined STAT and PEEK");
            }
            data.mergeWrites(true);
        }

        int exchange(final Payload payload) throws IOException
        {
            final int status = producer.output(payload.record, 0, payload.length);
            if (status != XflStatus.OK)
            {
                throw new IllegalStateException("XFL producer output returned " + status);
            }
            destination.clear();
            return consumer.readto(destination);
        }

        /**
         * Sever (the consumer sends QUIT) and close both ends.
         *
         * @throws IOException never, the pipes are in memory.
         */
        @TearDown(Level.Trial)
        public void tearDown() throws IOException
        {
            consumer.close();
            producer.close();
        }
    }

    /**
     * Encode the three ctrl words of a record (STAT, PEEK, NEXT) and decode them back, as the producer does.
     *
     * @param blackhole takes each decoded command.
     */
    @Benchmark
    public void commands(final Blackhole blackhole)
    {
        final XflCommand[] commands = perRecord;
        final byte[] wire = ctrlWire;
        for (int i = 0; i < commands.length; i++)
        {
            commands[i].encode(wire, i * XflCommand.LENGTH);
        }
        for (int i = 0; i < commands.length; i++)
        {
            blackhole.consume(XflCommand.decode(wire, i * XflCommand.LENGTH, XflCommand.LENGTH));
        }
    }

    /**
     * Format the STAT answer in the C form and parse it back.
     *
     * @param payload gives the record length.
     * @return the parsed record length.
     */
    @Benchmark
    public int statAnswerC(final Payload payload)
    {
        final int length = XflStatAnswer.format(payload.length, answer, 0);
        return XflStatAnswer.parse(answer, 0, length, MAX_RECORD_LENGTH);
    }

    /**
     * Write the tolerant answer {@code DATA <length> <seq>\n} with a growing sequence number and parse it back.
     *
     * @param payload gives the record length.
     * @return the parsed record length.
     */
    @Benchmark
    public int statAnswerData(final Payload payload)
    {
        final byte[] dst = answer;
        System.arraycopy(DATA_PREFIX, 0, dst, 0, DATA_PREFIX.length);
        int end = DATA_PREFIX.length;
        end += XflStatAnswer.format(payload.length, dst, end) - 1;
        dst[end++] = ' ';
        end += XflStatAnswer.format(sequence++ & Integer.MAX_VALUE, dst, end) - 1;
        dst[end++] = '\n';
        return XflStatAnswer.parse(dst, 0, end, MAX_RECORD_LENGTH);
    }

    /**
     * Frame one record as it travels on the data pipe (C-form STAT answer, then the body), then find the
     * answer's NUL, parse the length and copy the body out.
     *
     * @param payload the record and its buffers.
     * @return the received length plus the last received byte.
     */
    @Benchmark
    public int recordFrame(final Payload payload)
    {
        final byte[] wire = payload.wire;
        final int answerLength = XflStatAnswer.format(payload.length, wire, 0);
        System.arraycopy(payload.record, 0, wire, answerLength, payload.length);

        int terminator = 0;
        while (wire[terminator] != 0)
        {
            terminator++;
        }
        final int length = XflStatAnswer.parse(wire, 0, terminator + 1, MAX_RECORD_LENGTH);
        System.arraycopy(wire, terminator + 1, payload.received, 0, length);
        return length + payload.received[length - 1];
    }

    /**
     * One whole record exchange between a real producer and consumer over in-memory pipes.
     *
     * @param exchange the joined ends.
     * @param payload  the record.
     * @return the record length the consumer received.
     * @throws IOException never, the pipes are in memory.
     */
    @Benchmark
    public int exchange(final Exchange exchange, final Payload payload) throws IOException
    {
        return exchange.exchange(payload);
    }
}
