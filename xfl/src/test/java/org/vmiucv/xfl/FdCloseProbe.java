package org.vmiucv.xfl;

import java.io.FileOutputStream;

/**
 * Child-JVM helper for {@link ChildJvmTest}: wraps an inherited fd, writes "x", closes it, reports
 * the wrap strategy on stdout, then stays alive so the parent can tell a real close from an exit.
 */
public final class FdCloseProbe
{
    private FdCloseProbe()
    {
    }

    /**
     * @param args the fd number.
     * @throws Exception on failure (reported on stderr, exit 1).
     */
    public static void main(final String[] args) throws Exception
    {
        try
        {
            final FileOutputStream out = new FileOutputStream(FileDescriptors.fromInt(Integer.parseInt(args[0])));
            out.write('x');
            out.close();
        }
        catch (final IllegalStateException ex)
        {
            System.err.println(ex.getMessage());
            System.exit(1);
        }
        System.out.println("closed " + FileDescriptors.strategy());
        System.out.flush();
        Thread.sleep(60_000);
    }
}
