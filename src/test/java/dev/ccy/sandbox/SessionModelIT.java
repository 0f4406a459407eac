package dev.ccy.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * Sessions as users live with them (issue 3), against the real systemd, Quadlet, podman and tmux of
 * the sandbox, with real pseudo-terminals: each "terminal" is an outer tmux server of its own
 * (tmux -L NAME) in which ccy runs as it would in a desktop terminal or an SSH login.
 */
class SessionModelIT extends SandboxTest {
    static final String IMAGE = "localhost/ccy-test:latest";
    static final String WORK = "/home/dev/work/shop";
    static final String OTHER = "/home/dev/work/tools";
    /** The agent: a bash that says who it is; "exit" from it drops to the session's shell. */
    static final String[] AGENT = {"bash", "-c", "echo \"agent up in $PWD\"; exec bash"};

    @BeforeAll
    void boot() throws Exception {
        boot("model", WORK);
        // bare ccy creates sessions with the configured image
        box.sh("mkdir -p ~/.config/ccy && echo 'image=" + IMAGE + "' > ~/.config/ccy/config").ok();
    }

    Sandbox.Result create(String cwd, String... options) {
        List<String> args = new java.util.ArrayList<>(List.of("new", "--detach", "--image", IMAGE));
        args.addAll(List.of(options));
        args.add("--");
        args.addAll(List.of(AGENT));
        return ccy(cwd, args.toArray(String[]::new));
    }

    /** Opens a terminal NAME running a shell command line as dev; its screen is {@link #screenOf}. */
    void terminal(String name, String commandLine) {
        box.sh("tmux -L " + name + " new-session -d -x 150 -y 40 " + quote(commandLine + "; echo EXIT=$?; sleep 600")).ok();
    }

    void type(String terminal, String... keys) {
        String[] cmd = new String[5 + keys.length];
        System.arraycopy(new String[] {"tmux", "-L", terminal, "send-keys", "--"}, 0, cmd, 0, 5);
        System.arraycopy(keys, 0, cmd, 5, keys.length);
        box.user(null, cmd).ok();
    }

    String screenOf(String terminal) {
        return box.sh("tmux -L " + terminal + " capture-pane -p -J -S -100").out();
    }

    void close(String terminal) {
        box.sh("tmux -L " + terminal + " kill-server 2>/dev/null; true").ok();
    }

    boolean shows(String terminal, String text) {
        return Sandbox.waitFor(Duration.ofSeconds(30), () -> screenOf(terminal).contains(text));
    }

    /** The agent window's screen, read by ccy capture. */
    String agentScreen(String session) {
        return ccy(null, "capture", session).out();
    }

    /** tmux's own count of clients attached to the session. */
    int clients(String session) {
        Sandbox.Result r = box.user(null, "podman", "exec", session, "tmux", "list-clients", "-t", "main");
        return r.exit() == 0 ? (int) r.out().lines().count() : -1;
    }

    /** The CLIENTS column of ccy list for a session. */
    String listedClients(String session) {
        return column(ccy(null, "list", "--all").ok().out(), session, "CLIENTS");
    }

    static String column(String table, String session, String column) {
        List<String> lines = table.lines().toList();
        int at = lines.get(0).indexOf(column);
        for (String l : lines) {
            if (l.startsWith(session + " ")) {
                return l.substring(at).split("\\s+")[0];
            }
        }
        return null;
    }

    String prop(String session, String property) {
        return box.user(null, "systemctl", "--user", "show", "-P", property, session + ".service").out().strip();
    }

    boolean active(String session) {
        return "active".equals(prop(session, "ActiveState"));
    }

    boolean fileExists(String path) {
        return box.sh("test -e " + quote(path)).exit() == 0;
    }

