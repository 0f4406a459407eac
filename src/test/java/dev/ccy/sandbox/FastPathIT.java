package dev.ccy.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * The speed-ups of issue 12 change nothing users see: the launcher's class-data archive (made in
 * the background, keyed by jar and Java) leaves every output as it was, a new jar gets a new
 * archive, and attach's file-based fast path is taken only for a session whose tmux is up.
 */
class FastPathIT extends SandboxTest {
    static final String WORK = "/home/dev/work/fast";
    static final String IMAGE = "localhost/ccy-test:latest";
    static final String CACHE = "/home/dev/.cache/ccy";

    @BeforeAll
    void boot() throws Exception {
        boot("fastpath", WORK);
    }

    String archives() {
        return box.sh("ls " + CACHE + " 2>/dev/null | grep -E '\\.(jsa|aot)$' || true").out().strip();
    }

    boolean recording() {
        return box.sh("ls " + CACHE + " 2>/dev/null | grep -q '\\.lock$'").exit() == 0;
    }

    @Test
    @Order(1)
    void theArchiveIsMadeInTheBackgroundAndChangesNoOutput() {
        assertEquals("ccy-fast-1", ccy(WORK, "new", "--detach", "--image", IMAGE, "--", "bash").ok().out().strip());
        assertTrue(Sandbox.waitFor(Duration.ofMinutes(10), () -> !recording() && !archives().isEmpty()),
                "an archive appears once its recording ends: " + box.sh("ls -la " + CACHE).out());
        assertEquals(1, archives().lines().count(), archives());
        assertFalse(box.sh("ls " + CACHE).out().contains(".tmp"), "no temp file left: " + box.sh("ls " + CACHE).out());
        for (String[] cmd : new String[][] {{"list", "--json", "--all"}, {"list"}, {"--version"}, {"--help"}, {"attach", "--help"}}) {
            Sandbox.Result with = box.user(WORK, prepend(new String[] {"ccy"}, cmd));
            Sandbox.Result without = box.user(WORK, prepend(new String[] {"env", "CCY_ARCHIVE=0", "ccy"}, cmd));
            assertEquals(without.exit(), with.exit(), String.join(" ", cmd));
            assertEquals(normalizeAges(without.out()), normalizeAges(with.out()), String.join(" ", cmd));
            assertEquals(without.err(), with.err(), String.join(" ", cmd));
        }
        assertTrue(ccy(WORK, "list", "--json").ok().out().contains("{\"session\": \"ccy-fast-1\""));
    }

    /** Ages tick between two runs; everything else must be the same. */
    static String normalizeAges(String s) {
        return s.replaceAll("\"age_seconds\": \\d+", "\"age_seconds\": N").replaceAll("\\b\\d+[smhd]\\S*", "AGE");
    }

    static String[] prepend(String[] head, String[] tail) {
        String[] all = java.util.Arrays.copyOf(head, head.length + tail.length);
        System.arraycopy(tail, 0, all, head.length, tail.length);
        return all;
    }

    @Test
    @Order(2)
    void aChangedJarGetsANewArchiveAndTheOldOneGoes() {
        String before = archives();
        box.root("touch", "-d", "2001-01-01", "/usr/local/lib/ccy/ccy.jar").ok();
        ccy(WORK, "--version").ok();
        assertTrue(Sandbox.waitFor(Duration.ofMinutes(10), () -> !recording() && !archives().equals(before)),
                "a new archive for the changed jar: " + box.sh("ls -la " + CACHE).out());
        assertEquals(1, archives().lines().count(), "the old one is removed: " + archives());
        assertNotEquals(before, archives());
        assertEquals("[", ccy(WORK, "list", "--json").ok().out().substring(0, 1), "stdout stays JSON");
    }

    /**
     * ccy with the user bus out of its reach, while podman (through CCY_PODMAN) still has it: podman
     * exec itself needs the bus for its systemd cgroup manager.
     */
    static final String NO_BUS_FOR_CCY = "DBUS_SESSION_BUS_ADDRESS=unix:path=/nonexistent/bus CCY_PODMAN=/home/dev/podman-with-bus";

