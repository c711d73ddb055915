package org.vmiucv.engine.testkit;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import org.agrona.concurrent.UnsafeBuffer;
import org.vmiucv.engine.IucvException;
import org.vmiucv.engine.MachineContext;
import org.vmiucv.engine.MachineId;
import org.vmiucv.engine.PathId;
import org.vmiucv.engine.Supervisor;
import org.vmiucv.engine.UserData;
import org.vmiucv.engine.system.EmbeddedSystem;
import org.vmiucv.engine.system.SystemOptions;

/**
 * The in-process transport under test: one embedded system with two host threads.
 */
public final class InProcessTestSystem implements TestSystem
{
    private final EmbeddedSystem system;
    private final List<Supervisor> hosts = new ArrayList<>();

    /**
     * Start it.
     *
     * @throws IucvException if the second host cannot attach.
     */
    public InProcessTestSystem() throws IucvException
    {
        this(new SystemOptions());
    }

    /**
     * Start it with the given options.
     *
     * @param options sizes and timeouts.
     * @throws IucvException if the second host cannot attach.
     */
    public InProcessTestSystem(final SystemOptions options) throws IucvException
    {
        system = EmbeddedSystem.start(options);
        hosts.add(system);
        hosts.add(system.attachHost());
    }

    /** {@inheritDoc} */
    public Supervisor supervisor()
    {
        return system;
    }

    /** {@inheritDoc} */
    public int hosts()
    {
        return hosts.size();
    }

    /** {@inheritDoc} */
    public long hostPid(final int host)
    {
        return ProcessHandle.current().pid();
    }

    /** {@inheritDoc} */
    public TestMachine ipl(final String name, final int host, final String spec) throws IucvException
    {
        final CollectorHandle handle = new CollectorHandle();
        final Supervisor h = hosts.get(host);
        final CollectorHandler handler = CollectorHandler.fromSpec(handle, spec).supervisor(h);
        final MachineId id = MachineId.parse(name);
        h.ipl(id, handler);
        return new Local(h, id, handler);
    }

    /**
     * @return the embedded system under test.
     */
    public EmbeddedSystem system()
    {
        return system;
    }

    /** {@inheritDoc} */
    public void close()
    {
        system.close();
    }

    private static final class Local implements TestMachine
    {
        private final Supervisor host;
        private final MachineId id;
        private final CollectorHandler handler;

        Local(final Supervisor host, final MachineId id, final CollectorHandler handler)
        {
            this.host = host;
            this.id = id;
            this.handler = handler;
        }

        private <T> T on(final Function<MachineContext, T> action)
        {
            try
            {
                return host.execute(id, action).get(10, TimeUnit.SECONDS);
            }
            catch (final Exception ex)
            {
                throw new AssertionError("action on " + id + " failed: " + ex, ex);
            }
        }

        public MachineId id()
        {
            return id;
        }

        public CollectorHandle events()
        {
            return handler.handle();
        }

        public long pid()
        {
            return ProcessHandle.current().pid();
        }

        public long smsg(final String to, final String text)
        {
            return on(ctx -> (long)ctx.trySendSmsg(MachineId.of(to), text));
        }

        public long send(final PathId path, final byte[] data)
        {
            return on(ctx -> ctx.iucvSend(path, new UnsafeBuffer(data), 0, data.length));
        }

        public long sendTwoWay(final PathId path, final byte[] data, final long timeoutMs)
        {
            return on(ctx -> ctx.iucvSendTwoWay(path, new UnsafeBuffer(data), 0, data.length, timeoutMs * 1_000_000L));
        }

        public long reply(final PathId path, final long messageId, final byte[] data)
        {
            return on(ctx -> (long)ctx.reply(path, messageId, new UnsafeBuffer(data), 0, data.length));
        }

        public int sever(final PathId path, final UserData ud)
        {
            return on(ctx -> ctx.severPath(path, ud));
        }

        public int quiesce(final PathId path, final UserData ud)
        {
            return on(ctx -> ctx.quiesce(path, ud));
        }

        public int resume(final PathId path, final UserData ud)
        {
            return on(ctx -> ctx.resume(path, ud));
        }

        public long stream(final PathId path, final int count, final int size, final long timeoutMs)
        {
            final long deadline = System.nanoTime() + timeoutMs * 1_000_000L;
            int sent = 0;
            while (sent < count && System.nanoTime() < deadline)
            {
                final int from = sent;
                final long n = on(ctx -> MachineActions.streamBatch(ctx, path, from, count, size));
                if (n < 0)
                {
                    break;
                }
                sent += (int)n;
                if (0 == n)
                {
                    Thread.yield();
                }
            }
            return sent;
        }

        public long smsgBurst(final String to, final String prefix, final int count)
        {
            return on(ctx -> MachineActions.smsgBurst(ctx, to, prefix, count));
        }

        public void hold(final boolean hold)
        {
            handler.hold(hold);
        }
    }
}
