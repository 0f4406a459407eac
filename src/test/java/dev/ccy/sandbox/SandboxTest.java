package dev.ccy.sandbox;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * A test class with a booted sandbox of its own. Its tests run in order on that one sandbox,
 * because each builds on the state the one before left: that is the point, a session outlives
 * restarts, logouts and reboots.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
abstract class SandboxTest {
    Sandbox box;

    /** Boots the sandbox target/sandbox/NAME and makes a git worktree on branch main in it. */
    void boot(String name, String worktree) throws Exception {
        box = Sandbox.forTests(name);
        box.sh("mkdir -p " + worktree + "/.git && echo 'ref: refs/heads/main' > " + worktree + "/.git/HEAD").ok();
    }

    @AfterAll
    void shutdown() {
        if (box != null) {
            box.close();
        }
    }

    /** Runs ccy as the sandbox's user in {@code cwd} (null: home). */
    Sandbox.Result ccy(String cwd, String... args) {
        String[] cmd = new String[args.length + 1];
        cmd[0] = "ccy";
        System.arraycopy(args, 0, cmd, 1, args.length);
        return box.user(cwd, cmd);
    }

    /** {@code podman exec} as the sandbox's user: cmd starts with the container's name. */
    Sandbox.Result exec(String... cmd) {
        String[] full = new String[cmd.length + 2];
        full[0] = "podman";
        full[1] = "exec";
        System.arraycopy(cmd, 0, full, 2, cmd.length);
        return box.user(null, full);
    }
}
