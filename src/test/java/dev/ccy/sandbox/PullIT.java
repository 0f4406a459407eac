package dev.ccy.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * Visible pulls (Podman.pull, through ccy image pull): podman's own progress on the terminal,
 * the result alone on stdout, and Ctrl-C in the middle leaves no image and exits at once.
 */
class PullIT extends SandboxTest {
    @BeforeAll
    void boot() throws Exception {
        boot("pull", "/home/dev/work/pull");
        // an image podman can pull without a network: an archive of the sandbox's test image
        box.sh("podman save --format docker-archive -o ~/test.tar localhost/ccy-test:latest").ok();
    }

    @Test
    @Order(1)
    void pullShowsPodmansProgressAndPrintsTheImage() {
        Sandbox.Result r = box.sh("ccy image pull docker-archive:/home/dev/test.tar");
        assertEquals(0, r.exit(), r.toString());
        assertEquals("docker-archive:/home/dev/test.tar\n", r.out(), "stdout is the image alone");
        assertTrue(r.err().contains("Copying blob") || r.err().contains("Getting image source signatures"),
                "podman's progress on stderr: " + r.err());
    }

    @Test
    @Order(2)
    void ctrlCDuringAPullLeavesNothing() {
        // a "registry" on loopback that accepts and never answers: the pull hangs until interrupted
        box.sh("nohup python3 -c 'import socket,time; s=socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1);"
                + " s.bind((\"127.0.0.1\", 5999)); s.listen(8); c=[s.accept() for _ in range(8)]; time.sleep(600)'"
                + " >/dev/null 2>&1 & echo $! > ~/registry.pid").ok();
        box.sh("tmux -L pull new-session -d -x 150 -y 40 'ccy image pull 127.0.0.1:5999/hang:1; echo EXIT=$?; sleep 600'").ok();
        try {
            assertTrue(Sandbox.waitFor(Duration.ofSeconds(60), () -> screen().contains("Trying to pull 127.0.0.1:5999/hang:1")), screen());
            Sandbox.pause(2000);
            box.user(null, "tmux", "-L", "pull", "send-keys", "C-c").ok();
            assertTrue(Sandbox.waitFor(Duration.ofSeconds(30), () -> screen().contains("EXIT=")), screen());
            assertTrue(screen().contains("EXIT=130"), screen());
            assertTrue(box.sh("podman images --format '{{.Repository}}'").ok().out().lines().noneMatch(l -> l.contains("5999")),
                    "no image left");
            assertEquals("", box.sh("pgrep -u dev -f '[p]odman pull' || true").out().strip(), "no podman pull left running");
        } finally {
            box.sh("tmux -L pull kill-server 2>/dev/null; kill \"$(cat ~/registry.pid)\"; true");
        }
    }

    private String screen() {
        return box.sh("tmux -L pull capture-pane -p -J -S -50").out();
    }
}