    /** An attach in an outer tmux (a real terminal) with the given environment; its screen. */
    String attach(String env, String session) {
        box.sh("tmux -L fast kill-server 2>/dev/null; tmux -L fast new-session -d -x 120 -y 40 '" + env + " ccy attach "
                + session + "; echo ATTACH-EXIT=$?; sleep 600'").ok();
        Sandbox.waitFor(Duration.ofSeconds(30), () -> outer().contains("FAST-MARK") || outer().contains("ATTACH-EXIT"));
        String screen = outer();
        box.sh("tmux -L fast kill-server 2>/dev/null || true");
        // the terminal is gone; the client podman exec left in the session ends a moment later (test 5
        // asserts that it does): wait for it, so the next attach counts only its own client
        String name = session.split(" ")[0];
        String full = name.startsWith("ccy-") ? name : "ccy-" + name;
        if (box.user(null, "podman", "container", "exists", full).exit() == 0) {
            Sandbox.waitFor(Duration.ofSeconds(15), () -> clients(full) == 0);
        }
        return screen;
    }

    String outer() {
        return box.sh("tmux -L fast capture-pane -p 2>/dev/null").out();
    }

    @Test
    @Order(3)
    void attachToARunningSessionNeedsNoSystemdCall() {
        box.user(null, "podman", "exec", "ccy-fast-1", "tmux", "send-keys", "-t", "main", "clear; echo FAST-MARK", "Enter").ok();
        box.sh("printf '#!/bin/sh\\nDBUS_SESSION_BUS_ADDRESS=unix:path=/run/user/1000/bus exec podman \"$@\"\\n'"
                + " > ~/podman-with-bus && chmod +x ~/podman-with-bus").ok();
        // with the user bus out of ccy's reach, only the fast path can attach; CCY_FAST=0 keeps the
        // launcher's own fast path out of it, so this is ccy.jar's (session/TmuxUp)
        String screen = attach("CCY_FAST=0 " + NO_BUS_FOR_CCY, "ccy-fast-1");
        assertTrue(screen.contains("FAST-MARK"), "attached without D-Bus: " + screen);
        assertTrue(box.sh("cat $(ls -d ~/.local/share/ccy/sessions/ccy-fast-1.*)/clients").ok().out().strip().matches("\\d+"));
    }

    @Test
    @Order(4)
    void aStoppedSessionStillGoesThroughSystemd() {
        ccy(WORK, "stop", "ccy-fast-1").ok();
        String screen = attach("CCY_FAST=0 " + NO_BUS_FOR_CCY, "ccy-fast-1");
        assertTrue(screen.contains("no user bus") && screen.contains("ATTACH-EXIT=1"),
                "a stopped session is not attached from its files: " + screen);
        assertEquals("inactive", box.user(null, "systemctl", "--user", "is-active", "ccy-fast-1.service").out().strip());
        // with the bus, attach starts it as before
        box.sh("tmux -L fast new-session -d -x 120 -y 40 'ccy attach ccy-fast-1; sleep 600'").ok();
        assertTrue(Sandbox.waitFor(Duration.ofSeconds(90),
                () -> box.user(null, "systemctl", "--user", "is-active", "ccy-fast-1.service").out().strip().equals("active")));
        box.sh("tmux -L fast kill-server 2>/dev/null || true");
    }

    /** JAVA=/bin/false: ccy.jar cannot run, so only bin/ccy's own fast path can attach (else exit 1). */
    static final String NO_JAVA = "JAVA=/bin/false";

    int clients(String session) {
        return (int) box.user(null, "podman", "exec", session, "tmux", "list-clients").out().lines().count();
    }

    boolean tmuxUp(String session) {
        return box.sh("d=$(ls -d ~/.local/share/ccy/sessions/" + session + ".*); [ -f \"$d/clients\" ] && [ ! \"$XDG_RUNTIME_DIR/"
                + session + ".cid\" -nt \"$d/clients\" ]").exit() == 0;
    }

