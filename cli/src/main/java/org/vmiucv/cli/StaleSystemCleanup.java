package org.vmiucv.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.vmiucv.engine.IucvException;
import org.vmiucv.engine.ReturnCode;
import org.vmiucv.engine.system.SystemFiles;
import org.vmiucv.engine.system.SystemLock;

/**
 * What {@code iucv shutdown} does on shared memory when no Supervisor lives (everything was killed with
 * {@code kill -9}): the rings and tables would otherwise stay in memory for good. It takes the system's
 * {@link SystemLock}, so no Supervisor can be starting or recovering meanwhile, removes the files the system made
 * ({@link SystemFiles}: the journal and anything foreign stay) and says what it removed.
 */
final class StaleSystemCleanup
{
    private StaleSystemCleanup()
    {
    }

    /**
     * @param base   the base directory.
     * @param system the system name.
     * @param dir    its directory.
     * @param why    why no Supervisor runs it, for the message.
     * @param out    where to say what was removed.
     * @throws IucvException 32 if a process holds the system's lock after all (a Supervisor starting or stopped),
     *                       24 or 44 if the lock cannot be taken.
     */
    static void clean(final Path base, final String system, final Path dir, final String why, final PrintStream out)
        throws IucvException
    {
        final SystemLock lock;
        try
        {
            lock = SystemLock.acquire(base, system, "cleanup");
        }
        catch (final IucvException ex)
        {
            if (ex.returnCode() != ReturnCode.ALREADY_RUNNING)
            {
                throw ex;
            }
            throw new IucvException(ReturnCode.SUPERVISOR_DOWN, why + ", but a process holds the lock of system " +
                system + " (a Supervisor starting, or stopped with SIGSTOP): nothing removed; try again, or " +
                "end that process first. The lock holder: " + ex.getMessage());
        }
        try
        {
            final List<String> ours = new ArrayList<>();
            long bytes = 0;
            try (DirectoryStream<Path> s = Files.newDirectoryStream(dir))
            {
                for (final Path p : s)
                {
                    final String name = p.getFileName().toString();
                    if (SystemFiles.isCreatedBySystem(name) && !Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS))
                    {
                        ours.add(name);
                        bytes += Files.size(p);
                    }
                }
            }
            catch (final IOException ex)
            {
                throw new IucvException(ReturnCode.RESOURCES_EXHAUSTED, "cannot list " + dir + ": " + ex);
            }
            ours.sort(null);
            final List<String> messages = new ArrayList<>();
            final List<String> foreign = SystemFiles.cleanup(dir, messages::add);
            final List<String> removed = new ArrayList<>();
            for (final String name : ours)
            {
                if (!Files.exists(dir.resolve(name), LinkOption.NOFOLLOW_LINKS))
                {
                    removed.add(name);
                }
            }
            out.println("system " + system + " had no live Supervisor (" + why + "): removed its " +
                removed.size() + " file(s), " + bytes / 1024 + " KiB, from " + dir +
                (removed.isEmpty() ? "" : ": " + String.join(", ", removed)));
            if (Files.isDirectory(dir.resolve("journal")))
            {
                out.println("its journal stays in " + dir.resolve("journal") + " for iucv trace");
            }
            if (!foreign.isEmpty())
            {
                out.println("left " + foreign.size() + " file(s) vm-iucv did not create: " +
                    String.join(", ", foreign));
            }
            for (final String m : messages)
            {
                if (m.contains("cannot"))
                {
                    out.println(m);
                }
            }
        }
        finally
        {
            lock.close();
        }
    }
}
