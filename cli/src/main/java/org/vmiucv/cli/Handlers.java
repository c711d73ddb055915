package org.vmiucv.cli;

import java.lang.reflect.InvocationTargetException;

import org.vmiucv.engine.MachineHandler;
import org.vmiucv.engine.system.SystemLog;

/**
 * Makes the handler named by {@code --handler}: {@code echo}, {@code log}, or the fully qualified name of a class
 * implementing {@link MachineHandler} with a public no-argument constructor.
 */
final class Handlers
{
    private Handlers()
    {
    }

    /**
     * @param spec {@code echo}, {@code log} or a class name.
     * @param log  where the built-in handlers print.
     * @return a new handler.
     * @throws UsageException if the class is missing, of the wrong type or cannot be made.
     */
    static MachineHandler create(final String spec, final SystemLog log) throws UsageException
    {
        switch (spec)
        {
            case "echo": return new EchoHandler(log);
            case "log": return new LogHandler(log);
            default: return load(spec);
        }
    }

    private static MachineHandler load(final String className) throws UsageException
    {
        final Class<?> type;
        try
        {
            type = Class.forName(className, true, Handlers.class.getClassLoader());
        }
        catch (final ClassNotFoundException | LinkageError ex)
        {
            throw new UsageException("handler '" + className + "' is neither echo, log nor a class on the classpath" +
                (ex instanceof LinkageError ? " (" + ex + ")" : ""));
        }
        if (!MachineHandler.class.isAssignableFrom(type))
        {
            throw new UsageException("class " + className + " does not implement " + MachineHandler.class.getName());
        }
        try
        {
            return (MachineHandler)type.getConstructor().newInstance();
        }
        catch (final NoSuchMethodException ex)
        {
            throw new UsageException("class " + className + " has no public no-argument constructor");
        }
        catch (final InvocationTargetException ex)
        {
            throw new UsageException("the constructor of " + className + " threw " + ex.getCause());
        }
        catch (final ReflectiveOperationException ex)
        {
            throw new UsageException("cannot make a " + className + ": " + ex);
        }
    }
}
