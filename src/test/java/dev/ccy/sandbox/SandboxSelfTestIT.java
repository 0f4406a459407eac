package dev.ccy.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** The harness proves itself: every sandbox.sh subcommand, Quadlet + tmux, kill and poweroff. */
class SandboxSelfTestIT {
    @Test
    void sandboxHarnessWorksOnThisMachine() {
        String why = Sandbox.unavailableReason();
        if (why != null) {
            if (System.getenv("CI") != null) {
                fail("CI must run the sandbox tests, but: " + why);
            }
            Assumptions.abort("skipped, the sandbox cannot run on this machine: " + why);
        }
        Sandbox.Result r = Sandbox.exec(Duration.ofMinutes(15), null,
                List.of(Sandbox.SCRIPT.resolveSibling("selftest.sh").toString()), false);
        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.out().lines().anyMatch(l -> l.matches("selftest: [1-9][0-9]* passed, 0 failed")), r.out());
    }
}
