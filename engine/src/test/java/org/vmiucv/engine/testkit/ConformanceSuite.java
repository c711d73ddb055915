package org.vmiucv.engine.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.vmiucv.engine.testkit.CollectorHandle.Kind.COMPLETE;
import static org.vmiucv.engine.testkit.CollectorHandle.Kind.DATA;
import static org.vmiucv.engine.testkit.CollectorHandle.Kind.IPL;
import static org.vmiucv.engine.testkit.CollectorHandle.Kind.LOGOFF;
import static org.vmiucv.engine.testkit.CollectorHandle.Kind.PENDING;
import static org.vmiucv.engine.testkit.CollectorHandle.Kind.QUIESCED;
import static org.vmiucv.engine.testkit.CollectorHandle.Kind.REPLY;
import static org.vmiucv.engine.testkit.CollectorHandle.Kind.REPLY_TIMEOUT;
import static org.vmiucv.engine.testkit.CollectorHandle.Kind.RESUMED;
import static org.vmiucv.engine.testkit.CollectorHandle.Kind.SEVERED;
import static org.vmiucv.engine.testkit.CollectorHandle.Kind.SMSG;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.vmiucv.engine.ConnectOptions;
import org.vmiucv.engine.IucvBuffer;
import org.vmiucv.engine.IucvException;
import org.vmiucv.engine.MachineId;
import org.vmiucv.engine.MachineInfo;
import org.vmiucv.engine.PathId;
import org.vmiucv.engine.PathInfo;
import org.vmiucv.engine.ReturnCode;
import org.vmiucv.engine.SendResult;
import org.vmiucv.engine.SmsgText;
import org.vmiucv.engine.Supervisor;
import org.vmiucv.engine.UserData;
import org.vmiucv.engine.testkit.CollectorHandle.Event;

