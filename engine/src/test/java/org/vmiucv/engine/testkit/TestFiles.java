package org.vmiucv.engine.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Files the tests make and must remove.
 */
public final class TestFiles
{
    private TestFiles()
    {
    }

    /**
     * Remove a directory tree, if it exists.
     *
     * @param root the tree.
     */
    public static void deleteTree(final Path root)
    {
        if (null == root || !Files.exists(root))
        {
            return;
        }
        try (Stream<Path> s = Files.walk(root))
        {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }
}
