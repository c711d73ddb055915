package org.vmiucv.xfl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.vmiucv.xfl.TestSupport.ascii;
import static org.vmiucv.xfl.TestSupport.async;
import static org.vmiucv.xfl.TestSupport.await;
import static org.vmiucv.xfl.TestSupport.readExactly;

import java.io.ByteArrayOutputStream;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Pipelined STAT and PEEK ({@link XflContext#pipelineStatPeek(boolean)}): the consumer writes PEEK
 * right after STAT and reads answer and body together, once the producer has answered in the C form.
 */
class XflPipelineTest
{
    /** How long a negative check ("the consumer wrote nothing more") waits. */
    private static final long QUIET_MS = 150;

    @TempDir
    Path dir;

    private TestSupport.FifoPair pair;
    private final List<AutoCloseable> toClose = new ArrayList<>();

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

    /** Raw producer side (the test plays the producer): data write end, ctrl read end. */
    private record RawProducer(FileOutputStream data, FileInputStream ctrl)
    {
        /** Exactly one 4-byte command. */
        String command() throws Exception
        {
            return new String(readExactly(ctrl, 4), java.nio.charset.StandardCharsets.US_ASCII);
        }

        /** Nothing more arrives on ctrl for a while (no early PEEK). */
        void assertQuiet() throws Exception
        {
            Thread.sleep(QUIET_MS);
            assertEquals(0, ctrl.available(), "the consumer wrote ahead on ctrl");
        }
    }

    private RawProducer rawProducer(final XflContext context, final XflConsumer[] consumer) throws Exception
    {
        final Future<XflConsumer> c = async(() -> XflConnectors.openConsumer(pair.data(), pair.ctrl(), context));
        final FileOutputStream data = await(async(() -> new FileOutputStream(pair.data().toFile())));
        final FileInputStream ctrl = await(async(() -> new FileInputStream(pair.ctrl().toFile())));
        toClose.add(data);
        toClose.add(ctrl);
        consumer[0] = await(c);
        toClose.add(consumer[0]);
        return new RawProducer(data, ctrl);
    }

    /** The first record on the unpipelined sequence, answered in the C form: the connector then pipelines. */
    private static void probeRecord(final XflConsumer consumer, final RawProducer raw) throws Exception
    {
        assertFalse(consumer.isPipelining());
        final Future<byte[]> read = async(consumer::readto);
        assertEquals("STAT", raw.command());
        raw.assertQuiet(); // unpipelined: no PEEK before the answer
        raw.data().write(ascii("3\0"));
        assertEquals("PEEK", raw.command());
        raw.data().write(ascii("abc"));
        assertArrayEquals(ascii("abc"), await(read));
        assertEquals("NEXT", raw.command());
        assertTrue(consumer.isPipelining());
    }

    // ---------------------------------------------------------------- round trips between Java ends

    @ParameterizedTest(name = "spinLimitNs={0}")
    @ValueSource(longs = {0L, 200_000L})
    void pipelinedRoundTripsOfEmptyTinyInteropAndMebibyteRecords(final long spinNs) throws Exception
    {
        final TestSupport.Connected c = TestSupport.Connected.open(pair,
            new XflContext().spinLimitNs(spinNs), new XflContext().spinLimitNs(spinNs));
        toClose.add(c.producer());
        toClose.add(c.consumer());
        final Random random = new Random(7);
        final byte[][] records = new byte[][] {
            ascii("probe"), new byte[0], new byte[1], new byte[XflContext.INTEROP_MAX_RECORD_LENGTH], new byte[1 << 20],
            new byte[0], new byte[0], new byte[1], new byte[4095], new byte[8190], new byte[8192] };
        for (int i = 1; i < records.length; i++)
        {
            random.nextBytes(records[i]); // bodies full of NULs and LFs: the answer's terminator alone delimits
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
        for (int i = 0; i < records.length; i++)
        {
            final byte[] r = records[i];
            if (i % 2 == 0)
            {
                assertArrayEquals(r, await(async(c.consumer()::readto)), "record " + i);
            }
            else
            {
                final ByteBuffer dst = ByteBuffer.allocate(r.length);
                assertEquals(r.length, await(async(() -> c.consumer().readto(dst))), "record " + i);
                assertArrayEquals(r, dst.array(), "record " + i);
            }
            assertTrue(c.consumer().isPipelining(), "the Java producer answers in the C form");
        }
        assertNull(await(async(c.consumer()::readto)));
        assertEquals(records.length, await(producing));
        assertEquals(records.length, c.consumer().recordsRead());
    }

    @Test
    void pipelineOffKeepsTheUnpipelinedSequence() throws Exception
    {
        final XflConsumer[] consumer = new XflConsumer[1];
        final RawProducer raw = rawProducer(new XflContext().pipelineStatPeek(false), consumer);
        for (int i = 0; i < 2; i++)
        {
            final Future<byte[]> read = async(consumer[0]::readto);
            assertEquals("STAT", raw.command());
            raw.assertQuiet();
            raw.data().write(ascii("2\0"));
            assertEquals("PEEK", raw.command());
            raw.data().write(ascii("hi"));
            assertArrayEquals(ascii("hi"), await(read));
            assertEquals("NEXT", raw.command());
            assertFalse(consumer[0].isPipelining());
        }
    }

    // ---------------------------------------------------------------- the bytes a raw producer sees

    @Test
    void answerAndBodyInOneProducerWriteAfterStatAndPeek() throws Exception
    {
        final XflConsumer[] consumer = new XflConsumer[1];
        final RawProducer raw = rawProducer(new XflContext(), consumer);
        probeRecord(consumer[0], raw);

        // a producer that reads STAT and PEEK before it writes anything, then answers both at once
        Future<byte[]> read = async(consumer[0]::readto);
        assertEquals("STAT", raw.command());
        assertEquals("PEEK", raw.command());
        raw.data().write(ascii("5\0hello"));
        assertArrayEquals(ascii("hello"), await(read));
        assertEquals("NEXT", raw.command());

        // a body that starts with digits and holds NUL and LF
        read = async(consumer[0]::readto);
        assertEquals("STAT", raw.command());
        assertEquals("PEEK", raw.command());
        raw.data().write(ascii("6\0" + "12\0\n3\0"));
        assertArrayEquals(ascii("12\0\n3\0"), await(read));
        assertEquals("NEXT", raw.command());

        // length 0: the answer alone, nothing waited for after it
        read = async(consumer[0]::readto);
        assertEquals("STAT", raw.command());
        assertEquals("PEEK", raw.command());
        raw.data().write(ascii("0\0"));
        assertArrayEquals(new byte[0], await(read));
        assertEquals("NEXT", raw.command());

        // answer and body split anywhere over several writes
        read = async(consumer[0]::peekto);
        assertEquals("STAT", raw.command());
        assertEquals("PEEK", raw.command());
        raw.data().write(ascii("1"));
        raw.data().write(ascii("0\0ab"));
        raw.data().write(ascii("cdefgh"));
        raw.data().write(ascii("ij"));
        assertArrayEquals(ascii("abcdefghij"), await(read));
        assertArrayEquals(ascii("abcdefghij"), await(async(consumer[0]::readto)), "peeked record stays pending");
        assertEquals("NEXT", raw.command());
        assertEquals(0, raw.ctrl().available(), "STAT, PEEK, NEXT only: nothing repeated");
        assertTrue(consumer[0].isPipelining());

        // end of input while the consumer waits for the answer: EOF, no error
        read = async(consumer[0]::readto);
        assertEquals("STAT", raw.command());
        assertEquals("PEEK", raw.command());
        raw.data().close();
        raw.ctrl().close();
        assertNull(await(read));
        assertTrue(consumer[0].isClosed());
        assertEquals(5, consumer[0].recordsRead());
    }

    @Test
    void bytesAfterTheBodyAreAProtocolErrorNamingThem() throws Exception
    {
        final XflConsumer[] consumer = new XflConsumer[1];
        final RawProducer raw = rawProducer(new XflContext(), consumer);
        probeRecord(consumer[0], raw);
        final Future<byte[]> read = async(consumer[0]::readto);
        assertEquals("STAT", raw.command());
        assertEquals("PEEK", raw.command());
        raw.data().write(ascii("2\0hiXY"));
        assertEquals("unexpected bytes \"XY\" after XFL record body of 2 bytes \"hi\": " +
            "the producer may send nothing more before NEXT", protocolError(read).getMessage());
        assertTrue(consumer[0].isClosed());
    }

    @Test
    void shortBodyAndBadAnswerWhilePipelinedNameWhatWasReceived() throws Exception
    {
        final XflConsumer[] consumer = new XflConsumer[1];
        final RawProducer raw = rawProducer(new XflContext(), consumer);
        probeRecord(consumer[0], raw);
        final Future<byte[]> read = async(consumer[0]::readto);
        assertEquals("STAT", raw.command());
        assertEquals("PEEK", raw.command());
        raw.data().write(ascii("5\0abc"));
        raw.data().close();
        assertEquals("short XFL record body: received 3 of 5 bytes \"abc\" before end of file",
            protocolError(read).getMessage());

        final XflConsumer bad = new XflConsumer(new Writes("1\0", "a", "1x\0"), new ByteArrayOutputStream(),
            new XflContext());
        assertArrayEquals(ascii("a"), bad.readto());
        assertTrue(bad.isPipelining());
        final XflProtocolException ex = assertThrows(XflProtocolException.class, bad::readto);
        assertEquals("unparseable XFL STAT answer \"1x\\0\": expected a decimal record length followed by NUL, " +
            "\"DATA <length> [<seq>]\" or \"OKAY\"", ex.getMessage());
        assertTrue(bad.isClosed());
    }

    // ---------------------------------------------------------------- fallback for the other answer forms

    @Test
    void unterminatedAnswerKeepsTheConnectorUnpipelined() throws Exception
    {
        final XflConsumer[] consumer = new XflConsumer[1];
        final RawProducer raw = rawProducer(new XflContext(), consumer);
        for (final String answer : new String[] {"DATA 5 1", "5", "5\0"})
        {
            final Future<byte[]> read = async(consumer[0]::readto);
            assertEquals("STAT", raw.command());
            raw.assertQuiet();
            raw.data().write(ascii(answer)); // the answer ends with its write
            assertEquals("PEEK", raw.command());
            raw.data().write(ascii("12345")); // a body of digits: only the unpipelined sequence can delimit it
            assertArrayEquals(ascii("12345"), await(read));
            assertEquals("NEXT", raw.command());
            assertFalse(consumer[0].isPipelining(), "after " + answer + ", even a later C-form answer");
        }
    }

    @Test
    void okayAnswersKeepTheConnectorUnpipelined() throws Exception
    {
        final XflConsumer[] consumer = new XflConsumer[1];
        final RawProducer raw = rawProducer(new XflContext(), consumer);
        for (final String answer : new String[] {"OKAY\0", "OKAY 3\0", "3\r\n", "3\n"})
        {
            final Future<byte[]> read = async(consumer[0]::readto);
            assertEquals("STAT", raw.command());
            raw.assertQuiet();
            raw.data().write(ascii(answer));
            if (answer.equals("OKAY\0"))
            {
                raw.assertQuiet(); // a bare OKAY: still waiting for the length, no PEEK yet
                raw.data().write(ascii("3\0"));
            }
            assertEquals("PEEK", raw.command());
            raw.data().write(ascii("abc"));
            assertArrayEquals(ascii("abc"), await(read));
            assertEquals("NEXT", raw.command());
            assertFalse(consumer[0].isPipelining(), "after " + answer);
        }
    }

    @Test
    void terminatedVariantWhilePipelinedIsParsedAndEndsPipelining() throws Exception
    {
        final XflConsumer[] consumer = new XflConsumer[1];
        final RawProducer raw = rawProducer(new XflContext(), consumer);
        probeRecord(consumer[0], raw);
        Future<byte[]> read = async(consumer[0]::readto);
        assertEquals("STAT", raw.command());
        assertEquals("PEEK", raw.command());
        raw.data().write(ascii("OKAY\0DATA 4 9\r\n4\0\n5"));
        assertArrayEquals(ascii("4\0\n5"), await(read));
        assertEquals("NEXT", raw.command());
        assertFalse(consumer[0].isPipelining());

        read = async(consumer[0]::readto);
        assertEquals("STAT", raw.command());
        raw.assertQuiet();
        raw.data().write(ascii("1\0"));
        assertEquals("PEEK", raw.command());
        raw.data().write(ascii("z"));
        assertArrayEquals(ascii("z"), await(read));
        assertFalse(consumer[0].isPipelining(), "the fallback is for good");
    }

    // ---------------------------------------------------------------- end of input

    @Test
    void epipeOnThePeekAfterStatIsEndOfInput() throws Exception
    {
        final ByteArrayOutputStream written = new ByteArrayOutputStream();
        final OutputStream ctrl = new OutputStream()
        {
            private int writes;

            @Override
            public void write(final int b)
            {
                throw new UnsupportedOperationException("one write per command");
            }

            @Override
            public void write(final byte[] b, final int off, final int len) throws IOException
            {
                if (++writes == 5) // STAT PEEK NEXT (probe record), STAT, then PEEK fails
                {
                    throw new IOException("Broken pipe");
                }
                written.write(b, off, len);
            }
        };
        final XflConsumer consumer = new XflConsumer(new Writes("3\0", "abc", "4\0defg"), ctrl,
            new XflContext());
        assertArrayEquals(ascii("abc"), consumer.readto());
        assertNull(consumer.readto());
        assertTrue(consumer.isClosed());
        assertEquals("STATPEEKNEXTSTAT", written.toString(java.nio.charset.StandardCharsets.US_ASCII));
    }

    /** A data pipe as a reader sees it: each read returns at most what one producer write put there. */
    static final class Writes extends java.io.InputStream
    {
        private final byte[][] writes;
        private int index;
        private int pos;

        Writes(final String... writes)
        {
            this.writes = new byte[writes.length][];
            for (int i = 0; i < writes.length; i++)
            {
                this.writes[i] = ascii(writes[i]);
            }
        }

        @Override
        public int read()
        {
            throw new UnsupportedOperationException("the consumer reads into arrays");
        }

        @Override
        public int read(final byte[] b, final int off, final int len)
        {
            if (index == writes.length)
            {
                return -1;
            }
            final int n = Math.min(len, writes[index].length - pos);
            System.arraycopy(writes[index], pos, b, off, n);
            pos += n;
            if (pos == writes[index].length)
            {
                index++;
                pos = 0;
            }
            return n;
        }

        @Override
        public int available()
        {
            return index == writes.length ? 0 : writes[index].length - pos;
        }
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
