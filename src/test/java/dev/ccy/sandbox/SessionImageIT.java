package dev.ccy.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * ccy's session image and entrypoint in the sandbox: container/Containerfile built on a base made
 * from a root filesystem tarball (podman import; no registry is reachable), with the npm install of
 * the agent skipped (--no-agent) for that reason; then a test agent that records how it was started.
 */
class SessionImageIT extends SandboxTest {
    static final String BASE = "localhost/ccy-test:latest";
    static final String IMAGE = "localhost/ccy-session:it";
    static final String WORK = "/home/dev/work/img";
    /** First start: say so, and leave state in HOME (the session's persistent directory). */
    static final String AGENT = "echo fresh >> /workspace/.how; echo \"state-$$\" > \"$HOME/agent-state\"; exec bash";
    /** Later starts: say so, with the state the first start left. */
    static final String RESUME = "echo \"resume $(cat \"$HOME/agent-state\")\" >> /workspace/.how; exec bash";

    String session;

    @BeforeAll
    void boot() throws Exception {
        boot("image", WORK);
    }

    /** ccy in the worktree. */
    Sandbox.Result inWork(String... args) {
        return ccy(WORK, args);
    }

    /** The session's state directory, as its unit mounts it at /ccy/state. */
    String stateDir(String s) {
        String dir = box.sh("sed -n 's/^Volume=\\(.*\\):\\/ccy\\/state:Z$/\\1/p' ~/.config/containers/systemd/" + s + ".container")
                .ok().out().strip();
        assertTrue(dir.startsWith("/home/dev/.local/share/ccy/sessions/" + s + "."), dir);
        return dir;
    }

    java.util.List<String> how() {
        return box.sh("cat " + WORK + "/.how 2>/dev/null").out().lines().toList();
    }

    boolean ready() {
        return box.user(null, "systemctl", "--user", "is-active", "--quiet", session + ".service").exit() == 0
                && box.user(null, "podman", "exec", session, "tmux", "has-session", "-t", "main").exit() == 0;
    }

    @Test
    @Order(1)
    void imageBuildTwiceBuildsOnce() {
        Sandbox.Result first = inWork("image", "build", "--base", BASE, "--tag", IMAGE, "--no-agent").ok();
        assertTrue(first.out().contains("STEP") || first.err().contains("STEP"), "podman build's progress is shown: " + first);
        assertTrue((first.out() + first.err()).contains("skipping the install of @anthropic-ai/claude-code"), first.toString());
        String labels = box.user(null, "podman", "image", "inspect", "--format",
                "{{index .Labels \"ccy.version\"}} {{index .Labels \"ccy.image.hash\"}}", IMAGE).ok().out().strip();
        assertTrue(labels.matches("\\d+\\.\\d+\\S* [0-9a-f]{64}"), labels);
        String id = box.user(null, "podman", "image", "inspect", "--format", "{{.Id}}", IMAGE).ok().out();
        Sandbox.Result second = inWork("image", "build", "--base", BASE, "--tag", IMAGE, "--no-agent").ok();
        assertTrue(second.err().contains("is up to date"), second.toString());
        assertEquals(id, box.user(null, "podman", "image", "inspect", "--format", "{{.Id}}", IMAGE).ok().out(), "not rebuilt");
        // a changed entrypoint (a user override) changes the hash: built again
        box.sh("mkdir -p ~/.config/ccy/templates && { cat /dev/stdin; echo '# changed'; } "
                + "< <(podman run --rm --entrypoint cat " + IMAGE + " /usr/local/libexec/ccy-entrypoint) "
                + "> ~/.config/ccy/templates/session-entrypoint.sh").ok();
        Sandbox.Result third = inWork("image", "build", "--base", BASE, "--tag", IMAGE, "--no-agent").ok();
        box.sh("rm -rf ~/.config/ccy/templates").ok();
        assertTrue(!third.err().contains("is up to date"), third.toString());
    }

    @Test
    @Order(2)
    void firstStartRunsTheAgentLaterStartsResumeWithItsState() throws Exception {
        session = inWork("new", "--detach", "--image", IMAGE, "--agent-cmd", AGENT, "--resume-cmd", RESUME).ok().out().strip();
        assertTrue(Sandbox.waitFor(Duration.ofSeconds(10), () -> how().size() == 1), how().toString());
        assertEquals("fresh", how().get(0));
        String state = box.sh("cat " + stateDir(session) + "/home/agent-state").ok().out().strip();
        assertTrue(state.matches("state-\\d+"), "the agent's HOME is in the session's own state directory: " + state);
        assertEquals("drwx------ dev", box.sh("stat -c '%A %U' " + stateDir(session)).ok().out().strip(),
                "private to the user: it holds the agent's credentials");
        assertEquals(WORK + "/.claude/ccy/.gitignore\n" + WORK + "/.claude/ccy/.session-id",
                box.sh("find " + WORK + "/.claude -type f | sort").ok().out().strip(),
                "nothing of the agent's in the worktree, only ccy's note of the session (kept out of git)");

        long t = System.nanoTime();
        inWork("stop", session).ok();
        double stop = (System.nanoTime() - t) / 1e9;
        SessionLifecycleIT.figure("ccy-stop", stop);
        // the entrypoint ends on SIGTERM: podman never waits out its 10 s and kills (a JVM's start is in the figure)
        assertTrue(stop < 9.5, "ccy stop ended before podman's 10 s kill timeout: " + stop);
        assertFalse(box.user(null, "journalctl", "--user", "--no-pager", "-u", session + ".service").out().contains("resorting to SIGKILL"),
                "podman had to kill the session");
        inWork("start", session).ok();
        assertTrue(Sandbox.waitFor(Duration.ofSeconds(10), () -> how().size() == 2), how().toString());
        assertEquals("resume " + state, how().get(1), "after stop and start the resume command sees the old state");

        box.kill();
        box.boot();
        assertTrue(Sandbox.waitFor(Duration.ofSeconds(60), this::ready), "back after power loss");
        assertTrue(Sandbox.waitFor(Duration.ofSeconds(10), () -> how().size() == 3), how().toString());
        assertEquals("resume " + state, how().get(2), "after a reboot too");
    }

