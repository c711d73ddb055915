package org.vmiucv.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class ValueTypesTest
{
    @ParameterizedTest
    @ValueSource(strings = {"A", "ABCDEFGH", "@#$", "VM01", "z9"})
    void validMachineNamesRoundTripThroughPackedForm(final String name)
    {
        final MachineId id = MachineId.of(name);
        assertEquals(name.toUpperCase(), id.name());
        assertEquals(id, MachineId.fromPacked(id.packed()));
        assertNull(MachineId.problem(name));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "ABCDEFGHI", "A B", "A.B", "*MSG", "\u00c9T\u00c9"})
    void invalidMachineNamesAreRefusedWithAReason(final String name)
    {
        final IucvException ex = assertThrows(IucvException.class, () -> MachineId.parse(name));
        assertEquals(ReturnCode.INVALID_PARAMETER, ex.returnCode());
        assertTrue(ex.getMessage().startsWith("DMSIUC024E Invalid parameter: machine name"), ex.getMessage());
    }

    @Test
    void nullMachineNameIsRefused()
    {
        assertThrows(IllegalArgumentException.class, () -> MachineId.of(null));
    }

    @Test
    void machineIdsCompareByName()
    {
        assertEquals(MachineId.of("abc"), MachineId.of("ABC"));
        assertEquals(MachineId.of("abc").hashCode(), MachineId.of("ABC").hashCode());
        assertTrue(MachineId.of("A").compareTo(MachineId.of("B")) < 0);
    }

    @Test
    void pathIdPacksSlotAndGeneration() throws Exception
    {
        final PathId p = PathId.of(12, 3);
        assertEquals(p, PathId.fromPacked(p.packed()));
        assertEquals("12.3", p.toString());
        assertEquals(p, PathId.parse("12.3"));
        assertNotEquals(p, PathId.of(12, 4));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "12", "a.b", "1.0", "-1.2", "3."})
    void badPathTextIsInvalidParameter(final String text)
    {
        final IucvException ex = assertThrows(IucvException.class, () -> PathId.parse(text));
        assertEquals(24, ex.code());
        assertTrue(ex.getMessage().contains("expected SLOT.GENERATION"), ex.getMessage());
    }

    @Test
    void returnCodesKeepTheSeedNumbers()
    {
        assertEquals(8, ReturnCode.ALREADY_RUNNING.code());
        assertEquals(12, ReturnCode.MACHINE_NOT_FOUND.code());
        assertEquals(16, ReturnCode.DELIVERY_FAILED.code());
        assertEquals(20, ReturnCode.CHANNEL_BUSY.code());
        assertEquals(24, ReturnCode.INVALID_PARAMETER.code());
        assertEquals(28, ReturnCode.MACHINE_PANICKED.code());
        assertEquals(32, ReturnCode.SUPERVISOR_DOWN.code());
        assertEquals(36, ReturnCode.PATH_NOT_FOUND.code());
        assertEquals(40, ReturnCode.CONNECTION_REFUSED.code());
        assertEquals(ReturnCode.PATH_NOT_FOUND, ReturnCode.of(36));
        assertEquals("DMSIUC040E Connection refused: nope", IucvException.format(ReturnCode.CONNECTION_REFUSED, "nope"));
    }

    @Test
    void sendResultsCarryIucvCodes()
    {
        assertEquals(-1, SendResult.PATH_NOT_ESTABLISHED);
        assertEquals(-2, SendResult.PATH_QUIESCED);
        assertEquals(-3, SendResult.MESSAGE_LIMIT_EXCEEDED);
        assertTrue(SendResult.describe(SendResult.MESSAGE_LIMIT_EXCEEDED).contains("IUCV RC 3"));
        assertEquals("sent, message id 5", SendResult.describe(5));
    }

    @Test
    void userDataIsSixteenBytes()
    {
        assertEquals(16, UserData.of("abc").toByteArray().length);
        assertEquals("abc", UserData.of("abc").asText());
        assertTrue(UserData.EMPTY.isEmpty());
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, () -> UserData.of(new byte[17]));
        assertEquals("user data has 17 bytes; at most 16 are allowed", ex.getMessage());
    }

    @Test
    void iucvBufferIsCappedAndReusable()
    {
        final IucvBuffer b = IucvBuffer.ofText("hello");
        assertEquals(5, b.length());
        b.length(2);
        assertEquals(2, b.length());
        assertThrows(IllegalArgumentException.class, () -> b.length(6));
        assertThrows(IllegalArgumentException.class, () -> IucvBuffer.allocate(-1));
    }

    @Test
    void connectOptionsValidateMsglim()
    {
        assertEquals(10, ConnectOptions.DEFAULT.msglim());
        assertEquals(65_535, ConnectOptions.msglim(65_535).msglim());
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
            () -> ConnectOptions.msglim(65_536));
        assertEquals("msglim 65536 is out of range; 1 to 65535 is allowed", ex.getMessage());
    }
}
