package org.vmiucv.xfl;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

/**
 * Random and truncated input never throws anything but {@link XflProtocolException} and never
 * hangs (the streams here cannot block, and every loop is bounded).
 */
class XflProtocolPropertiesTest
{
    @Property(tries = 2000)
    void statAnswerParserOnlyThrowsProtocolErrors(@ForAll("answers") final byte[] answer)
    {
        try
        {
            final int length = XflStatAnswer.parse(answer, 0, answer.length, 4096);
            if (length < XflStatAnswer.OKAY || length > 4096)
            {
                throw new AssertionError("impossible result " + length);
            }
        }
        catch (final XflProtocolException expected)
        {
            // the only allowed failure
        }
    }

    @Property(tries = 1000)
    void commandDecoderOnlyThrowsProtocolErrors(@ForAll @Size(max = 6) final byte[] command)
    {
        try
        {
            XflCommand.decode(command, 0, command.length);
        }
        catch (final XflProtocolException expected)
        {
            // the only allowed failure
        }
    }

    @Property(tries = 1000)
    void consumerOverRandomOrTruncatedDataOnlyThrowsProtocolErrors(@ForAll("dataStreams") final byte[] stream)
        throws Exception
    {
        final XflConsumer consumer = new XflConsumer(
            new ByteArrayInputStream(stream), new ByteArrayOutputStream(), new XflContext().maxRecordLength(4096));
        try
        {
            for (int i = 0; i <= stream.length; i++)
            {
                if (consumer.readto() == null)
                {
                    return;
                }
            }
            throw new AssertionError("more records than bytes: the consumer loops");
        }
        catch (final XflProtocolException expected)
        {
            if (!consumer.isClosed())
            {
                throw new AssertionError("a protocol error must close the connector");
            }
        }
    }

    @Property(tries = 1000)
    void producerOverRandomCtrlOnlyThrowsProtocolErrors(@ForAll("ctrlStreams") final byte[] ctrl) throws Exception
    {
        final XflProducer producer = new XflProducer(
            new ByteArrayOutputStream(), new ByteArrayInputStream(ctrl), new XflContext());
        try
        {
            for (int i = 0; i <= ctrl.length; i++)
            {
                if (producer.output("record".getBytes(StandardCharsets.US_ASCII)) == XflStatus.END_OF_FILE)
                {
                    return;
                }
            }
            throw new AssertionError("more records than commands: the producer loops");
        }
        catch (final XflProtocolException expected)
        {
            if (!producer.isClosed())
            {
                throw new AssertionError("a protocol error must close the connector");
            }
        }
    }

    @Provide
    Arbitrary<byte[]> answers()
    {
        final Arbitrary<String> wellFormed = Arbitraries.of("12\0", "0\0", "DATA 5 1\0", "OKAY\0", "okay 3", "4096\0",
            "4097\0", "FAIL 1\0", "DATA\0", " 7 \n");
        return Arbitraries.oneOf(
            Arbitraries.bytes().array(byte[].class).ofMaxSize(40),
            wellFormed.map(s -> s.getBytes(StandardCharsets.US_ASCII)),
            truncated(wellFormed),
            Arbitraries.strings().withChars("0123456789 DATAOKYdatoky\0\n\t").ofMaxLength(30)
                .map(s -> s.getBytes(StandardCharsets.US_ASCII)));
    }

    @Provide
    Arbitrary<byte[]> dataStreams()
    {
        // valid streams: "<len>\0<body>" repeated; then random cuts and random noise
        final Arbitrary<String> record = Arbitraries.strings().alpha().ofMaxLength(20)
            .map(body -> body.length() + "\0" + body);
        final Arbitrary<String> valid = record.list().ofMaxSize(5).map(list -> String.join("", list));
        return Arbitraries.oneOf(
            valid.map(s -> s.getBytes(StandardCharsets.US_ASCII)),
            truncated(valid),
            Arbitraries.bytes().array(byte[].class).ofMaxSize(60));
    }

    @Provide
    Arbitrary<byte[]> ctrlStreams()
    {
        final Arbitrary<String> valid = Arbitraries.of("STAT", "PEEK", "NEXT", "QUIT", "stat", "peek", "next")
            .list().ofMaxSize(8).map(list -> String.join("", list));
        return Arbitraries.oneOf(
            valid.map(s -> s.getBytes(StandardCharsets.US_ASCII)),
            truncated(valid),
            Arbitraries.bytes().array(byte[].class).ofMaxSize(30));
    }

    private static Arbitrary<byte[]> truncated(final Arbitrary<String> strings)
    {
        return strings.flatMap(s -> Arbitraries.integers().between(0, s.length())
            .map(cut -> s.substring(0, cut).getBytes(StandardCharsets.US_ASCII)));
    }
}