    @Test
    @Order(3)
    void agentExitDropsToAShellInTheWorkspaceInTheSameWindow() {
        box.user(null, "podman", "exec", session, "tmux", "send-keys", "-t", "main", "touch /workspace/by-agent; exit 0", "Enter").ok();
        assertTrue(Sandbox.waitFor(Duration.ofSeconds(10), () -> box.user(null, "podman", "exec", session, "tmux",
                "capture-pane", "-p", "-t", "main").out().contains("the agent exited with status 0")));
        assertEquals("0:1:/workspace:bash", box.user(null, "podman", "exec", session, "tmux", "display-message", "-p", "-t", "main",
                "#{window_index}:#{session_windows}:#{pane_current_path}:#{pane_current_command}").ok().out().strip());
        assertTrue(ready(), "the session stays");
    }

    @Test
    @Order(4)
    void filesTheAgentWritesBelongToTheHostUser() {
        assertEquals("dev 1000", box.sh("stat -c '%U %u' " + WORK + "/by-agent " + WORK + "/.how | sort -u").ok().out().strip());
        // rootless root would also map to dev on the host: the uid inside is what keep-id changes
        assertEquals("uid=1000(dev)", box.user(null, "podman", "exec", session, "id").ok().out().split(" ")[0],
                "the agent runs as the user, not root");
        assertEquals("1000", box.user(null, "podman", "exec", session, "stat", "-c", "%u", "/workspace/by-agent").ok().out().strip(),
                "and its files are the user's inside too");
        assertTrue(box.sh("cd " + WORK + " && find . -user root | head -1").ok().out().isBlank(), "no root-owned files");
    }

    @Test
    @Order(5)
    void aDeletedStateDirectoryComesBackEmpty() {
        String s = inWork("new", "--detach", "--image", IMAGE, "--", "bash").ok().out().strip();
        inWork("stop", s).ok();
        String dir = stateDir(s);
        box.sh("rm -rf " + dir).ok();
        inWork("start", s).ok();
        assertTrue(box.sh("test -d " + dir + "/home").exit() == 0, "recreated by ExecStartPre");
        inWork("rm", s).ok();
    }

    @Test
    @Order(6)
    void defaultAgentResumesClaudeOnlyWithAConversation() throws Exception {
        // the default resume command, run by a fake claude that records its arguments
        Path bin = box.root().resolve("home/dev/fake-claude");
        Files.createDirectories(bin);
        Files.writeString(bin.resolve("claude"), "#!/bin/sh\necho \"claude $*\" >> /workspace/.claude-args\nexec bash\n");
        box.root("chown", "-R", "dev:dev", "/home/dev/fake-claude").ok();
        box.root("chmod", "+x", "/home/dev/fake-claude/claude").ok();
        box.sh("rm -f " + WORK + "/.claude-args").ok();
        // the image's PATH does not have the fake; put it on the image's PATH with a derived image
        box.sh("printf 'FROM " + IMAGE + "\\nCOPY claude /usr/local/bin/claude\\n' > ~/fake-claude/Containerfile && "
                + "podman build -q -t localhost/ccy-fake-claude:it ~/fake-claude >/dev/null").ok();
        String s = inWork("new", "--detach", "--image", "localhost/ccy-fake-claude:it").ok().out().strip();
        inWork("stop", s).ok();
        inWork("start", s).ok();
        // now a conversation exists: the next start continues it
        String conversations = stateDir(s) + "/home/.claude/projects/-workspace";
        box.sh("mkdir -p " + conversations + " && touch " + conversations + "/c.jsonl").ok();
        inWork("stop", s).ok();
        inWork("start", s).ok();
        assertTrue(Sandbox.waitFor(Duration.ofSeconds(10),
                () -> box.sh("cat " + WORK + "/.claude-args").out().lines().count() == 3));
        assertEquals(java.util.List.of("claude --dangerously-skip-permissions", "claude --dangerously-skip-permissions",
                "claude --dangerously-skip-permissions --continue"), box.sh("cat " + WORK + "/.claude-args").out().lines().toList());
        inWork("rm", s).ok();
    }
}
