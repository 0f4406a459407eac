package dev.ccy.systemd;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Why a failed unit failed, in the few words ccy list has room for. */
class UnitStateTest {
    @Test
    void theFailureSaysResultAndStatusOnce() {
        assertEquals("exit 127", UnitState.failure("exit-code", 127));
        assertEquals("start-limit-hit, exit 127", UnitState.failure("start-limit-hit", 127));
        assertEquals("start-limit-hit", UnitState.failure("start-limit-hit", 0));
        assertEquals("signal 9", UnitState.failure("signal", 9));
        assertEquals("timeout", UnitState.failure("timeout", 0));
        assertEquals("", UnitState.failure("success", 0));
        assertEquals("", new UnitState("u", "loaded", "failed", "failed").failure());
    }
}
