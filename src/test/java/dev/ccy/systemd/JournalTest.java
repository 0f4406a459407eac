package dev.ccy.systemd;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class JournalTest {
    static final String ID = "67c8e29023439f57c58f284f9f6f322185a6abd1c1d1ee4aebbadaa451cc26a2";

    @Test
    void podmanEventsAndIdsAreNoiseTheCauseIsNot() {
        // lines seen when a session's image has no tmux (RobustnessIT)
        for (String noise : new String[] {
                "2026-11-30 19:33:17.758355118 +0000 UTC m=+1.253288720 container start " + ID + " (image=localhost/x, name=ccy-a-1)",
                "2026-11-30 19:33:18.182344347 +0000 UTC m=+0.159064523 container died " + ID + " (image=localhost/x)",
                ID,
                "ccy-h-4.service: Killing process 809 (podman) with signal SIGKILL.",
                "conmon 67c8e29023439f57c58f <nwarn>: Failed to open cgroups file: /sys/fs/cgroup/memory.events"}) {
            assertTrue(Journal.NOISE.matcher(noise).find(), noise);
        }
        for (String cause : new String[] {
                "/usr/local/libexec/ccy-entrypoint: 52: tmux: not found",
                "{\"msg\":\"exec container process `/usr/local/libexec/ccy-entrypoint`: No such file or directory\"}",
                "ccy-a-1.service: Main process exited, code=exited, status=1/FAILURE",
                "Error: localhost/x: image not known"}) {
            assertFalse(Journal.NOISE.matcher(cause).find(), cause);
        }
    }
}
