package org.vmiucv.xfl;

import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Open XFL connector ends from inherited fd numbers ({@code PIPECONN}) or from named FIFOs.
 *
 * <p>FIFO opens block until the other side opens too. Both sides open the <b>data</b> FIFO before
 * the <b>ctrl</b> FIFO; any other order deadlocks.
 */
public final class XflConnectors
{
    private XflConnectors()
    {
    }

    /**
     * @param dataFd  data read end (first fd of a {@code *.INPUT.n} token).
     * @param ctrlFd  ctrl write end (second fd).
     * @param context options.
     * @return a consumer owning both fds; see {@link FileDescriptors#fromInt(int)} for JVM flags.
     */
    public static XflConsumer consumer(final int dataFd, final int ctrlFd, final XflContext context)
    {
        checkDistinct(dataFd, ctrlFd);
        return new XflConsumer(
            new FileInputStream(FileDescriptors.fromInt(dataFd)),
            new FileOutputStream(FileDescriptors.fromInt(ctrlFd)),
            context);
    }

    /**
     * @param dataFd  data write end (first fd of a {@code *.OUTPUT.n} token).
     * @param ctrlFd  ctrl read end (second fd).
     * @param context options.
     * @return a producer owning both fds; see {@link FileDescriptors#fromInt(int)} for JVM flags.
     */
    public static XflProducer producer(final int dataFd, final int ctrlFd, final XflContext context)
    {
        checkDistinct(dataFd, ctrlFd);
        return new XflProducer(
            new FileOutputStream(FileDescriptors.fromInt(dataFd)),
            new FileInputStream(FileDescriptors.fromInt(ctrlFd)),
            context);
    }

    /**
     * Open the consumer end over two FIFOs: data for reading, then ctrl for writing. Blocks until
     * the producer opens them.
     *
     * @param dataFifo data FIFO.
     * @param ctrlFifo ctrl FIFO.
     * @param context  options.
     * @return the consumer.
     * @throws IOException when a FIFO cannot be opened.
     */
    public static XflConsumer openConsumer(final Path dataFifo, final Path ctrlFifo, final XflContext context)
        throws IOException
    {
        final FileInputStream data = new FileInputStream(dataFifo.toFile());
        try
        {
            return new XflConsumer(data, new FileOutputStream(ctrlFifo.toFile()), context);
        }
        catch (final IOException | RuntimeException ex)
        {
            data.close();
            throw ex;
        }
    }

    /**
     * Open the producer end over two FIFOs: data for writing, then ctrl for reading. Blocks until
     * the consumer opens them.
     *
     * @param dataFifo data FIFO.
     * @param ctrlFifo ctrl FIFO.
     * @param context  options.
     * @return the producer.
     * @throws IOException when a FIFO cannot be opened.
     */
    public static XflProducer openProducer(final Path dataFifo, final Path ctrlFifo, final XflContext context)
        throws IOException
    {
        final FileOutputStream data = new FileOutputStream(dataFifo.toFile());
        try
        {
            return new XflProducer(data, new FileInputStream(ctrlFifo.toFile()), context);
        }
        catch (final IOException | RuntimeException ex)
        {
            data.close();
            throw ex;
        }
    }

    private static void checkDistinct(final int dataFd, final int ctrlFd)
    {
        if (dataFd == ctrlFd)
        {
            throw new IllegalArgumentException("data fd and ctrl fd are both " + dataFd + ": a connector needs two pipes");
        }
    }
}