/**
 * The conformance suite: every semantic of DESIGN.md, written once. A transport runs it by extending this class
 * and returning its {@link TestSystem}. Machines are spread over two hosts (processes, for cross-process
 * transports) wherever the case is about two machines.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
public abstract class ConformanceSuite
{
    /** Deadline of every wait. */
    protected static final Duration T = Duration.ofSeconds(10);

    /** The system under test, fresh per test. */
    protected TestSystem sys;
    /** Its control plane. */
    protected Supervisor cp;

    /**
     * @return a new system of the transport under test.
     * @throws Exception if it cannot start.
     */
    protected abstract TestSystem startSystem() throws Exception;

    /**
     * A second, small system for the full-table cases. A transport that cannot size its tables aborts the test
     * (a visible skip), never passes it.
     *
     * @param maxMachines machine table size.
     * @param maxPaths    path table size.
     * @return the system; the test closes it.
     * @throws Exception if it cannot start.
     */
    protected TestSystem startSmallSystem(final int maxMachines, final int maxPaths) throws Exception
    {
        org.junit.jupiter.api.Assumptions.abort(getClass().getSimpleName() + " cannot size its tables");
        return null;
    }

    /**
     * Write a well-formed DATA frame straight into the inbox of {@code to}, naming {@code as} as its source (see
     * {@link FrameForger}). A transport whose inboxes a test cannot reach aborts the test (a visible skip).
     *
     * @param to   the receiving machine.
     * @param as   the machine named as the source.
     * @param path the path in the header.
     * @param text the payload.
     * @throws Exception if it cannot be written.
     */
    protected void forgeData(final MachineId to, final MachineId as, final PathId path, final String text)
        throws Exception
    {
        org.junit.jupiter.api.Assumptions.abort(getClass().getSimpleName() + " has no inbox a test can write to");
    }

    @BeforeEach
    void start() throws Exception
    {
        sys = startSystem();
        cp = sys.supervisor();
    }

    @AfterEach
    void stop()
    {
        if (null != sys)
        {
            sys.close();
        }
    }

    /** Connect {@code a} to {@code b} and wait until both ends saw COMPLETE. */
    protected PathId connect(final TestMachine a, final TestMachine b, final ConnectOptions options)
        throws IucvException
    {
        final PathId path = cp.connect(a.id(), b.id(), options);
        a.events().awaitMatching(e -> e.kind() == COMPLETE && path.equals(e.path()), 1, T, "COMPLETE at " + a.id());
        b.events().awaitMatching(e -> e.kind() == COMPLETE && path.equals(e.path()), 1, T, "COMPLETE at " + b.id());
        return path;
    }

    /** Connect with default options. */
    protected PathId connect(final TestMachine a, final TestMachine b) throws IucvException
    {
        return connect(a, b, ConnectOptions.DEFAULT);
    }

    private static IucvException refused(final ReturnCode rc, final org.junit.jupiter.api.function.Executable call)
    {
        final IucvException ex = assertThrows(IucvException.class, call);
        assertEquals(rc, ex.returnCode(), ex.getMessage());
        assertTrue(ex.getMessage().startsWith(String.format("DMSIUC%03d%c", rc.code(), rc.severity())), ex.getMessage());
        return ex;
    }

    private static MachineId id(final String name)
    {
        return MachineId.of(name);
    }

    private void eventually(final java.util.function.BooleanSupplier condition, final String what)
        throws InterruptedException
    {
        final long deadline = System.nanoTime() + T.toNanos();
        while (!condition.getAsBoolean())
        {
            if (System.nanoTime() > deadline)
            {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(5);
        }
    }

    // ------------------------------------------------------------------ lifecycle and names

    @Test
    void iplRunsOnIplAndQueryShowsMachinesWithPids() throws Exception
    {
        final TestMachine a = sys.ipl("ALPHA", 0);
        final TestMachine b = sys.ipl("BETA", 1);
        a.events().await(IPL, T);
        b.events().await(IPL, T);
        final List<MachineInfo> names = cp.queryNames();
        assertEquals(List.of(id("ALPHA"), id("BETA")), names.stream().map(MachineInfo::name).toList());
        assertEquals(sys.hostPid(0), names.get(0).pid());
        assertEquals(sys.hostPid(1), names.get(1).pid());
        assertEquals("ACTIVE", names.get(0).state());
    }

    @Test
    void machineNamesAreCaseInsensitive() throws Exception
    {
        sys.ipl("mixed1", 0);
        refused(ReturnCode.ALREADY_RUNNING, () -> sys.ipl("MIXED1", 1));
        cp.logoff(id("Mixed1"));
        assertTrue(cp.queryNames().isEmpty());
    }

    @Test
    void duplicateIplIsAlreadyRunning() throws Exception
    {
        sys.ipl("DUP", 0);
        final IucvException ex = refused(ReturnCode.ALREADY_RUNNING, () -> sys.ipl("DUP", 1));
        assertTrue(ex.getMessage().contains("DUP is already logged on"), ex.getMessage());
    }

    @Test
    void invalidMachineNamesAreInvalidParameter()
    {
        assertTrue(refused(ReturnCode.INVALID_PARAMETER, () -> sys.ipl("", 0)).getMessage().contains("empty"));
        assertTrue(refused(ReturnCode.INVALID_PARAMETER, () -> sys.ipl("NINECHARS", 0)).getMessage()
            .contains("at most 8"));
        assertTrue(refused(ReturnCode.INVALID_PARAMETER, () -> sys.ipl("BAD-NAME", 0)).getMessage()
            .contains("'-' at position 4"));
        assertTrue(refused(ReturnCode.INVALID_PARAMETER, () -> sys.ipl("*MSG", 0)).getMessage().contains("reserved"));
    }

    @Test
    void logoffOfUnknownAndTwiceIsMachineNotFound() throws Exception
    {
        refused(ReturnCode.MACHINE_NOT_FOUND, () -> cp.logoff(id("NOBODY")));
        final TestMachine a = sys.ipl("ONCE", 1);
        cp.logoff(a.id());
        a.events().await(LOGOFF, T);
        final IucvException ex = refused(ReturnCode.MACHINE_NOT_FOUND, () -> cp.logoff(a.id()));
        assertTrue(ex.getMessage().contains("ONCE is not logged on"), ex.getMessage());
    }

    @Test
    void nameCanBeReusedAfterLogoff() throws Exception
    {
        final TestMachine a = sys.ipl("AGAIN", 0);
        cp.logoff(a.id());
        final TestMachine b = sys.ipl("AGAIN", 1);
        b.events().await(IPL, T);
        cp.smsg(id("OP"), id("AGAIN"), SmsgText.of("second life"));
        assertEquals("second life", b.events().await(SMSG, T).text());
        assertEquals(0, a.events().count(SMSG));
    }

    @Test
    void panicInIplSurfacesAtLogoffAndOthersRunOn() throws Exception
    {
        final TestMachine bad = sys.ipl("BAD", 0, "panic=ipl");
        final TestMachine good = sys.ipl("GOOD", 0);
        cp.smsg(id("OP"), good.id(), SmsgText.of("still here"));
        assertEquals("still here", good.events().await(SMSG, T).text());
        final IucvException ex = refused(ReturnCode.MACHINE_PANICKED, () -> cp.logoff(bad.id()));
        assertTrue(ex.getMessage().contains("BAD"), ex.getMessage());
        assertEquals(0, bad.events().count(LOGOFF));
        assertEquals(List.of(id("GOOD")), cp.queryNames().stream().map(MachineInfo::name).toList());
    }

    @Test
    void panicInCallbackIsIsolatedAndSeversItsPaths() throws Exception
    {
        final TestMachine bad = sys.ipl("FRAGILE", 0, "panic=smsg");
        final TestMachine peer = sys.ipl("PEER", 1);
        final TestMachine bystander = sys.ipl("BYSTAND", 0);
        final PathId path = connect(peer, bad);
        cp.smsg(id("OP"), bad.id(), SmsgText.of("boom"));
        peer.events().awaitMatching(e -> e.kind() == SEVERED && path.equals(e.path()), 1, T, "SEVERED at PEER");
        assertEquals(SendResult.PATH_NOT_ESTABLISHED, peer.send(path, new byte[8]));
        cp.smsg(id("OP"), bystander.id(), SmsgText.of("fine"));
        assertEquals("fine", bystander.events().await(SMSG, T).text());
        assertEquals(SendResult.CLOSED, bad.smsg("BYSTAND", "from the grave"), "a panicked machine sends nothing");
        assertEquals(SendResult.CLOSED, bad.send(path, new byte[1]));
        refused(ReturnCode.MACHINE_PANICKED, () -> cp.logoff(bad.id()));
        cp.logoff(peer.id());
        peer.events().await(LOGOFF, T);
    }

    @Test
    void logoffSeversEveryPathNotifiesPeersAndGetsOnLogoffNotSevered() throws Exception
    {
        final TestMachine hub = sys.ipl("HUB", 0);
        final TestMachine p1 = sys.ipl("P1", 1);
        final TestMachine p2 = sys.ipl("P2", 1);
        final PathId a = connect(hub, p1);
        final PathId b = connect(p2, hub);
        cp.logoff(hub.id());
        assertEquals(a, p1.events().await(SEVERED, T).path());
        assertEquals(b, p2.events().await(SEVERED, T).path());
        hub.events().await(LOGOFF, T);
        assertEquals(0, hub.events().count(SEVERED));
        assertTrue(cp.queryPaths().isEmpty());
    }

    @Test
    void operationsAfterShutdownAreSupervisorDown() throws Exception
    {
        final TestMachine a = sys.ipl("LAST", 1);
        cp.shutdown();
        a.events().await(LOGOFF, T);
        refused(ReturnCode.SUPERVISOR_DOWN, () -> sys.ipl("LATE", 0));
        refused(ReturnCode.SUPERVISOR_DOWN, () -> cp.logoff(id("LAST")));
        refused(ReturnCode.SUPERVISOR_DOWN, () -> cp.connect(id("LAST"), id("LAST")));
        refused(ReturnCode.SUPERVISOR_DOWN, () -> cp.smsg(id("OP"), id("LAST"), SmsgText.of("x")));
        refused(ReturnCode.SUPERVISOR_DOWN, () -> cp.queryNames());
        refused(ReturnCode.SUPERVISOR_DOWN, () -> cp.shutdown());
    }

    // ------------------------------------------------------------------ SMSG

    @Test
    void smsgOfExactly236BytesIsDelivered() throws Exception
    {
        final TestMachine a = sys.ipl("SENDER", 0);
        final TestMachine b = sys.ipl("RECVR", 1);
        final String text = "x".repeat(236);
        assertEquals(SendResult.OK, a.smsg("RECVR", text));
        final Event e = b.events().await(SMSG, T);
        assertEquals(text, e.text());
        assertEquals(id("SENDER"), e.peer());
        cp.smsg(id("OPERATOR"), b.id(), SmsgText.of(text));
        assertEquals(text, b.events().await(SMSG, 2, T).get(1).text());
    }

    @Test
    void smsgOf237BytesIsRejected() throws Exception
    {
        final TestMachine a = sys.ipl("SENDER", 0);
        sys.ipl("RECVR", 1);
        final IucvException ex = refused(ReturnCode.INVALID_PARAMETER, () -> SmsgText.of("y".repeat(237)));
        assertTrue(ex.getMessage().contains("237 bytes; at most 236"), ex.getMessage());
        assertEquals(SendResult.INVALID_LENGTH, a.smsg("RECVR", "y".repeat(237)));
    }

    @Test
    void smsgWithNonAsciiIsRejected() throws Exception
    {
        final TestMachine a = sys.ipl("SENDER", 0);
        final TestMachine b = sys.ipl("RECVR", 1);
        assertTrue(refused(ReturnCode.INVALID_PARAMETER, () -> SmsgText.of("caf\u00e9")).getMessage()
            .contains("non-ASCII"));
        assertEquals(SendResult.INVALID_LENGTH, a.smsg("RECVR", "caf\u00e9"));
        assertEquals(SendResult.INVALID_LENGTH, a.smsg("RECVR", "x\u0100")); // not only Latin-1
        // the refused texts left nothing behind: the next SMSG is the first the receiver sees
        assertEquals(SendResult.OK, a.smsg("RECVR", "cafe"));
        assertEquals("cafe", b.events().await(SMSG, T).text());
    }

    @Test
    void smsgToUnknownMachine() throws Exception
    {
        final TestMachine a = sys.ipl("LONELY", 0);
        refused(ReturnCode.MACHINE_NOT_FOUND, () -> cp.smsg(id("OP"), id("GHOST"), SmsgText.of("hi")));
        assertEquals(SendResult.MACHINE_NOT_FOUND, a.smsg("GHOST", "hi"));
    }

    @Test
    void smsgToFullInboxIsChannelBusyFromSupervisorAndCountedDropFromHandler() throws Exception
    {
        final TestMachine sender = sys.ipl("FLOODER", 0);
        final TestMachine blocker = sys.ipl("BLOCKER", 1, "hold");
        final TestMachine target = sys.ipl("TARGET", 1);
        final TestMachine feeder = sys.ipl("FEEDER", 0);
        final PathId path = connect(feeder, blocker);
        assertTrue(feeder.send(path, new byte[1]) > 0);
        blocker.events().await(DATA, T);
        try
        {
            long accepted = 0;
            IucvException busy = null;
            for (int i = 0; i < 100_000 && null == busy; i++)
            {
                try
                {
                    cp.smsg(id("OP"), target.id(), SmsgText.of("z".repeat(200)));
                    accepted++;
                }
                catch (final IucvException ex)
                {
                    busy = ex;
                }
            }
            assertTrue(null != busy, "inbox never filled");
            assertEquals(ReturnCode.CHANNEL_BUSY, busy.returnCode());
            assertTrue(busy.getMessage().contains("TARGET is full"), busy.getMessage());
            assertTrue(busy.getMessage().startsWith("DMSIUC020W Channel busy"), "a warning, as in the seed: " +
                busy.getMessage());
            assertTrue(accepted > 100, "accepted " + accepted);
            final long ok = sender.smsgBurst("TARGET", "late", 10);
            assertEquals(0, ok);
            assertEquals(SendResult.DROPPED, sender.smsg("TARGET", "one more"), "the status a handler gets");
            eventually(() -> dropped("FLOODER") == 11, "11 drops counted at FLOODER");
            blocker.hold(false);
            final long expected = accepted;
            eventually(() -> target.events().count(SMSG) == expected, expected + " SMSGs at TARGET");
        }
        finally
        {
            blocker.hold(false);
        }
    }

    private long dropped(final String name)
    {
        try
        {
            return cp.queryNames().stream().filter(m -> m.name().name().equals(name)).findFirst()
                .map(MachineInfo::dropped).orElse(-1L);
        }
        catch (final IucvException ex)
        {
            throw new AssertionError(ex);
        }
    }

    // ------------------------------------------------------------------ CONNECT, accept, refuse, sever

    @Test
    void connectAcceptEstablishesAtBothEnds() throws Exception
    {
        final TestMachine a = sys.ipl("CALLER", 0);
        final TestMachine b = sys.ipl("CALLEE", 1);
        final PathId path = connect(a, b);
        assertEquals(id("CALLER"), b.events().await(PENDING, T).peer());
        assertEquals(id("CALLEE"), a.events().await(COMPLETE, T).peer());
        assertEquals(id("CALLER"), b.events().await(COMPLETE, T).peer());
        final List<PathInfo> paths = cp.queryPaths();
        assertEquals(1, paths.size());
        assertEquals(path, paths.get(0).path());
        assertEquals("ESTABLISHED", paths.get(0).state());
        assertEquals(id("CALLER"), paths.get(0).initiator());
        assertEquals(sys.hostPid(1), paths.get(0).pidB());
    }

    @Test
    void initiatorCanSendAsSoonAsConnectReturns() throws Exception
    {
        final TestMachine a = sys.ipl("QUICK", 0);
        final TestMachine b = sys.ipl("B1", 1);
        for (int i = 0; i < 20; i++)
        {
            final PathId path = cp.connect(a.id(), b.id());
            final long id = a.send(path, TestMachine.payload(i, 8));
            assertTrue(id > 0, "send right after connect: " + SendResult.describe(id));
            b.events().await(DATA, i + 1, T);
            cp.sever(path);
        }
        assertEquals(20, b.events().of(DATA).size());
    }

    @Test
    void refusalIsConnectionRefusedAndLeavesNoPath() throws Exception
    {
        final TestMachine a = sys.ipl("CALLER", 0);
        final TestMachine b = sys.ipl("SNOB", 1, "refuse=ALL");
        final IucvException ex = refused(ReturnCode.CONNECTION_REFUSED, () -> cp.connect(a.id(), b.id()));
        assertTrue(ex.getMessage().contains("SNOB refused"), ex.getMessage());
        assertTrue(cp.queryPaths().isEmpty());
        assertEquals(0, a.events().count(COMPLETE));
        assertEquals(0, b.events().count(COMPLETE));
    }

    @Test
    void gatingRefusesOneCallerAndAcceptsAnother() throws Exception
    {
        final TestMachine gate = sys.ipl("GATE", 1, "refuse=EVE");
        final TestMachine alice = sys.ipl("ALICE", 0);
        final TestMachine eve = sys.ipl("EVE", 0);
        final PathId ok = connect(alice, gate);
        refused(ReturnCode.CONNECTION_REFUSED, () -> cp.connect(eve.id(), gate.id()));
        assertEquals(List.of(ok), cp.queryPaths().stream().map(PathInfo::path).toList());
    }

    @Test
    void connectToUnknownOrFromUnknownIsMachineNotFound() throws Exception
    {
        final TestMachine a = sys.ipl("REAL", 0);
        assertTrue(refused(ReturnCode.MACHINE_NOT_FOUND, () -> cp.connect(a.id(), id("GHOST"))).getMessage()
            .contains("target GHOST"));
        assertTrue(refused(ReturnCode.MACHINE_NOT_FOUND, () -> cp.connect(id("GHOST"), a.id())).getMessage()
            .contains("initiator GHOST"));
    }

    @Test
    void connectToSelfWorks() throws Exception
    {
        final TestMachine a = sys.ipl("NARCISS", 1);
        final PathId path = cp.connect(a.id(), a.id());
        a.events().await(COMPLETE, T);
        assertTrue(a.send(path, "mirror".getBytes()) > 0);
        assertEquals("mirror", new String(a.events().await(DATA, T).data()));
        cp.sever(path);
        a.events().await(SEVERED, T);
    }

    @Test
    void doubleSeverAndUnknownPathArePathNotFound() throws Exception
    {
        final TestMachine a = sys.ipl("A1", 0);
        final TestMachine b = sys.ipl("B1", 1);
        final PathId path = connect(a, b);
        cp.sever(path);
        final IucvException ex = refused(ReturnCode.PATH_NOT_FOUND, () -> cp.sever(path));
        assertTrue(ex.getMessage().contains("path " + path), ex.getMessage());
        refused(ReturnCode.PATH_NOT_FOUND, () -> cp.sever(PathId.of(999, 7)));
        assertEquals(ReturnCode.PATH_NOT_FOUND.code(), a.sever(path, UserData.EMPTY));
    }

    @Test
    void supervisorSeverNotifiesBothEnds() throws Exception
    {
        final TestMachine a = sys.ipl("A1", 0);
        final TestMachine b = sys.ipl("B1", 1);
        final PathId path = connect(a, b);
        cp.sever(path, UserData.of("by the CP"));
        assertEquals("by the CP", a.events().await(SEVERED, T).userData().asText());
        assertEquals("by the CP", b.events().await(SEVERED, T).userData().asText());
    }

    @Test
    void handlerSeverNotifiesOnlyThePeerWithUserData() throws Exception
    {
        final TestMachine a = sys.ipl("A1", 0);
        final TestMachine b = sys.ipl("B1", 1);
        final PathId path = connect(a, b);
        assertEquals(0, a.sever(path, UserData.of("goodbye")));
        final Event e = b.events().await(SEVERED, T);
        assertEquals(path, e.path());
        assertEquals("goodbye", e.userData().asText());
        assertEquals(SendResult.PATH_NOT_ESTABLISHED, a.send(path, new byte[1]));
        eventually(() -> list(cp).isEmpty(), "path removed");
        assertEquals(0, a.events().count(SEVERED));
    }

    private static List<PathInfo> list(final Supervisor cp)
    {
        try
        {
            return cp.queryPaths();
        }
        catch (final IucvException ex)
        {
            throw new AssertionError(ex);
        }
    }

    @Test
    void sendOnSeveredPathIsRejected() throws Exception
    {
        final TestMachine a = sys.ipl("A1", 0);
        final TestMachine b = sys.ipl("B1", 1);
        final PathId path = connect(a, b);
        cp.sever(path);
        a.events().await(SEVERED, T);
        assertEquals(SendResult.PATH_NOT_ESTABLISHED, a.send(path, new byte[4]));
        assertEquals(SendResult.PATH_NOT_ESTABLISHED, b.send(path, new byte[4]));
    }

    @Test
    void sendOnPendingPathIsRejected() throws Exception
    {
        final TestMachine a = sys.ipl("EAGER", 0);
        final TestMachine slowFeeder = sys.ipl("FEEDER", 0);
        final TestMachine slow = sys.ipl("SLOW", 1, "hold");
        final PathId feed = connect(slowFeeder, slow);
        assertTrue(slowFeeder.send(feed, new byte[1]) > 0);
        slow.events().await(DATA, T);
        try
        {
            final CompletableFuture<PathId> pending = cp.connectAsync(a.id(), slow.id(), ConnectOptions.DEFAULT);
            eventually(() -> list(cp).stream().anyMatch(p -> p.state().equals("PENDING")), "a PENDING path");
            final PathId path = list(cp).stream().filter(p -> p.state().equals("PENDING")).findFirst().get().path();
            assertEquals(SendResult.PATH_NOT_ESTABLISHED, a.send(path, new byte[4]));
            slow.hold(false);
            assertEquals(path, pending.get(10, TimeUnit.SECONDS));
            a.events().await(COMPLETE, T);
            assertTrue(a.send(path, new byte[4]) > 0);
        }
        finally
        {
            slow.hold(false);
        }
    }

    @Test
    void onlyTheEndsOfAPathMaySendOnIt() throws Exception
    {
        final TestMachine a = sys.ipl("A1", 0);
        final TestMachine b = sys.ipl("B1", 1);
        final TestMachine c = sys.ipl("INTRUDER", 0);
        final PathId path = connect(a, b);
        assertEquals(SendResult.PATH_NOT_ESTABLISHED, c.send(path, new byte[4]));
        assertEquals(ReturnCode.PATH_NOT_FOUND.code(), c.sever(path, UserData.EMPTY));
        assertTrue(a.send(path, new byte[4]) > 0);
    }

    @Test
    void pathIdsAreNeverReusedAndStaleIdsMissTheNewPath() throws Exception
    {
        final TestMachine a = sys.ipl("A1", 0);
        final TestMachine b = sys.ipl("B1", 1);
        final PathId first = connect(a, b);
        cp.sever(first);
        b.events().await(SEVERED, T);
        final PathId second = connect(a, b);
        assertNotEquals(first, second);
        assertEquals(SendResult.PATH_NOT_ESTABLISHED, a.send(first, new byte[4]));
        assertTrue(a.send(second, new byte[4]) > 0);
    }

    // ------------------------------------------------------------------ IUCV data

    @Test
    void messagesArriveInOrderUnmergedWithExactBytes() throws Exception
    {
        final TestMachine a = sys.ipl("A1", 0);
        final TestMachine b = sys.ipl("B1", 1);
        final PathId path = connect(a, b, ConnectOptions.msglim(1000));
        final int n = 200;
        assertEquals(n, a.stream(path, n, 37, 10_000));
        final List<Event> got = b.events().await(DATA, n, T);
        for (int i = 0; i < n; i++)
        {
            assertEquals(37, got.get(i).data().length);
            assertEquals(i, TestMachine.checkPayload(got.get(i).data()));
        }
    }

    @Test
    void zeroLengthMessageIsDelivered() throws Exception
    {
        final TestMachine a = sys.ipl("A1", 0);
        final TestMachine b = sys.ipl("B1", 1);
        final PathId path = connect(a, b);
        final long msgId = a.send(path, new byte[0]);
        assertTrue(msgId > 0);
        final Event e = b.events().await(DATA, T);
        assertEquals(0, e.data().length);
        assertEquals(msgId, e.messageId());
    }

    @Test
    void message65535BytesAcceptedAnd65536Rejected() throws Exception
    {
        final TestMachine a = sys.ipl("A1", 0);
        final TestMachine b = sys.ipl("B1", 1);
        final PathId path = connect(a, b);
        final byte[] max = TestMachine.payload(7, IucvBuffer.MAX_LENGTH);
        assertTrue(a.send(path, max) > 0);
        assertArrayEquals(max, b.events().await(DATA, T).data());
        assertEquals(SendResult.INVALID_LENGTH, a.send(path, new byte[IucvBuffer.MAX_LENGTH + 1]));
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
            () -> IucvBuffer.allocate(IucvBuffer.MAX_LENGTH + 1));
        assertTrue(ex.getMessage().contains("65536 bytes; 0 to 65535"), ex.getMessage());
        assertEquals(IucvBuffer.MAX_LENGTH, IucvBuffer.allocate(IucvBuffer.MAX_LENGTH).capacity());
    }

    private static void assertArrayEquals(final byte[] expected, final byte[] actual)
    {
        assertTrue(Arrays.equals(expected, actual), "payload differs");
    }

    @Test
    void userDataTravelsOnConnectAndAccept() throws Exception
    {
        final TestMachine a = sys.ipl("A1", 0);
        final TestMachine b = sys.ipl("B1", 1, "acceptUd=welcome aboard");
        final PathId path = connect(a, b, ConnectOptions.userData(UserData.of("hello target")));
        assertEquals("hello target", b.events().await(PENDING, T).userData().asText());
        assertEquals("hello target", b.events().await(COMPLETE, T).userData().asText());
        assertEquals("welcome aboard", a.events().await(COMPLETE, T).userData().asText());
        assertEquals(path, a.events().await(COMPLETE, T).path());
        assertThrows(IllegalArgumentException.class, () -> UserData.of("seventeen bytes!!"));
    }

    @Test
    void msglimExceededThenSucceedsOnceThePeerHasReceived() throws Exception
    {
        final TestMachine a = sys.ipl("FAST", 0);
        final TestMachine b = sys.ipl("SLOW", 1, "hold");
        final PathId path = connect(a, b, ConnectOptions.msglim(3));
        try
        {
            int accepted = 0;
            long last = 0;
            for (int i = 0; i < 10 && last >= 0; i++)
            {
                last = a.send(path, TestMachine.payload(i, 16));
                if (last > 0)
                {
                    accepted++;
                }
            }
            assertEquals(SendResult.MESSAGE_LIMIT_EXCEEDED, last, SendResult.describe(last));
            assertTrue(accepted >= 3 && accepted <= 4, "accepted " + accepted);
            b.hold(false);
            b.events().await(DATA, accepted, T);
            long again = SendResult.MESSAGE_LIMIT_EXCEEDED;
            final long deadline = System.nanoTime() + T.toNanos();
            while (again == SendResult.MESSAGE_LIMIT_EXCEEDED && System.nanoTime() < deadline)
            {
                again = a.send(path, TestMachine.payload(99, 16));
            }
            assertTrue(again > 0, SendResult.describe(again));
            assertEquals(99, TestMachine.checkPayload(b.events().await(DATA, accepted + 1, T).get(accepted).data()));
        }
        finally
        {
            b.hold(false);
        }
    }

    @Test
    void msglimIsTheSmallerOfTheTwoSides() throws Exception
    {
        final TestMachine a = sys.ipl("A1", 0);
        final TestMachine b = sys.ipl("B1", 1, "acceptMsglim=2");
        final PathId path = connect(a, b, ConnectOptions.msglim(50));
        assertEquals(50, b.events().await(PENDING, T).messageId());
        assertEquals(2, cp.queryPaths().stream().filter(p -> p.path().equals(path)).findFirst().get().msglim());
        refused(ReturnCode.INVALID_PARAMETER, () ->
        {
            try
            {
                ConnectOptions.msglim(0);
            }
            catch (final IllegalArgumentException ex)
            {
                throw new IucvException(ReturnCode.INVALID_PARAMETER, ex.getMessage());
            }
        });
    }

    @Test
    void quiesceStopsThePeerAndResumeRestores() throws Exception
    {
        final TestMachine a = sys.ipl("TALKER", 0);
        final TestMachine b = sys.ipl("LISTENER", 1);
        final PathId path = connect(a, b);
        assertEquals(0, b.quiesce(path, UserData.of("busy")));
        assertEquals("busy", a.events().await(QUIESCED, T).userData().asText());
        assertEquals(SendResult.PATH_QUIESCED, a.send(path, new byte[4]));
        assertTrue(b.send(path, new byte[4]) > 0, "the quiescing end may still send");
        assertEquals("target", cp.queryPaths().get(0).quiesced());
        assertEquals(0, b.resume(path, UserData.of("ready")));
        assertEquals("ready", a.events().await(RESUMED, T).userData().asText());
        assertTrue(a.send(path, "after".getBytes()) > 0);
        assertEquals("after", new String(b.events().await(DATA, T).data()));
        assertEquals(ReturnCode.PATH_NOT_FOUND.code(), b.quiesce(PathId.of(500, 3), UserData.EMPTY));
    }

    @Test
    void twoWaySendGetsItsReplyCorrelatedByMessageId() throws Exception
    {
        final TestMachine client = sys.ipl("CLIENT", 0);
        final TestMachine echo = sys.ipl("ECHO", 1, "echo");
        final PathId path = connect(client, echo);
        final long id1 = client.sendTwoWay(path, "one".getBytes(), 5_000);
        final long id2 = client.sendTwoWay(path, "two".getBytes(), 5_000);
        assertTrue(id1 > 0 && id2 > 0 && id1 != id2);
        final List<Event> replies = client.events().await(REPLY, 2, T);
        assertEquals(id1, replies.get(0).messageId());
        assertEquals("one", new String(replies.get(0).data()));
        assertEquals(id2, replies.get(1).messageId());
        assertEquals("two", new String(replies.get(1).data()));
        assertTrue(echo.events().await(DATA, T).twoWay());
        assertEquals(0, client.events().count(REPLY_TIMEOUT));
    }

    @Test
    void replyDeadlineFiresWhenNoReplyComes() throws Exception
    {
        final TestMachine client = sys.ipl("CLIENT", 0);
        final TestMachine mute = sys.ipl("MUTE", 1);
        final PathId path = connect(client, mute);
        final long id = client.sendTwoWay(path, "anyone?".getBytes(), 100);
        final Event timeout = client.events().await(REPLY_TIMEOUT, T);
        assertEquals(id, timeout.messageId());
        assertEquals(path, timeout.path());
        assertEquals(0, client.events().count(REPLY));
    }

    @Test
    void severFailsOutstandingRepliesAtOnce() throws Exception
    {
        final TestMachine client = sys.ipl("CLIENT", 0);
        final TestMachine mute = sys.ipl("MUTE", 1);
        final PathId path = connect(client, mute);
        final long id = client.sendTwoWay(path, "lost".getBytes(), 60_000);
        mute.events().await(DATA, T);
        cp.sever(path);
        assertEquals(id, client.events().await(REPLY_TIMEOUT, T).messageId());
    }

    @Test
    void replyToOneWayMessageIsRejected() throws Exception
    {
        final TestMachine a = sys.ipl("A1", 0);
        final TestMachine b = sys.ipl("B1", 1, "replyInCallback");
        final PathId path = connect(a, b);
        assertTrue(a.send(path, "one-way".getBytes()) > 0);
        final Event got = b.events().await(DATA, T);
        assertFalse(got.twoWay());
        assertEquals(SendResult.NO_SUCH_MESSAGE, b.events().await(CollectorHandle.Kind.RESULT, T).messageId(),
            "reply(message) to a one-way message");
        // By id, later, the receiver cannot know: the sender, which is not waiting for it, drops and counts it.
        final long droppedBefore = dropped("A1");
        assertEquals(SendResult.OK, b.reply(path, got.messageId(), "by id".getBytes()));
        // A marker sent after the replies: once it is in, a REPLY would have come before it.
        assertTrue(b.send(path, "marker".getBytes()) > 0);
        assertEquals("marker", new String(a.events().await(DATA, T).data()));
        assertEquals(0, a.events().count(REPLY));
        eventually(() -> dropped("A1") == droppedBefore + 1, "the REPLY by id counted as dropped at A1");
    }

    @Test
    void replyAfterItsDeadlineIsDroppedAndCounted() throws Exception
    {
        final TestMachine a = sys.ipl("ASKER", 0);
        final TestMachine b = sys.ipl("SLOWPOKE", 1);
        final PathId path = connect(a, b);
        final long id = a.sendTwoWay(path, "quick?".getBytes(), 50);
        assertTrue(id > 0);
        final Event asked = b.events().await(DATA, T);
        assertTrue(asked.twoWay());
        assertEquals(id, a.events().await(REPLY_TIMEOUT, T).messageId());
        final long droppedBefore = dropped("ASKER");
        assertEquals(SendResult.OK, b.reply(path, asked.messageId(), "too late".getBytes()));
        assertTrue(b.send(path, "marker".getBytes()) > 0);
        assertEquals("marker", new String(a.events().await(DATA, T).data()));
        assertEquals(0, a.events().count(REPLY), "the late REPLY is not delivered");
        eventually(() -> dropped("ASKER") == droppedBefore + 1, "the late REPLY counted as dropped at ASKER");
    }

    // ------------------------------------------------------------------ concurrency

    @Test
    void manyMachinesSmsgOneTarget() throws Exception
    {
        final TestMachine target = sys.ipl("TARGET", 1);
        final List<TestMachine> senders = new ArrayList<>();
        for (int i = 0; i < 8; i++)
        {
            senders.add(sys.ipl("S" + i, i % sys.hosts()));
        }
        final List<CompletableFuture<Long>> bursts = new ArrayList<>();
        for (final TestMachine s : senders)
        {
            bursts.add(CompletableFuture.supplyAsync(() -> s.smsgBurst("TARGET", s.id().name(), 250)));
        }
        long total = 0;
        for (final CompletableFuture<Long> f : bursts)
        {
            total += f.get(30, TimeUnit.SECONDS);
        }
        assertEquals(8 * 250, total, "no drops expected with a 1 MiB inbox and a live receiver");
        final List<Event> got = target.events().await(SMSG, 8 * 250, Duration.ofSeconds(30));
        for (final TestMachine s : senders)
        {
            final List<String> mine = got.stream().filter(e -> e.peer().equals(s.id())).map(Event::text).toList();
            assertEquals(250, mine.size());
            for (int i = 0; i < 250; i++)
            {
                assertEquals(s.id().name() + " " + i, mine.get(i), "per-sender order");
            }
        }
    }

    @Test
    void bigMessagesBothDirectionsOnOnePath() throws Exception
    {
        final TestMachine a = sys.ipl("LEFT", 0);
        final TestMachine b = sys.ipl("RIGHT", 1);
        final PathId path = connect(a, b, ConnectOptions.msglim(8));
        final int n = 40;
        final CompletableFuture<Long> ab = CompletableFuture.supplyAsync(() -> a.stream(path, n, 65_535, 30_000));
        final CompletableFuture<Long> ba = CompletableFuture.supplyAsync(() -> b.stream(path, n, 65_535, 30_000));
        assertEquals(n, ab.get(40, TimeUnit.SECONDS));
        assertEquals(n, ba.get(40, TimeUnit.SECONDS));
        final List<Event> atB = b.events().await(DATA, n, Duration.ofSeconds(30));
        final List<Event> atA = a.events().await(DATA, n, Duration.ofSeconds(30));
        for (int i = 0; i < n; i++)
        {
            assertEquals(i, TestMachine.checkPayload(atB.get(i).data()));
            assertEquals(i, TestMachine.checkPayload(atA.get(i).data()));
        }
    }

    @Test
    void severRacingWithAStreamStopsItCleanly() throws Exception
    {
        final TestMachine a = sys.ipl("SOURCE", 0);
        final TestMachine b = sys.ipl("SINK", 1);
        final PathId path = connect(a, b, ConnectOptions.msglim(64));
        final CompletableFuture<Long> stream = CompletableFuture.supplyAsync(() -> a.stream(path, 1_000_000, 64, 20_000));
        b.events().await(DATA, 100, T);
        cp.sever(path);
        final long sent = stream.get(30, TimeUnit.SECONDS);
        assertTrue(sent < 1_000_000, "the stream must stop at the sever");
        a.events().await(SEVERED, T);
        final List<Event> got = b.events().of(DATA);
        assertTrue(got.size() <= sent);
        for (int i = 0; i < got.size(); i++)
        {
            assertEquals(i, TestMachine.checkPayload(got.get(i).data()), "no gaps, no corruption");
        }
        final PathId again = connect(a, b);
        assertTrue(a.send(again, new byte[4]) > 0);
    }

    @Test
    void logoffRacingWithAStreamStopsItCleanly() throws Exception
    {
        final TestMachine a = sys.ipl("SOURCE", 0);
        final TestMachine b = sys.ipl("SINK", 1);
        final PathId path = connect(a, b, ConnectOptions.msglim(64));
        final CompletableFuture<Long> stream = CompletableFuture.supplyAsync(() -> a.stream(path, 1_000_000, 64, 20_000));
        b.events().await(DATA, 100, T);
        cp.logoff(b.id());
        assertTrue(stream.get(30, TimeUnit.SECONDS) < 1_000_000);
        a.events().await(SEVERED, T);
        b.events().await(LOGOFF, T);
        assertEquals(List.of(id("SOURCE")), cp.queryNames().stream().map(MachineInfo::name).toList());
    }

    @Test
    void concurrentConnectsAndSeversKeepTheTableConsistent() throws Exception
    {
        final TestMachine hub = sys.ipl("HUB", 1);
        final List<TestMachine> spokes = new ArrayList<>();
        for (int i = 0; i < 6; i++)
        {
            spokes.add(sys.ipl("SPOKE" + i, 0));
        }
        final List<CompletableFuture<Void>> work = new ArrayList<>();
        for (final TestMachine s : spokes)
        {
            work.add(CompletableFuture.runAsync(() ->
            {
                try
                {
                    for (int round = 0; round < 5; round++)
                    {
                        final PathId p = cp.connect(s.id(), hub.id());
                        s.events().awaitMatching(e -> e.kind() == COMPLETE && p.equals(e.path()), 1, T, "COMPLETE");
                        assertTrue(s.send(p, new byte[8]) > 0);
                        cp.sever(p);
                    }
                }
                catch (final IucvException ex)
                {
                    throw new AssertionError(ex);
                }
            }));
        }
        for (final CompletableFuture<Void> f : work)
        {
            f.get(60, TimeUnit.SECONDS);
        }
        assertTrue(cp.queryPaths().isEmpty());
        eventually(() -> hub.events().count(SEVERED) == 30, "30 SEVERED at HUB");
        assertEquals(30, hub.events().count(COMPLETE));
    }

    @Test
    void connectFromAHandlerThreadIsRefusedButConnectAsyncWorks() throws Exception
    {
        final TestMachine a = sys.ipl("ASYNC", 0, "connectOnSmsg");
        final TestMachine b = sys.ipl("B1", 1);
        cp.smsg(id("OP"), a.id(), SmsgText.of("connect B1"));
        final List<Event> results = a.events().await(CollectorHandle.Kind.RESULT, 2, T);
        final String blocking = results.get(0).text();
        assertTrue(blocking.startsWith("connect DMSIUC024E"), blocking);
        assertTrue(blocking.contains("cannot be called from a handler callback"), blocking);
        assertEquals("connectAsync OK", results.get(1).text());
        final PathId path = results.get(1).path();
        b.events().awaitMatching(e -> e.kind() == COMPLETE && path.equals(e.path()), 1, T, "COMPLETE at B1");
        a.events().awaitMatching(e -> e.kind() == COMPLETE && path.equals(e.path()), 1, T, "COMPLETE at ASYNC");
        assertEquals(1, cp.queryPaths().size(), "only the async CONNECT made a path");
        assertTrue(a.send(path, new byte[1]) > 0);
        final ExecutionException ex = assertThrows(ExecutionException.class,
            () -> cp.connectAsync(a.id(), id("NOBODY"), ConnectOptions.DEFAULT).get(10, TimeUnit.SECONDS));
        assertTrue(ex.getCause() instanceof IucvException);
        assertEquals(ReturnCode.MACHINE_NOT_FOUND, ((IucvException)ex.getCause()).returnCode());
    }

    // ------------------------------------------------------------------ limits, exactly

    /**
     * Block the host thread of {@code host} inside a held machine's onIucvData, so that nothing on that host
     * receives (and no receive counter moves) until {@code blocker.hold(false)}.
     */
    private TestMachine blockHost(final int host, final TestMachine feeder) throws IucvException
    {
        final TestMachine blocker = sys.ipl("BLOCKER", host, "hold");
        final PathId feed = connect(feeder, blocker);
        assertTrue(feeder.send(feed, new byte[1]) > 0);
        blocker.events().await(DATA, T);
        return blocker;
    }

    @Test
    void msglimBoundaryIsExactAndTheSmallerSideIsEnforced() throws Exception
    {
        final TestMachine a = sys.ipl("SENDER", 0);
        final TestMachine wide = sys.ipl("WIDE", 1);
        final TestMachine narrow = sys.ipl("NARROW", 1, "acceptMsglim=4");
        final PathId toWide = connect(a, wide, ConnectOptions.msglim(5));
        final PathId toNarrow = connect(a, narrow, ConnectOptions.msglim(50));
        final TestMachine blocker = blockHost(1, sys.ipl("FEEDER", 0));
        try
        {
            for (int i = 0; i < 5; i++)
            {
                final long r = a.send(toWide, TestMachine.payload(i, 16));
                assertTrue(r > 0, "send " + (i + 1) + " of msglim 5: " + SendResult.describe(r));
            }
            assertEquals(SendResult.MESSAGE_LIMIT_EXCEEDED, a.send(toWide, TestMachine.payload(5, 16)), "msglim + 1");
            for (int i = 0; i < 4; i++)
            {
                final long r = a.send(toNarrow, TestMachine.payload(i, 16));
                assertTrue(r > 0, "send " + (i + 1) + " of the target's msglim 4: " + SendResult.describe(r));
            }
            assertEquals(SendResult.MESSAGE_LIMIT_EXCEEDED, a.send(toNarrow, TestMachine.payload(4, 16)),
                "the target's smaller msglim (4, not 50) is enforced");
        }
        finally
        {
            blocker.hold(false);
        }
        assertEquals(5, wide.events().await(DATA, 5, T).size());
        assertEquals(4, narrow.events().await(DATA, 4, T).size());
        final long deadline = System.nanoTime() + T.toNanos();
        long again = SendResult.MESSAGE_LIMIT_EXCEEDED;
        while (again == SendResult.MESSAGE_LIMIT_EXCEEDED && System.nanoTime() < deadline)
        {
            Thread.sleep(1);
            again = a.send(toWide, TestMachine.payload(5, 16));
        }
        assertTrue(again > 0, "room again once received: " + SendResult.describe(again));
    }

    @Test
    void aFullInboxIsBackPressuredAndNothingIsLost() throws Exception
    {
        final TestMachine a = sys.ipl("PUSHER", 0);
        final TestMachine b = sys.ipl("STUCK", 1);
        final PathId path = connect(a, b, ConnectOptions.msglim(1000));
        final TestMachine blocker = blockHost(1, sys.ipl("FEEDER", 0));
        int accepted = 0;
        long last = 0;
        try
        {
            // 64 KiB messages: a default inbox (1 MiB) is full long before 1,000 of them
            for (int i = 0; i < 1000 && last >= 0; i++)
            {
                last = a.send(path, TestMachine.payload(i, IucvBuffer.MAX_LENGTH));
                if (last > 0)
                {
                    accepted++;
                }
            }
        }
        finally
        {
            blocker.hold(false);
        }
        assertEquals(SendResult.BACK_PRESSURED, last, SendResult.describe(last));
        assertTrue(accepted > 0 && accepted < 1000, "accepted " + accepted);
        final List<Event> got = b.events().await(DATA, accepted, T);
        for (int i = 0; i < accepted; i++)
        {
            assertEquals(i, TestMachine.checkPayload(got.get(i).data()));
        }
        assertEquals(0, dropped("STUCK"));
    }

    @Test
    void quiesceByBothEndsStopsBothUntilEachResumes() throws Exception
    {
        final TestMachine a = sys.ipl("LEFT", 0);
        final TestMachine b = sys.ipl("RIGHT", 1);
        final PathId path = connect(a, b);
        assertEquals(0, a.quiesce(path, UserData.EMPTY));
        assertEquals(0, b.quiesce(path, UserData.EMPTY));
        b.events().await(QUIESCED, T);
        a.events().await(QUIESCED, T);
        assertEquals("both", cp.queryPaths().get(0).quiesced());
        assertEquals(SendResult.PATH_QUIESCED, a.send(path, new byte[1]));
        assertEquals(SendResult.PATH_QUIESCED, b.send(path, new byte[1]));
        assertEquals(0, a.resume(path, UserData.EMPTY));
        b.events().await(RESUMED, T);
        assertEquals("target", cp.queryPaths().get(0).quiesced(), "only the target still holds");
        assertTrue(b.send(path, "to the resumed end".getBytes()) > 0);
        assertEquals(SendResult.PATH_QUIESCED, a.send(path, new byte[1]), "RIGHT has not resumed");
        assertEquals(0, b.resume(path, UserData.EMPTY));
        a.events().await(RESUMED, T);
        assertEquals("", cp.queryPaths().get(0).quiesced());
        assertTrue(a.send(path, new byte[1]) > 0);
        assertEquals("to the resumed end", new String(a.events().await(DATA, T).data()));
    }

    @Test
    void resumeOfAnUnknownPathIsPathNotFound() throws Exception
    {
        final TestMachine a = sys.ipl("A1", 0);
        final TestMachine b = sys.ipl("B1", 1);
        assertEquals(ReturnCode.PATH_NOT_FOUND.code(), a.resume(PathId.of(500, 3), UserData.EMPTY));
        final PathId path = connect(a, b);
        cp.sever(path);
        a.events().await(SEVERED, T);
        assertEquals(ReturnCode.PATH_NOT_FOUND.code(), a.resume(path, UserData.EMPTY), "a severed path");
        assertEquals(0, b.events().count(RESUMED));
    }

    @Test
    void messagesPurgedBySeverAreCountedAtTheReceiver() throws Exception
    {
        final TestMachine a = sys.ipl("SOURCE", 0);
        final TestMachine b = sys.ipl("SINK", 1);
        final PathId path = connect(a, b, ConnectOptions.msglim(100));
        final TestMachine blocker = blockHost(1, sys.ipl("FEEDER", 0));
        final long before;
        try
        {
            before = dropped("SINK");
            for (int i = 0; i < 7; i++)
            {
                assertTrue(a.send(path, TestMachine.payload(i, 32)) > 0);
            }
            cp.sever(path);
        }
        finally
        {
            blocker.hold(false);
        }
        b.events().await(SEVERED, T);
        assertEquals(0, b.events().count(DATA), "messages in flight at the SEVER are purged, not delivered");
        eventually(() -> dropped("SINK") == before + 7, "7 purged messages counted at SINK");
    }

    @Test
    void fullTablesAreResourcesExhausted() throws Exception
    {
        final TestSystem small = startSmallSystem(3, 2);
        try
        {
            final Supervisor scp = small.supervisor();
            final TestMachine a = small.ipl("M1", 0);
            final TestMachine b = small.ipl("M2", 1);
            small.ipl("M3", 1);
            final IucvException full = refused(ReturnCode.RESOURCES_EXHAUSTED, () -> small.ipl("M4", 0));
            assertTrue(full.getMessage().contains("machine"), full.getMessage());
            assertEquals(3, scp.queryNames().size(), "nothing half-made");
            scp.connect(a.id(), b.id());
            scp.connect(b.id(), a.id());
            final IucvException noPath = refused(ReturnCode.RESOURCES_EXHAUSTED, () -> scp.connect(a.id(), b.id()));
            assertTrue(noPath.getMessage().contains("path"), noPath.getMessage());
            assertEquals(2, scp.queryPaths().size());
            scp.logoff(MachineId.of("M3"));
            small.ipl("M4", 0);
        }
        finally
        {
            small.close();
        }
    }

    @Test
    void wellFormedFramesThatAreStaleOrForeignAreDroppedAndCounted() throws Exception
    {
        final TestMachine a = sys.ipl("SOURCE", 0);
        final TestMachine b = sys.ipl("TARGET", 1);
        final TestMachine c = sys.ipl("BYSTAND", 1);
        final PathId old = connect(a, b);
        cp.sever(old);
        b.events().await(SEVERED, T);
        final PathId current = connect(a, b);
        // as SOURCE would write them, with a real source slot and message id, but on the old generation of the path
        // (stale), into the inbox of a machine that is not an end of the path (foreign), or naming the wrong source
        forgeData(b.id(), a.id(), old, "stale");
        forgeData(c.id(), a.id(), current, "foreign");
        forgeData(b.id(), c.id(), current, "wrong source");
        assertTrue(a.send(current, "genuine".getBytes()) > 0);
        assertEquals("genuine", new String(b.events().await(DATA, T).data()));
        cp.smsg(id("OP"), c.id(), SmsgText.of("marker"));
        c.events().await(SMSG, T);
        assertEquals(1, b.events().count(DATA), "only the genuine message is delivered");
        assertEquals(0, c.events().count(DATA));
        eventually(() -> dropped("TARGET") == 2, "2 drops counted at TARGET");
        eventually(() -> dropped("BYSTAND") == 1, "1 drop counted at BYSTAND");
    }

    // ------------------------------------------------------------------ as in the seed crate

    @Test
    void namesAreCheckedForAsciiBeforeUpperCasing() throws Exception
    {
        sys.ipl("IBM", 0);
        sys.ipl("SYS", 1);
        // Character.toUpperCase makes '\u0131' (dotless i) an 'I' and '\u017f' (long s) an 'S'
        for (final String lookalike : List.of("\u0131bm", "\u017fys"))
        {
            final IucvException ex = refused(ReturnCode.INVALID_PARAMETER, () -> MachineId.parse(lookalike));
            assertTrue(ex.getMessage().contains("'" + lookalike.charAt(0) + "' at position 1"), ex.getMessage());
            assertThrows(IllegalArgumentException.class, () -> MachineId.of(lookalike));
        }
        assertEquals(id("IBM"), MachineId.parse("ibm"), "ASCII lower case is still upper-cased");
        assertEquals(List.of(id("IBM"), id("SYS")), cp.queryNames().stream().map(MachineInfo::name).toList());
    }

    @Test
    void aThrowInOnLogoffMakesThatLogoffMachinePanicked() throws Exception
    {
        final TestMachine bad = sys.ipl("GRUMPY", 1, "panic=logoff");
        final TestMachine good = sys.ipl("HAPPY", 0);
        final IucvException ex = refused(ReturnCode.MACHINE_PANICKED, () -> cp.logoff(bad.id()));
        assertTrue(ex.getMessage().contains("GRUMPY"), ex.getMessage());
        assertEquals(1, bad.events().count(LOGOFF), "onLogoff ran (and threw)");
        assertEquals(List.of(id("HAPPY")), cp.queryNames().stream().map(MachineInfo::name).toList());
        cp.logoff(good.id());
    }

    @Test
    void shutdownGivesEveryMachineOnLogoffAndNoSevered() throws Exception
    {
        final TestMachine a = sys.ipl("ONE", 0);
        final TestMachine b = sys.ipl("TWO", 1);
        final TestMachine c = sys.ipl("THREE", 1);
        connect(a, b);
        connect(b, c);
        connect(c, a);
        cp.shutdown();
        for (final TestMachine m : List.of(a, b, c))
        {
            m.events().await(LOGOFF, T);
            // SEVERED would have been delivered before LOGOFF, in the same inbox
            assertEquals(0, m.events().count(SEVERED), m.id() + " got onConnectionSevered during the shutdown");
        }
    }

    @Test
    void supervisorSeverOnBehalfOfOneEndTellsOnlyThePeer() throws Exception
    {
        final TestMachine a = sys.ipl("LEFT", 0);
        final TestMachine b = sys.ipl("RIGHT", 1);
        final TestMachine c = sys.ipl("OTHER", 1);
        final PathId path = connect(a, b);
        refused(ReturnCode.PATH_NOT_FOUND, () -> cp.sever(path, c.id(), UserData.EMPTY));
        refused(ReturnCode.MACHINE_NOT_FOUND, () -> cp.sever(path, id("NOBODY"), UserData.EMPTY));
        cp.sever(path, a.id(), UserData.of("left says bye"));
        final Event e = b.events().await(SEVERED, T);
        assertEquals(path, e.path());
        assertEquals("left says bye", e.userData().asText());
        assertTrue(cp.queryPaths().isEmpty());
        cp.smsg(id("OP"), a.id(), SmsgText.of("marker"));
        a.events().await(SMSG, T);
        assertEquals(0, a.events().count(SEVERED), "the end that severed is not told");
        refused(ReturnCode.PATH_NOT_FOUND, () -> cp.sever(path, b.id(), UserData.EMPTY));
    }

    @Test
    void smsgSentFromOnIplIsDelivered() throws Exception
    {
        final TestMachine target = sys.ipl("LISTENER", 1);
        final TestMachine early = sys.ipl("EARLY", 0, "smsgOnIpl=LISTENER");
        assertEquals(SendResult.OK, early.events().await(CollectorHandle.Kind.RESULT, T).messageId());
        final Event e = target.events().await(SMSG, T);
        assertEquals("hello from onIpl", e.text());
        assertEquals(id("EARLY"), e.peer());
    }

    @Test
    void severByTheTargetTellsTheInitiator() throws Exception
    {
        final TestMachine initiator = sys.ipl("CALLER", 0);
        final TestMachine target = sys.ipl("CALLEE", 1);
        final PathId path = connect(initiator, target);
        assertEquals(0, target.sever(path, UserData.of("hang up")));
        final Event e = initiator.events().await(SEVERED, T);
        assertEquals(path, e.path());
        assertEquals("hang up", e.userData().asText());
        cp.smsg(id("OP"), target.id(), SmsgText.of("marker"));
        target.events().await(SMSG, T);
        assertEquals(0, target.events().count(SEVERED));
    }

    @Test
    void twoPathsBetweenTheSamePairAreDistinctAndBothListed() throws Exception
    {
        final TestMachine a = sys.ipl("A1", 0);
        final TestMachine b = sys.ipl("B1", 1);
        final PathId first = connect(a, b);
        final PathId second = connect(a, b);
        assertNotEquals(first, second);
        final List<PathId> listed = cp.queryPaths().stream().map(PathInfo::path).toList();
        assertEquals(2, listed.size(), listed::toString);
        assertTrue(listed.contains(first) && listed.contains(second), listed::toString);
        assertTrue(a.send(first, "on first".getBytes()) > 0);
        assertTrue(a.send(second, "on second".getBytes()) > 0);
        final List<Event> got = b.events().await(DATA, 2, T);
        assertEquals(first, got.get(0).path());
        assertEquals("on first", new String(got.get(0).data()));
        assertEquals(second, got.get(1).path());
        cp.sever(first);
        assertEquals(List.of(second), cp.queryPaths().stream().map(PathInfo::path).toList());
        assertTrue(a.send(second, new byte[1]) > 0);
    }

    @Test
    void connectToAMachineThatLoggedOffIsMachineNotFound() throws Exception
    {
        final TestMachine a = sys.ipl("STAYS", 0);
        final TestMachine b = sys.ipl("LEAVES", 1);
        cp.logoff(b.id());
        b.events().await(LOGOFF, T);
        final IucvException ex = refused(ReturnCode.MACHINE_NOT_FOUND, () -> cp.connect(a.id(), b.id()));
        assertTrue(ex.getMessage().contains("LEAVES"), ex.getMessage());
        assertTrue(cp.queryPaths().isEmpty());
    }

    @Test
    void connectToSelfGivesOnePendingAndExactlyOneComplete() throws Exception
    {
        final TestMachine a = sys.ipl("NARCISS", 1);
        final PathId path = cp.connect(a.id(), a.id());
        a.events().await(COMPLETE, T);
        assertTrue(a.send(path, "mirror".getBytes()) > 0);
        assertEquals("mirror", new String(a.events().await(DATA, T).data()));
        // the DATA came after any second COMPLETE would have
        assertEquals(1, a.events().count(PENDING));
        assertEquals(1, a.events().count(COMPLETE));
    }
}
