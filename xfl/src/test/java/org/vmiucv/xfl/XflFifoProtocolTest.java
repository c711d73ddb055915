package org.vmiucv.xfl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.vmiucv.xfl.TestSupport.ascii;
import static org.vmiucv.xfl.TestSupport.async;
import static org.vmiucv.xfl.TestSupport.await;
import static org.vmiucv.xfl.TestSupport.readExactly;
import static org.vmiucv.xfl.TestSupport.readOnce;

import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The protocol over real FIFOs: one end is an XflProducer/XflConsumer, the other either the
 * matching Java end or raw streams that show the exact bytes.
 */
class XflFifoProtocolTest
{
    @TempDir
    Path dir;

    private TestSupport.FifoPair pair;
    private final java.util.List<AutoCloseable> toClose = new java.util.ArrayList<>();

    @BeforeEach
    void createFifos() throws Exception
    {
        pair = TestSupport.FifoPair.create(dir, "conn");
    }

    @AfterEach
    void cleanUp() throws Exception
    {
        for (final AutoCloseable c : toClose)
        {
            try
            {
                c.close();
            }
            catch (final Exception ignore)
            {
                // already closed by the test
            }
        }
        pair.delete();
    }

    /** Raw producer side (the test plays a C producer): data write end, ctrl read end. */
    private record RawProducer(FileOutputStream data, FileInputStream ctrl) { }

    /** Raw consumer side (the test plays a C consumer): data read end, ctrl write end. */
    private record RawConsumer(FileInputStream data, FileOutputStream ctrl) { }

    private XflConsumer consumerWithRawProducer(final XflContext context, final RawProducer[] raw) throws Exception
    {
        final Future<XflConsumer> consumer = async(() -> XflConnectors.openConsumer(pair.data(), pair.ctrl(), context));
        final FileOutputStream data = await(async(() -> new FileOutputStream(pair.data().toFile())));
        final FileInputStream ctrl = await(async(() -> new FileInputStream(pair.ctrl().toFile())));
        raw[0] = new RawProducer(data, ctrl);
        toClose.add(data);
        toClose.add(ctrl);
        final XflConsumer c = await(consumer);
        toClose.add(c);
        return c;
    }

    private XflProducer producerWithRawConsumer(final XflContext context, final RawConsumer[] raw) throws Exception
    {
        final Future<XflProducer> producer = async(() -> XflConnectors.openProducer(pair.data(), pair.ctrl(), context));
        final FileInputStream data = await(async(() -> new FileInputStream(pair.data().toFile())));
        final FileOutputStream ctrl = await(async(() -> new FileOutputStream(pair.ctrl().toFile())));
        raw[0] = new RawConsumer(data, ctrl);
        toClose.add(data);
        toClose.add(ctrl);
        final XflProducer p = await(producer);
        toClose.add(p);
        return p;
    }

    // ---------------------------------------------------------------- byte-exactness

    @Test
    void consumerWritesExactlyStatPeekNextAndCachesThePeekedRecord() throws Exception
    {
        final RawProducer[] raw = new RawProducer[1];
        final XflConsumer consumer = consumerWithRawProducer(new XflContext(), raw);

        final Future<byte[]> peek = async(consumer::peekto);
        assertArrayEquals(ascii("STAT"), readOnce(raw[0].ctrl()));
        raw[0].data().write(ascii("12\0"));
        assertArrayEquals(ascii("PEEK"), readOnce(raw[0].ctrl()));
        raw[0].data().write(ascii("hello, world"));
        assertArrayEquals(ascii("hello, world"), await(peek));

        // a repeated peekto answers from the pending record: nothing goes on ctrl
        assertArrayEquals(ascii("hello, world"), await(async(consumer::peekto)));
        assertEquals(12, consumer.recordLength());
        assertEquals(0, raw[0].ctrl().available());

        assertArrayEquals(ascii("hello, world"), await(async(consumer::readto)));
        assertArrayEquals(ascii("NEXT"), readOnce(raw[0].ctrl()));

        // end of input: the producer closes both fds. The producer has answered in the C form, so
        // the consumer now pipelines: PEEK may follow STAT at once (two writes, maybe one read here)
        final Future<byte[]> atEnd = async(consumer::readto);
        assertArrayEquals(ascii("STAT"), readExactly(raw[0].ctrl(), 4));
        raw[0].data().close();
        raw[0].ctrl().close();
        assertNull(await(atEnd));
        assertTrue(consumer.isClosed());
        assertNull(consumer.readto(), "every later call reports end of file again");
        assertEquals(1, consumer.recordsRead());
    }