    @Test
    @Order(5)
    void theLauncherAttachesWithoutAJvmAndItsClientEndsWithTheTerminal() {
        assertTrue(Sandbox.waitFor(Duration.ofSeconds(60), () -> tmuxUp("ccy-fast-1")), "the session from test 4 is up");
        box.user(null, "podman", "exec", "ccy-fast-1", "tmux", "send-keys", "-t", "main", "clear; echo FAST-MARK", "Enter").ok();
        String lastUsed = "stat -c %Y.%y $(ls -d ~/.local/share/ccy/sessions/ccy-fast-1.*)/last-used";
        box.sh("touch -d '2001-01-01' $(ls -d ~/.local/share/ccy/sessions/ccy-fast-1.*)/last-used").ok();
        String before = box.sh(lastUsed).ok().out();
        assertTrue(attach(NO_JAVA, "ccy-fast-1").contains("FAST-MARK"), "attach by name, no JVM");
        assertNotEquals(before, box.sh(lastUsed).ok().out(), "the attach is recorded as a use, as ccy.jar does");
        assertTrue(attach(NO_JAVA + " ", "fast-1 -r").contains("FAST-MARK"), "the short name, read-only");
        // bare ccy in the worktree whose .session-id names the session
        box.sh("tmux -L fast kill-server 2>/dev/null; cd " + WORK + " && tmux -L fast new-session -d -x 120 -y 40 '" + NO_JAVA
                + " ccy; echo ATTACH-EXIT=$?; sleep 600'").ok();
        assertTrue(Sandbox.waitFor(Duration.ofSeconds(30), () -> outer().contains("FAST-MARK")), "bare ccy, no JVM: " + outer());
        assertEquals(1, clients("ccy-fast-1"));
        // a closed terminal: the launcher ends the tmux client that podman would leave behind
        box.sh("tmux -L fast kill-server").ok();
        assertTrue(Sandbox.waitFor(Duration.ofSeconds(15), () -> clients("ccy-fast-1") == 0),
                "no ghost client: " + box.sh("pgrep -fa 'attach-session' || true").out());
    }

    @Test
    @Order(6)
    void whenTheFilesLeaveAnyDoubtTheLauncherRunsCcyJar() {
        box.user(null, "podman", "exec", "ccy-fast-1", "tmux", "send-keys", "-t", "main", "clear; echo FAST-MARK", "Enter").ok();
        // an alias is resolved by ccy.jar
        assertEquals(0, box.user(WORK, "ccy", "new", "--detach", "--name", "fastal", "--image", IMAGE, "--", "bash").exit());
        assertTrue(attach(NO_JAVA, "fastal").contains("ATTACH-EXIT=1"), "an alias goes to ccy.jar");
        // the worktree now has two sessions and its .session-id names the newest: ccy.jar chooses and says so
        box.sh("tmux -L fast kill-server 2>/dev/null; cd " + WORK + " && tmux -L fast new-session -d -x 120 -y 40 '" + NO_JAVA
                + " ccy; echo ATTACH-EXIT=$?; sleep 600'").ok();
        assertTrue(Sandbox.waitFor(Duration.ofSeconds(30), () -> outer().contains("ATTACH-EXIT=1")), outer());
        box.sh("tmux -L fast kill-server 2>/dev/null || true");
        // a session whose .session-id hint names another one: attaching would have to rewrite it
        assertTrue(attach(NO_JAVA, "ccy-fast-1").contains("ATTACH-EXIT=1"), "the hint must be rewritten by ccy.jar");
        // ccy.jar rewrites it; then a link where the last-used marker should be is ccy.jar's to handle
        assertTrue(attach("", "ccy-fast-1").contains("FAST-MARK"));
        box.sh("m=$(ls -d ~/.local/share/ccy/sessions/ccy-fast-1.*)/last-used; rm -f $m; ln -s /etc/passwd $m").ok();
        assertTrue(attach(NO_JAVA, "ccy-fast-1").contains("ATTACH-EXIT=1"), "a link as marker goes to ccy.jar");
        assertTrue(attach("", "ccy-fast-1").contains("FAST-MARK"), "which replaces it");
        assertEquals(1, box.sh("test -L $(ls -d ~/.local/share/ccy/sessions/ccy-fast-1.*)/last-used").exit(), "no link left");
        // not a terminal: ccy.jar says what it does instead
        assertEquals(1, box.user(WORK, "env", NO_JAVA, "ccy", "attach", "ccy-fast-1").exit());
        box.user(WORK, "ccy", "rm", "fastal").ok();
    }
}
