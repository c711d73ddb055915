package org.vmiucv.cli;

import java.io.File;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Modifier;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.vmiucv.engine.IucvException;
import org.vmiucv.engine.MachineHandler;
import org.vmiucv.engine.ReturnCode;
import org.vmiucv.engine.system.SystemLog;

/**
 * Makes the handler named by {@code --handler}: {@code echo}, {@code log}, or the fully qualified name of a class
 * implementing {@link MachineHandler} with a public no-argument constructor, looked up on {@code --classpath}
 * (jars and directories) and then on iucv's own class path. {@code java -jar} ignores {@code CLASSPATH}, so
 * {@code --classpath} is how a user's handler gets into {@code ./iucv}.
 */
final class Handlers
{
    private Handlers()
    {
    }

    /**
     * @param spec {@code echo}, {@code log} or a class name.
     * @param log  where the built-in handlers print.
     * @param classpath where to find a handler class; null: iucv's own class path only.
     * @return a new handler.
     * @throws IucvException 24 if the class is missing, of the wrong type or cannot be made, or the class path
     * names something that is not there.
     */
    static MachineHandler create(final String spec, final SystemLog log, final String classpath) throws IucvException
    {
        switch (spec)
        {
            case "echo": return new EchoHandler(log);
            case "log": return new LogHandler(log);
            default: return load(spec, loader(classpath));
        }
    }

    /**
     * @param classpath entries separated by {@code :} (the platform's path separator): jars, directories, or
     *                  {@code DIR/*} for every jar in DIR, as {@code java -cp} takes them; null for none.
     * @return a loader whose parent is iucv's own (so the handler sees the same engine classes).
     * @throws IucvException 24 if an entry does not exist.
     */
    static ClassLoader loader(final String classpath) throws IucvException
    {
        final ClassLoader app = Handlers.class.getClassLoader();
        if (null == classpath)
        {
            return app;
        }
        final List<URL> urls = new ArrayList<>();
        for (final String entry : classpath.split(File.pathSeparator))
        {
            if (entry.isBlank())
            {
                continue;
            }
            try
            {
                if (entry.endsWith(File.separator + "*") || entry.equals("*"))
                {
                    final Path dir = Path.of(entry.substring(0, entry.length() - 1).isEmpty() ? "." :
                        entry.substring(0, entry.length() - 1));
                    if (!Files.isDirectory(dir))
                    {
                        throw noSuchEntry(entry, classpath);
                    }
                    try (Stream<Path> jars = Files.list(dir))
                    {
                        for (final Path jar : jars.filter(p -> p.toString().endsWith(".jar")).sorted().toList())
                        {
                            urls.add(jar.toUri().toURL());
                        }
                    }
                    continue;
                }
                final Path p = Path.of(entry);
                if (!Files.exists(p))
                {
                    throw noSuchEntry(entry, classpath);
                }
                urls.add(p.toAbsolutePath().toUri().toURL()); // a directory's URI ends with '/', as it must
            }
            catch (final MalformedURLException | java.nio.file.InvalidPathException ex)
            {
                throw new IucvException(ReturnCode.INVALID_PARAMETER, "--classpath entry '" + Show.text(entry) +
                    "' is not a usable path: " + ex.getMessage());
            }
            catch (final java.io.IOException ex)
            {
                throw new IucvException(ReturnCode.INVALID_PARAMETER, "--classpath entry '" + Show.text(entry) +
                    "' cannot be read: " + ex);
            }
        }
        return new URLClassLoader("iucv-handler", urls.toArray(new URL[0]), app);
    }

    private static IucvException noSuchEntry(final String entry, final String classpath)
    {
        return new IucvException(ReturnCode.INVALID_PARAMETER, "--classpath entry '" + Show.text(entry) +
            "' does not exist (--classpath '" + Show.text(classpath) + "'; jars, directories or DIR/* separated " +
            "by '" + File.pathSeparator + "')");
    }

    private static MachineHandler load(final String className, final ClassLoader loader) throws IucvException
    {
        final Class<?> type;
        try
        {
            type = Class.forName(className, true, loader);
        }
        catch (final ClassNotFoundException | LinkageError ex)
        {
            throw invalid("handler '" + Show.text(className) + "' is neither echo, log nor a class on the " +
                (loader instanceof URLClassLoader ? "--classpath or iucv's class path" :
                "class path (add yours with --classpath JARS_OR_DIRS)") +
                (ex instanceof LinkageError ? " (" + ex + ")" : ""));
        }
        if (!MachineHandler.class.isAssignableFrom(type))
        {
            throw invalid("class " + className + " does not implement " + MachineHandler.class.getName() +
                (MachineHandler.class.getName().equals(sameNamedInterface(type)) ? " of iucv's class path (the " +
                "engine classes are on --classpath too; leave them out)" : ""));
        }
        if (Modifier.isAbstract(type.getModifiers()))
        {
            throw invalid("class " + className + " is abstract or an interface; a handler class must be concrete");
        }
        try
        {
            return (MachineHandler)type.getConstructor().newInstance();
        }
        catch (final NoSuchMethodException | IllegalAccessException ex)
        {
            throw invalid("class " + className + " has no public no-argument constructor (a handler class needs " +
                "one, and must itself be public)");
        }
        catch (final InvocationTargetException ex)
        {
            throw invalid("the constructor of " + className + " threw " + ex.getCause());
        }
        catch (final ReflectiveOperationException ex)
        {
            throw invalid("cannot make a " + className + ": " + ex);
        }
    }

    /** @return the name of an interface of that type named like MachineHandler but from another loader, or null. */
    private static String sameNamedInterface(final Class<?> type)
    {
        for (final Class<?> i : type.getInterfaces())
        {
            if (i.getName().equals(MachineHandler.class.getName()))
            {
                return i.getName();
            }
        }
        return null;
    }

    private static IucvException invalid(final String detail)
    {
        return new IucvException(ReturnCode.INVALID_PARAMETER, detail);
    }
}