    @Test
    void producerAnswersStatWithDecimalLengthAndOneNulThenTheBodyInOneRead() throws Exception
    {
        final RawConsumer[] raw = new RawConsumer[1];
        final XflProducer producer = producerWithRawConsumer(new XflContext(), raw);

        final Future<Integer> output = async(() -> producer.output(ascii("hello, world")));
        raw[0].ctrl().write(ascii("STAT"));
        assertArrayEquals(ascii("12\0"), readOnce(raw[0].data()));
        raw[0].ctrl().write(ascii("stat"));
        assertArrayEquals(ascii("12\0"), readOnce(raw[0].data()));
        raw[0].ctrl().write(ascii("PEEK"));
        assertArrayEquals(ascii("hello, world"), readOnce(raw[0].data()));
        raw[0].ctrl().write(ascii("peek"));
        assertArrayEquals(ascii("hello, world"), readOnce(raw[0].data()));
        assertFalse(output.isDone());
        raw[0].ctrl().write(ascii("NEXT"));
        assertEquals(XflStatus.OK, await(output));

        // an empty record: "0\0", and nothing at all for PEEK
        final Future<Integer> empty = async(() -> producer.output(new byte[0]));
        raw[0].ctrl().write(ascii("STAT"));
        assertArrayEquals(ascii("0\0"), readOnce(raw[0].data()));
        raw[0].ctrl().write(ascii("PEEKNEXT"));
        assertEquals(XflStatus.OK, await(empty));
        assertEquals(0, raw[0].data().available());

        // NEXT without STAT/PEEK is legal
        final Future<Integer> blind = async(() -> producer.output(ByteBuffer.wrap(ascii("xyz"))));
        raw[0].ctrl().write(ascii("NEXT"));
        assertEquals(XflStatus.OK, await(blind));
        assertEquals(3, producer.recordsConsumed());

        producer.close();
        assertNull(readOnce(raw[0].data()), "close() is end of input: the consumer reads EOF");
    }

    // ---------------------------------------------------------------- round trips between Java ends