    static String quote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }

    @Test
    @Order(1)
    void twoSessionsOfOneWorktreeAttachedFromTwoTerminalsAtOnce() {
        assertEquals("ccy-shop-1", create(WORK).ok().out().strip());
        // ccy new always makes one more, even while the first runs
        assertEquals("ccy-shop-2", create(WORK, "--name", "review").ok().out().strip());
        terminal("t1", "ccy attach ccy-shop-1");
        terminal("t2", "ccy attach review");
        assertTrue(shows("t1", "agent up in /workspace") && shows("t2", "agent up in /workspace"), screenOf("t1") + screenOf("t2"));
        type("t1", "echo one-$((40+2))", "Enter");
        type("t2", "echo two-$((50+5))", "Enter");
        assertTrue(Sandbox.waitFor(Duration.ofSeconds(10), () -> agentScreen("shop-1").contains("one-42")), agentScreen("shop-1"));
        assertTrue(Sandbox.waitFor(Duration.ofSeconds(10), () -> agentScreen("shop-2").contains("two-55")), agentScreen("shop-2"));
        assertFalse(agentScreen("shop-1").contains("two-55"), "each terminal types into its own session");
        assertEquals(1, clients("ccy-shop-1"));
        assertEquals(1, clients("ccy-shop-2"));
    }

    @Test
    @Order(2)
    void severalClientsShareOneSessionAndListCountsThem() {
        terminal("t3", "ccy attach ccy-shop-1");
        assertTrue(shows("t3", "one-42"), "the second client sees the same screen: " + screenOf("t3"));
        type("t3", "echo pair-$((7*6))", "Enter");
        assertTrue(shows("t1", "pair-42"), "what one client types, the other sees: " + screenOf("t1"));
        assertEquals(2, clients("ccy-shop-1"));
        assertTrue(Sandbox.waitFor(Duration.ofSeconds(5), () -> "2".equals(listedClients("ccy-shop-1"))),
                ccy(null, "list").out());
    }

    @Test
    @Order(3)
    void aReadOnlyClientWatchesButCannotType() {
        terminal("ro", "ccy attach --read-only ccy-shop-1");
        assertTrue(shows("ro", "pair-42"), screenOf("ro"));
        type("ro", "echo typed-by-ro", "Enter");
        type("t1", "echo typed-by-rw", "Enter");
        assertTrue(shows("ro", "typed-by-rw"), "the read-only client sees what others type: " + screenOf("ro"));
        assertFalse(agentScreen("shop-1").contains("typed-by-ro"), "its keys never reach the session: " + agentScreen("shop-1"));
        assertEquals(3, clients("ccy-shop-1"));
    }

    @Test
    @Order(4)
    void closingATerminalIsADetachAndLeavesNoClientBehind() {
        close("ro");
        close("t3");
        assertTrue(Sandbox.waitFor(Duration.ofSeconds(10), () -> clients("ccy-shop-1") == 1),
                "closed terminals are detached clients, not ghosts: " + clients("ccy-shop-1"));
        assertTrue(Sandbox.waitFor(Duration.ofSeconds(10), () -> "1".equals(listedClients("ccy-shop-1"))));
        assertEquals("", box.sh("pgrep -u dev -f '[t]mux attach-session -t main -r' || true").out().strip(), "no tmux client left");
        assertTrue(active("ccy-shop-1"));
    }

    @Test
    @Order(5)
    void exclusiveAttachDetachesEveryOtherClientOfThatSessionOnly() {
        terminal("t3", "ccy attach ccy-shop-1");
        assertTrue(Sandbox.waitFor(Duration.ofSeconds(30), () -> clients("ccy-shop-1") == 2));
        terminal("x", "ccy attach --exclusive ccy-shop-1");
        assertTrue(shows("x", "typed-by-rw"), screenOf("x"));
        assertTrue(shows("t1", "[detached") && shows("t3", "[detached"), "the others were detached: " + screenOf("t1"));
        assertTrue(shows("t1", "EXIT=0"), "a detached ccy attach ends with 0: " + screenOf("t1"));
        assertEquals(1, clients("ccy-shop-1"));
        assertEquals(1, clients("ccy-shop-2"), "the other session of the project keeps its client");
        close("x");
        close("t1");
        close("t3");
        close("t2");
        assertTrue(Sandbox.waitFor(Duration.ofSeconds(10), () -> clients("ccy-shop-1") == 0 && clients("ccy-shop-2") == 0));
    }

    @Test
    @Order(6)
    void aliasesAndNamesAddressSessionsFromAnyDirectory() {
        assertEquals("review", column(ccy("/", "list").ok().out(), "ccy-shop-2", "ALIAS"));
        assertTrue(ccy("/", "capture", "review").ok().out().contains("two-55"));
        assertTrue(ccy("/", "capture", "ccy-shop-2.service").ok().out().contains("two-55"));
        String byLabel = box.user(null, "podman", "ps", "--filter", "label=ccy.alias=review", "--format", "{{.Names}}").ok().out();
        assertEquals("ccy-shop-2", byLabel.strip(), "the alias is a label podman sees");
        Sandbox.Result taken = create(WORK, "--name", "review");
        assertEquals(2, taken.exit(), taken.toString());
        assertEquals("ccy: alias 'review' is taken by ccy-shop-2: choose another", taken.err().strip());
        Sandbox.Result unknown = ccy("/", "attach", "nosuch");
        assertEquals(3, unknown.exit());
        assertEquals(1, unknown.err().lines().count(), unknown.err());
        assertTrue(unknown.err().contains("no session 'nosuch'") && unknown.err().contains("ccy-shop-2 (review)"), unknown.err());
        // "ccy-tools-1" is the full name of a session of tools/ and the short name of one of ccy-tools/
        box.sh("mkdir -p " + OTHER + " /home/dev/work/ccy-tools").ok();
        assertEquals("ccy-tools-1", create(OTHER).ok().out().strip());
        assertEquals("ccy-ccy-tools-1", create("/home/dev/work/ccy-tools").ok().out().strip());
        Sandbox.Result ambiguous = ccy("/", "stop", "ccy-tools-1");
        assertEquals(2, ambiguous.exit());
        assertEquals("ccy: 'ccy-tools-1' could be ccy-tools-1 or ccy-ccy-tools-1: give the full name", ambiguous.err().strip());
        ccy("/", "rm", "ccy-ccy-tools-1.service", "tools-1").ok();
    }

    @Test
    @Order(7)
    void bareCcyResumesTheMostRecentlyUsedSessionAndSaysWhich() {
        box.user(WORK, "ccy", "send", "shop-1", "echo I-AM-ONE", "Enter").ok();
        box.user(WORK, "ccy", "send", "shop-2", "echo I-AM-TWO", "Enter").ok();
        // every attach makes its session the most recently used, and names it in the worktree's file
        terminal("b", "ccy attach review");
        assertTrue(shows("b", "I-AM-TWO"));
        close("b");
        assertEquals("ccy-shop-2", box.sh("cat " + WORK + "/.claude/ccy/.session-id").ok().out().strip());
        assertEquals("*", box.sh("tail -n1 " + WORK + "/.claude/ccy/.gitignore").ok().out().strip(), "kept out of git");
        terminal("b", "cd " + WORK + " && ccy 2> ~/bare.err");
        assertTrue(shows("b", "I-AM-TWO"), screenOf("b"));
        assertTrue(box.sh("cat ~/bare.err").out().contains("ccy: attaching to ccy-shop-2 (review), the most recently used of 2 sessions"),
                box.sh("cat ~/bare.err").out());
        close("b");
        terminal("b", "ccy attach shop-1");
        assertTrue(shows("b", "I-AM-ONE"));
        close("b");
        assertEquals("ccy-shop-1", box.sh("cat " + WORK + "/.claude/ccy/.session-id").ok().out().strip());
        terminal("b", "cd " + WORK + "/ && ccy 2> ~/bare.err");
        assertTrue(shows("b", "I-AM-ONE"), screenOf("b"));
        assertTrue(box.sh("cat ~/bare.err").out().contains("attaching to ccy-shop-1,"), box.sh("cat ~/bare.err").out());
        close("b");
    }

    @Test
    @Order(8)
    void aStaleSessionFileIsRepairedNotTrusted() {
        // a worktree copied with its .claude/ directory names a session of the original
        box.sh("mkdir -p /home/dev/work/copy && cp -r " + WORK + "/.claude /home/dev/work/copy/").ok();
        Sandbox.Result copy = box.user("/home/dev/work/copy", "ccy");
        assertEquals(0, copy.exit(), copy.toString());
        assertEquals("ccy-copy-1", copy.out().strip(), "a session of its own, not the original's");
        assertTrue(copy.err().contains("created ccy-copy-1"), copy.err());
        assertEquals("ccy-copy-1", box.sh("cat /home/dev/work/copy/.claude/ccy/.session-id").ok().out().strip(), "repaired");
        // a file naming a session that is gone, and garbage: both fall back to the label
        box.sh("echo ccy-shop-9 > " + WORK + "/.claude/ccy/.session-id").ok();
        assertEquals("ccy-shop-1", box.user(WORK, "ccy").ok().out().strip());
        assertEquals("ccy-shop-1", box.sh("cat " + WORK + "/.claude/ccy/.session-id").ok().out().strip());
        box.sh("printf 'x\\n[Service]\\n' > " + WORK + "/.claude/ccy/.session-id").ok();
        assertEquals("ccy-shop-1", box.user(WORK, "ccy").ok().out().strip());
        // no file at all: the label alone finds it
        box.sh("rm " + WORK + "/.claude/ccy/.session-id").ok();
        assertEquals("ccy-shop-1", box.user(WORK + "/.claude", "ccy").ok().out().strip(), "from a subdirectory too");
        ccy(null, "rm", "ccy-copy-1").ok();
    }

    @Test
    @Order(9)
    void attachPickListsTheSessionsAndAttachesToTheChosenOne() {
        terminal("p", "cd " + WORK + " && ccy attach --pick");
        assertTrue(shows("p", "Attach to which [1-2"), screenOf("p"));
        String list = screenOf("p");
        // most recently used first: ccy-shop-1 (attached last), then ccy-shop-2
        assertTrue(list.contains("1  ccy-shop-1") && list.contains("2  ccy-shop-2  review"), list);
        type("p", "2", "Enter");
        assertTrue(shows("p", "I-AM-TWO"), screenOf("p"));
        close("p");
    }

    @Test
    @Order(10)
    void attachWorksWithoutXdgVariablesAsAfterSuOrSsh() {
        terminal("n", "env -u XDG_RUNTIME_DIR -u DBUS_SESSION_BUS_ADDRESS sh -c 'env > ~/noxdg.env; ccy attach shop-1'");
        assertTrue(Sandbox.waitFor(Duration.ofSeconds(10), () -> box.sh("cat ~/noxdg.env").out().contains("PATH=")));
        String env = box.sh("cat ~/noxdg.env").out();
        assertFalse(env.contains("XDG_RUNTIME_DIR") || env.contains("DBUS_SESSION_BUS_ADDRESS"), env);
        assertTrue(shows("n", "I-AM-ONE"), "attached without XDG variables: " + screenOf("n"));
        type("n", "echo no-xdg-typed", "Enter");
        assertTrue(Sandbox.waitFor(Duration.ofSeconds(10), () -> agentScreen("shop-1").contains("no-xdg-typed")));
        type("n", "C-b", "d");
        assertTrue(shows("n", "EXIT=0"), screenOf("n"));
        close("n");
    }

    @Test
    @Order(11)
    void ccyShellIsASeparateShellBesideTheAgentsWindow() {
        terminal("s", "ccy shell shop-1");
        type("s", "echo shell-in-$PWD-$(tmux list-windows -t main | wc -l)-windows", "Enter");
        assertTrue(shows("s", "shell-in-/workspace-1-windows"), screenOf("s"));
        assertFalse(agentScreen("shop-1").contains("shell-in-"), "the agent's window is untouched");
        type("s", "exit", "Enter");
        assertTrue(shows("s", "EXIT=0"), screenOf("s"));
        assertTrue(active("ccy-shop-1"), "leaving the shell leaves the session");
        close("s");
    }

    @Test
    @Order(12)
    void ctrlPReachesTheSessionThroughAttach() {
        // podman's own detach keys (Ctrl-P Ctrl-Q) would swallow Ctrl-P, the shell's history key
        terminal("h", "ccy attach shop-1");
        assertTrue(shows("h", "I-AM-ONE"));
        type("h", "echo history-$((1+1))", "Enter");
        type("h", "C-p", "Enter");
        assertTrue(Sandbox.waitFor(Duration.ofSeconds(10),
                () -> agentScreen("shop-1").lines().filter(l -> l.equals("history-2")).count() == 2), agentScreen("shop-1"));
        close("h");
    }

    @Test
    @Order(13)
    void sendAndCaptureDriveTheAgentWindowForScripts() {
        ccy(null, "send", "review", "echo sent-$((3*3))", "Enter").ok();
        assertTrue(Sandbox.waitFor(Duration.ofSeconds(10), () -> agentScreen("review").contains("sent-9")));
        ccy(null, "send", "--literal", "review", "Enter").ok();
        assertTrue(Sandbox.waitFor(Duration.ofSeconds(10), () -> agentScreen("review").contains("$ Enter")), agentScreen("review"));
        ccy(null, "send", "review", "C-c").ok();
        assertTrue(ccy(null, "capture", "--history", "review").ok().out().contains("agent up in /workspace"));
    }

    @Test
    @Order(14)
    void theAgentExitingDropsToAShellAndExitEndsTheSessionResumably() {
        ccy(null, "send", "shop-1", "exit 3", "Enter").ok();
        assertTrue(Sandbox.waitFor(Duration.ofSeconds(10), () -> agentScreen("shop-1").contains("the agent exited with status 3")));
        assertEquals("/workspace", box.user(null, "podman", "exec", "ccy-shop-1", "tmux", "display-message", "-p", "-t", "main",
                "#{pane_current_path}").ok().out().strip());
        assertTrue(active("ccy-shop-1"), "the session stays up");
        String restarts = prop("ccy-shop-1", "NRestarts");
        ccy(null, "send", "shop-1", "exit", "Enter"); // the container may end before the exec returns
        assertTrue(Sandbox.waitFor(Duration.ofSeconds(20), () -> "inactive".equals(prop("ccy-shop-1", "ActiveState"))),
                prop("ccy-shop-1", "ActiveState"));
        assertEquals("success", prop("ccy-shop-1", "Result"), "not failed");
        Sandbox.pause(3000); // RestartSec=2: a restart would have happened by now
        assertEquals("inactive", prop("ccy-shop-1", "ActiveState"), "not restarted");
        assertEquals(restarts, prop("ccy-shop-1", "NRestarts"));
        assertEquals(null, column(ccy(null, "list").ok().out(), "ccy-shop-1", "STATE"), "ccy list shows running sessions");
        assertEquals("stopped", column(ccy(null, "list", "--all").ok().out(), "ccy-shop-1", "STATE"), "--all adds stopped ones");
        // ccy stop keeps another one down the same way
        create(OTHER).ok();
        ccy(null, "stop", "tools-1").ok();
    }

    @Test
    @Order(15)
    void endedSessionsStayStoppedAcrossRebootsAndRunningOnesComeBack() throws Exception {
        for (Runnable down : new Runnable[] {box::poweroff, box::kill}) {
            down.run();
            box.boot();
            assertTrue(Sandbox.waitFor(Duration.ofSeconds(60), () -> active("ccy-shop-2")), "the running session is back");
            Sandbox.pause(3000);
            assertEquals("inactive", prop("ccy-shop-1", "ActiveState"), "ended with exit: stays stopped");
            assertEquals("inactive", prop("ccy-tools-1", "ActiveState"), "ended with ccy stop: stays stopped");
            assertTrue(box.user(null, "systemctl", "--user", "status", "ccy-shop-1", "--no-pager").out()
                    .contains("start condition unmet"), "systemctl says why");
            assertEquals("ccy-shop-2", ccy("/", "list", "--json").ok().out().contains("\"alias\": \"review\"") ? "ccy-shop-2" : "",
                    "the alias survives reboot");
        }
        // resumable: ccy start, or a bare ccy in the worktree
        ccy(null, "start", "tools-1").ok();
        assertTrue(active("ccy-tools-1"));
        box.sh("echo ccy-shop-1 > " + WORK + "/.claude/ccy/.session-id").ok();
        Sandbox.Result bare = box.user(WORK, "ccy");
        assertEquals("ccy-shop-1", bare.out().strip(), bare.toString());
        assertTrue(bare.err().contains("starting ccy-shop-1"), bare.err());
        assertTrue(active("ccy-shop-1"));
        assertTrue(Sandbox.waitFor(Duration.ofSeconds(10), () -> agentScreen("shop-1").contains("agent up in /workspace")));
    }

    @Test
    @Order(16)
    void anEphemeralSessionLeavesNothingBehindWhenItEnds() {
        String session = create(WORK, "--ephemeral").ok().out().strip();
        String state = box.sh("ls -d ~/.local/share/ccy/sessions/" + session + ".*").ok().out().strip();
        assertTrue(column(ccy(null, "list").ok().out(), session, "STATE") != null);
        assertTrue(ccy(null, "list").ok().out().contains("running (ephemeral)"));
        ccy(null, "send", session, "exit", "Enter").ok();
        assertTrue(Sandbox.waitFor(Duration.ofSeconds(10), () -> agentScreen(session).contains("the agent exited")));
        ccy(null, "send", session, "exit", "Enter");
        assertTrue(Sandbox.waitFor(Duration.ofSeconds(20), () -> "not-found".equals(prop(session, "LoadState"))),
                "the manager was reloaded and forgot it: " + prop(session, "LoadState"));
        assertFalse(fileExists("/home/dev/.config/containers/systemd/" + session + ".container"), "no unit file");
        assertFalse(fileExists(state), "no state directory");
        assertTrue(box.user(null, "podman", "container", "exists", session).exit() != 0, "no container");
        assertEquals("", box.sh("ls /run/user/1000/" + session + "* 2>/dev/null || true").out().strip(), "no runtime files");
        assertFalse(ccy(null, "list", "--all").ok().out().contains(session));
        // ccy stop ends it as well
        String stopped = create(WORK, "--ephemeral").ok().out().strip();
        Sandbox.Result r = ccy(null, "stop", stopped).ok();
        assertTrue(r.err().contains("was ephemeral: it is removed"), r.toString());
        assertFalse(fileExists("/home/dev/.config/containers/systemd/" + stopped + ".container"));
    }

    @Test
    @Order(17)
    void persistKeepsAnEphemeralSession() {
        String session = create(WORK, "--ephemeral").ok().out().strip();
        ccy(null, "persist", session).ok();
        assertFalse(ccy(null, "list").ok().out().contains("ephemeral"));
        ccy(null, "send", session, "exit", "Enter").ok();
        assertTrue(Sandbox.waitFor(Duration.ofSeconds(10), () -> agentScreen(session).contains("the agent exited")));
        ccy(null, "send", session, "exit", "Enter");
        assertTrue(Sandbox.waitFor(Duration.ofSeconds(20), () -> "inactive".equals(prop(session, "ActiveState"))));
        assertTrue(fileExists("/home/dev/.config/containers/systemd/" + session + ".container"), "kept");
        assertEquals("stopped", column(ccy(null, "list", "--all").ok().out(), session, "STATE"));
        Sandbox.Result again = ccy(null, "persist", session).ok();
        assertTrue(again.err().contains("is not ephemeral"), again.toString());
    }

    @Test
    @Order(18)
    void logsShowTheSessionsJournalAndFollowIt() {
        String logs = ccy(null, "logs", "tools-1").ok().out();
        assertTrue(logs.contains("Started ccy-tools-1.service"), logs);
        assertEquals(1, ccy(null, "logs", "-n", "1", "tools-1").ok().out().lines().filter(l -> !l.startsWith("--")).count());
        box.sh("(timeout 20 ccy logs -f tools-1 > ~/follow.log 2>&1 &); sleep 3").ok();
        ccy(null, "stop", "tools-1").ok();
        assertTrue(Sandbox.waitFor(Duration.ofSeconds(15), () -> box.sh("cat ~/follow.log").out().contains("Stopped ccy-tools-1.service")),
                box.sh("cat ~/follow.log").out());
    }

    @Test
    @Order(19)
    void pruneRemovesStoppedSessionsOnlyAndDryRunRemovesNothing() {
        // stopped now: ccy-tools-1, and the persisted ccy-shop-3 (ccy-shop-1 and -2 run)
        String before = ccy(null, "list", "--all").ok().out();
        List<String> stopped = before.lines().skip(1).filter(l -> column(before, l.split("\\s+")[0], "STATE").equals("stopped"))
                .map(l -> l.split("\\s+")[0]).toList();
        assertEquals(2, stopped.size(), before);
        assertTrue(stopped.contains("ccy-tools-1"), before);
        String persisted = stopped.stream().filter(n -> !n.equals("ccy-tools-1")).findFirst().orElseThrow();
        Sandbox.Result kept = ccy(null, "rm", "--keep-state", persisted).ok();
        assertTrue(kept.err().contains("kept /home/dev/.local/share/ccy/sessions/" + persisted + "."), kept.toString());
        // one of them stopped two days ago
        box.sh("touch -d '2 days ago' ~/.local/share/ccy/sessions/ccy-tools-1.*/stopped-at").ok();
        String dry = ccy(null, "prune", "--dry-run").ok().out();
        assertTrue(dry.contains("would remove ccy-tools-1 (stopped 2d") && dry.contains("state of a removed session"), dry);
        assertEquals(before.lines().count() - 1, ccy(null, "list", "--all").ok().out().lines().count(), "dry run removed nothing");
        String old = ccy(null, "prune", "--older-than", "1d").ok().out();
        assertTrue(old.contains("removed ccy-tools-1 (stopped 2d") && !old.contains("state of a removed session"), old);
        assertFalse(fileExists("/home/dev/.config/containers/systemd/ccy-tools-1.container"));
        assertEquals("", box.sh("ls -d ~/.local/share/ccy/sessions/ccy-tools-1.* 2>/dev/null || true").out().strip(), "state gone");
        String all = ccy(null, "prune").ok().out();
        assertTrue(all.contains("state of a removed session"), all);
        String after = ccy(null, "list", "--all").ok().out();
        assertTrue(after.contains("ccy-shop-1") && after.contains("ccy-shop-2"), "running sessions are never pruned: " + after);
        assertTrue(ccy(null, "prune").ok().err().contains("nothing to prune"));
    }

    @Test
    @Order(20)
    void listCostsOneSystemdCallAndNoPodmanCallHoweverManySessions() {
        // podman calls: none (a podman that records its calls)
        box.sh("printf '#!/bin/sh\\necho \"$@\" >> ~/podman-calls\\nexec podman \"$@\"\\n' > ~/podman-rec && chmod +x ~/podman-rec").ok();
        box.user(null, "env", "CCY_PODMAN=/home/dev/podman-rec", "ccy", "list", "--all").ok();
        assertFalse(fileExists("/home/dev/podman-calls"), "ccy list ran podman");
        // systemd calls: the same number with 2 sessions as with 5
        int two = systemdCalls();
        for (int i = 0; i < 3; i++) {
            create(OTHER).ok();
        }
        int five = systemdCalls();
        assertEquals(two, five, "calls to systemd with 2 and with 5 sessions");
        String json = ccy(null, "list", "--json").ok().out();
        for (String field : new String[] {"session", "unit", "alias", "status", "state", "substate", "project", "branch",
            "worktree", "image", "clients", "ephemeral", "created", "since", "age_seconds", "last_used", "outdated"}) {
            assertTrue(json.contains("\"" + field + "\": "), field + " in " + json);
        }
    }

    /** Method calls ccy list makes to the user manager, counted by busctl's monitor. */
    int systemdCalls() {
        box.sh("rm -f ~/bus.log; (timeout 15 busctl --user monitor --match 'type=method_call,destination=org.freedesktop.systemd1'"
                + " > ~/bus.log 2>&1 &); sleep 1.5").ok();
        ccy(null, "list", "--all").ok();
        Sandbox.pause(1500);
        box.sh("pkill -u dev -f '[b]usctl --user monitor'; true").ok();
        String log = box.sh("cat ~/bus.log").out();
        int calls = (int) log.lines().filter(l -> l.contains("Type=method_call")).count();
        assertTrue(log.contains("ListUnitsByNames"), log);
        return calls;
    }
}
