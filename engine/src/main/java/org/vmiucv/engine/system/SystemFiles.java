package org.vmiucv.engine.system;

import java.io.IOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The names of the files a system creates in its directory, for every transport, and the cleanup at a clean stop
 * that removes exactly those. Anything else in the directory (a user's file, the journal, a {@code journal.corrupt-*}
 * copy the CP said it kept) is left alone, and then so is the directory.
 */
public final class SystemFiles
{
    /** Name pattern of the shm start probe: one unique name per attempt. */
    public static final String PROBE_PREFIX = "probe";
    /** Suffix of the shm start probe. */
    public static final String PROBE_SUFFIX = ".shm";

    /**
     * What a Supervisor or its clients create: tables, control, client and inbox rings, shm probes, XFL FIFOs, hello
     * and pid files, and the temporary files they are written through.
     */
    private static final Pattern CREATED = Pattern.compile(
        "(system\\.tables|control\\.ring|client-[0-9a-f]+\\.ring|inbox-[A-Z0-9@#$]{1,8}-[0-9]+\\.ring)" +
        "(\\.new-[0-9]+-[0-9a-f]+)?|" +
        "probe(-[0-9a-z.-]+)?\\.shm|xfl-.+|[a-z-]*supervisor\\.pid(\\.tmp)?");
    /** What outlives a stop on purpose: the journal and the damaged journals set aside. */
    private static final Pattern KEPT = Pattern.compile("journal|journal\\.corrupt-.+");
    private static final Pattern PROBE = Pattern.compile("probe(-[0-9a-z.-]+)?\\.shm");

    private SystemFiles()
    {
    }

    /**
     * @param name a file name found in a system directory.
     * @return true if the system created it and removes it at a clean stop.
     */
    public static boolean isCreatedBySystem(final String name)
    {
        return CREATED.matcher(name).matches();
    }

    /**
     * @param name a file name found in a system directory.
     * @return true if the system keeps it after a stop (the journal and its damaged copies).
     */
    public static boolean isKept(final String name)
    {
        return KEPT.matcher(name).matches();
    }

    /**
     * @param name the name a mapped file is published under.
     * @return the unique name it is created and initialised under first (pid and time), then linked to
     *         {@code name}: a killed creator leaves only this name behind, which {@link #cleanup} removes.
     */
    public static String unpublishedName(final String name)
    {
        return name + ".new-" + ProcessHandle.current().pid() + "-" + Long.toHexString(System.nanoTime());
    }

    /**
     * @return a probe file name no other attempt uses: pid and time.
     */
    public static String uniqueProbeName()
    {
        return PROBE_PREFIX + "-" + ProcessHandle.current().pid() + "-" + Long.toHexString(System.nanoTime()) +
            PROBE_SUFFIX;
    }

    /**
     * Remove probe files a killed start left. Call only while holding the system's {@link SystemLock}: no other
     * start can be probing then.
     *
     * @param dir the system directory.
     * @return how many were removed.
     */
    public static int deleteStaleProbes(final Path dir)
    {
        int removed = 0;
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir, PROBE_PREFIX + "*" + PROBE_SUFFIX))
        {
            for (final Path p : s)
            {
                if (PROBE.matcher(p.getFileName().toString()).matches() &&
                    Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS) && Files.deleteIfExists(p))
                {
                    removed++;
                }
            }
        }
        catch (final IOException ignore)
        {
            // no directory, nothing stale
        }
        return removed;
    }

    /**
     * Remove the files the system created from its directory, keep the journal and anything foreign, and remove
     * the directory if that left it empty.
     *
     * @param dir the system directory.
     * @param log told which foreign files stayed.
     * @return the names of the foreign files left, empty if none.
     */
    public static List<String> cleanup(final Path dir, final SystemLog log)
    {
        final List<String> foreign = new ArrayList<>();
        boolean kept = false;
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir))
        {
            for (final Path p : s)
            {
                final String name = p.getFileName().toString();
                if (isKept(name))
                {
                    kept = true;
                }
                else if (isCreatedBySystem(name) && !Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS))
                {
                    try
                    {
                        Files.deleteIfExists(p);
                    }
                    catch (final IOException ex)
                    {
                        log.log("CP cannot remove " + p + ": " + ex);
                    }
                }
                else
                {
                    foreign.add(name);
                }
            }
        }
        catch (final NoSuchFileException ex)
        {
            return foreign;
        }
        catch (final IOException ex)
        {
            log.log("CP cannot list " + dir + " to clean it: " + ex);
            return foreign;
        }
        if (!foreign.isEmpty())
        {
            foreign.sort(null);
            log.log("CP left " + foreign.size() + " file(s) it did not create in " + dir + ": " +
                String.join(", ", foreign) + " (the directory stays)");
        }
        else if (!kept)
        {
            try
            {
                Files.deleteIfExists(dir);
            }
            catch (final DirectoryNotEmptyException ex)
            {
                // a client created a file meanwhile: it stays, and so does the directory
            }
            catch (final IOException ex)
            {
                log.log("CP cannot remove " + dir + ": " + ex);
            }
        }
        return foreign;
    }
}