    static Stream<Arguments> contexts()
    {
        return Stream.of(
            Arguments.of("blocking", 0L),
            Arguments.of("spin-then-block", 200_000L));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("contexts")
    void recordsOfEverySizeArriveIntactInOrder(final String name, final long spinNs) throws Exception
    {
        final TestSupport.Connected c = TestSupport.Connected.open(pair,
            new XflContext().spinLimitNs(spinNs), new XflContext().spinLimitNs(spinNs));
        toClose.add(c.producer());
        toClose.add(c.consumer());
        final Random random = new Random(42);
        final byte[][] records = new byte[][] {
            new byte[0], ascii("a"), new byte[4095], new byte[4096], new byte[65_537], new byte[1 << 20] };
        for (final byte[] r : records)
        {
            random.nextBytes(r);
        }
        final Future<Integer> producing = async(() ->
        {
            for (final byte[] r : records)
            {
                if (c.producer().output(r) != XflStatus.OK)
                {
                    return -1;
                }
            }
            c.producer().close();
            return records.length;
        });
        for (final byte[] r : records)
        {
            assertArrayEquals(r, await(async(c.consumer()::peekto)));
            final ByteBuffer dst = ByteBuffer.allocate(r.length);
            assertEquals(r.length, await(async(() -> c.consumer().readto(dst))));
            assertArrayEquals(r, dst.array());
        }
        assertNull(await(async(c.consumer()::readto)));
        assertEquals(records.length, await(producing));
    }

    @Test
    void bufferTooSmallLeavesTheRecordPending() throws Exception
    {
        final TestSupport.Connected c = TestSupport.Connected.open(pair, new XflContext(), new XflContext());
        toClose.add(c.producer());
        toClose.add(c.consumer());
        final Future<Integer> producing = async(() -> c.producer().output(ascii("abcdef")));
        assertEquals(XflStatus.BUFFER_TOO_SMALL, await(async(() -> c.consumer().readto(ByteBuffer.allocate(3)))));
        assertEquals(6, c.consumer().recordLength());
        assertArrayEquals(ascii("abcdef"), await(async(c.consumer()::readto)));
        assertEquals(XflStatus.OK, await(producing));
    }

    // ---------------------------------------------------------------- robust ends

    @Test
    void consumerGoneMeansEndOfFileForTheProducerPromptly() throws Exception
    {
        final RawConsumer[] raw = new RawConsumer[1];
        final XflProducer producer = producerWithRawConsumer(new XflContext(), raw);
        final Future<Integer> output = async(() -> producer.output(ascii("lost")));
        raw[0].ctrl().close(); // EOF on ctrl: read() == 0 bytes
        final long start = System.nanoTime();
        assertEquals(XflStatus.END_OF_FILE, await(output));
        assertTrue(System.nanoTime() - start < 5_000_000_000L);
        assertTrue(producer.isClosed());
        assertFalse(producer.quitReceived());
        assertNull(readOnce(raw[0].data()), "the producer closed its data end too");
        assertEquals(XflStatus.END_OF_FILE, producer.output(ascii("again")), "later calls return at once");
    }

    @Test
    void consumerSeverSendsQuitAndTheProducerReturnsEndOfFile() throws Exception
    {
        final TestSupport.Connected c = TestSupport.Connected.open(pair, new XflContext(), new XflContext());
        toClose.add(c.producer());
        final Future<Integer> output = async(() -> c.producer().output(ascii("unwanted")));
        c.consumer().sever();
        c.consumer().sever(); // idempotent
        assertEquals(XflStatus.END_OF_FILE, await(output));
        assertTrue(c.producer().quitReceived());
        assertTrue(c.producer().isClosed());
        assertNull(c.consumer().readto());
    }

    @Test
    void severWritesExactlyQuitThenCloses() throws Exception
    {
        final RawProducer[] raw = new RawProducer[1];
        final XflConsumer consumer = consumerWithRawProducer(new XflContext(), raw);
        consumer.sever();
        assertArrayEquals(ascii("QUIT"), readOnce(raw[0].ctrl()));
        assertNull(readOnce(raw[0].ctrl()), "ctrl closed after QUIT");
    }

    @Test
    void epipeOnCtrlIsEndOfFileForTheConsumer() throws Exception
    {
        final RawProducer[] raw = new RawProducer[1];
        final XflConsumer consumer = consumerWithRawProducer(new XflContext(), raw);
        raw[0].ctrl().close(); // the producer's ctrl read end is gone, data still open
        assertNull(await(async(consumer::peekto)));
        assertTrue(consumer.isClosed());
    }

    @Test
    void eofOnDataIsEndOfFileForTheConsumer() throws Exception
    {
        final RawProducer[] raw = new RawProducer[1];
        final XflConsumer consumer = consumerWithRawProducer(new XflContext(), raw);
        raw[0].data().close(); // data closed, ctrl still open
        assertNull(await(async(consumer::readto)));
        assertEquals(XflStatus.END_OF_FILE, consumer.peekto(ByteBuffer.allocate(1)));
    }

    @Test
    void acceptsDataAndOkayAnswersFromOlderProducers() throws Exception
    {
        final RawProducer[] raw = new RawProducer[1];
        final XflConsumer consumer = consumerWithRawProducer(new XflContext(), raw);
        Future<byte[]> read = async(consumer::readto);
        assertArrayEquals(ascii("STAT"), readOnce(raw[0].ctrl()));
        raw[0].data().write(ascii("DATA 5 1"));
        assertArrayEquals(ascii("PEEK"), readOnce(raw[0].ctrl()));
        raw[0].data().write(ascii("hello"));
        assertArrayEquals(ascii("hello"), await(read));
        assertArrayEquals(ascii("NEXT"), readOnce(raw[0].ctrl()));

        read = async(consumer::readto);
        assertArrayEquals(ascii("STAT"), readOnce(raw[0].ctrl()));
        raw[0].data().write(ascii("OKAY\0"));
        raw[0].data().write(ascii("3\0"));
        assertArrayEquals(ascii("PEEK"), readOnce(raw[0].ctrl()));
        raw[0].data().write(ascii("abc"));
        assertArrayEquals(ascii("abc"), await(read));
    }

    // ---------------------------------------------------------------- bad input

    @Test
    void malformedCommandIsAProtocolErrorAndTheProducerCloses() throws Exception
    {
        final RawConsumer[] raw = new RawConsumer[1];
        final XflProducer producer = producerWithRawConsumer(new XflContext(), raw);
        final Future<Integer> output = async(() -> producer.output(ascii("abc")));
        raw[0].ctrl().write(ascii("XYZW"));
        final XflProtocolException ex = protocolError(output);
        assertEquals("malformed XFL command \"XYZW\": expected STAT, PEEK, NEXT or QUIT " +
            "(4 bytes, dispatched on the first letter S, P, N or Q in any case)", ex.getMessage());
        assertTrue(producer.isClosed());
        assertNull(readOnce(raw[0].data()));
    }

    @Test
    void truncatedCommandIsAProtocolError() throws Exception
    {
        final RawConsumer[] raw = new RawConsumer[1];
        final XflProducer producer = producerWithRawConsumer(new XflContext(), raw);
        final Future<Integer> output = async(() -> producer.output(ascii("abc")));
        raw[0].ctrl().write(ascii("PE"));
        raw[0].ctrl().close();
        assertEquals("truncated XFL command \"PE\" (2 of 4 bytes before end of file): expected STAT, PEEK, NEXT or QUIT",
            protocolError(output).getMessage());
    }

    @Test
    void unparseableLengthIsAProtocolErrorAndTheConsumerCloses() throws Exception
    {
        final RawProducer[] raw = new RawProducer[1];
        final XflConsumer consumer = consumerWithRawProducer(new XflContext(), raw);
        final Future<byte[]> read = async(consumer::readto);
        assertArrayEquals(ascii("STAT"), readOnce(raw[0].ctrl()));
        raw[0].data().write(ascii("1x\0"));
        assertEquals("unparseable XFL STAT answer \"1x\\0\": expected a decimal record length followed by NUL, " +
            "\"DATA <length> [<seq>]\" or \"OKAY\"", protocolError(read).getMessage());
        assertTrue(consumer.isClosed());
        assertNull(readOnce(raw[0].ctrl()), "the consumer closed its ctrl end");
    }

    @Test
    void tooLongLengthIsAProtocolError() throws Exception
    {
        final RawProducer[] raw = new RawProducer[1];
        final XflConsumer consumer = consumerWithRawProducer(new XflContext().maxRecordLength(1024), raw);
        final Future<byte[]> read = async(consumer::readto);
        assertArrayEquals(ascii("STAT"), readOnce(raw[0].ctrl()));
        raw[0].data().write(ascii("99999999\0"));
        assertEquals("XFL record length 99999999 in STAT answer \"99999999\\0\" exceeds the maximum of 1024 bytes",
            protocolError(read).getMessage());
    }

    @Test
    void shortBodyIsAProtocolError() throws Exception
    {
        final RawProducer[] raw = new RawProducer[1];
        final XflConsumer consumer = consumerWithRawProducer(new XflContext(), raw);
        final Future<byte[]> read = async(consumer::readto);
        assertArrayEquals(ascii("STAT"), readOnce(raw[0].ctrl()));
        raw[0].data().write(ascii("5\0"));
        assertArrayEquals(ascii("PEEK"), readOnce(raw[0].ctrl()));
        raw[0].data().write(ascii("abc"));
        raw[0].data().close();
        assertEquals("short XFL record body: received 3 of 5 bytes \"abc\" before end of file",
            protocolError(read).getMessage());
        assertTrue(consumer.isClosed());
    }

    private static XflProtocolException protocolError(final Future<?> future) throws Exception
    {
        try
        {
            await(future);
        }
        catch (final ExecutionException ex)
        {
            if (ex.getCause() instanceof XflProtocolException)
            {
                return (XflProtocolException)ex.getCause();
            }
            throw ex;
        }
        throw new AssertionError("expected an XflProtocolException");
    }
}
