package dev.ccy.systemd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ccy.CcyException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class UserRuntimeTest {
    @Test
    void usesTheSessionBusVariableWhenItIsAPathSocket() {
        UserRuntime r = UserRuntime.from(1000, "u", Map.of("DBUS_SESSION_BUS_ADDRESS", "unix:path=/run/user/1000/bus,guid=abc"));
        assertEquals("unix:path=/run/user/1000/bus", r.busAddress());
    }

    @Test
    void fallsBackToTheRuntimeDirThenToTheUid() {
        assertEquals("unix:path=/tmp/rt/bus", UserRuntime.from(1000, "u", Map.of("XDG_RUNTIME_DIR", "/tmp/rt")).busAddress());
        UserRuntime bare = UserRuntime.from(1234, "u", Map.of());
        assertEquals("unix:path=/run/user/1234/bus", bare.busAddress());
        assertEquals(Path.of("/run/user/1234"), bare.runtimeDir());
        // abstract sockets cannot be used by the native transport
        assertEquals("unix:path=/run/user/7/bus",
                UserRuntime.from(7, "u", Map.of("DBUS_SESSION_BUS_ADDRESS", "unix:abstract=/tmp/dbus-x")).busAddress());
    }

    @Test
    void missingBusSaysWhatToDo() {
        CcyException e = assertThrows(CcyException.class,
                () -> UserRuntime.from(4242, "nobody", Map.of("XDG_RUNTIME_DIR", "/nonexistent/run")).requireBus());
        assertTrue(e.getMessage().contains("loginctl enable-linger nobody"), e.getMessage());
        assertTrue(e.getMessage().contains("XDG_RUNTIME_DIR"), e.getMessage());
        assertEquals(1, e.getMessage().lines().count());
    }
}
