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
 * The session lifecycle against the real thing: ccy's jar run as an unprivileged user inside a booted
 * trixie system, with its user manager, logind, the Quadlet generator, rootless podman and tmux.
 */
class SessionLifecycleIT extends SandboxTest {
    static final String IMAGE = "localhost/ccy-test:latest";
    static final String WORK = "/home/dev/work/demo";
    /** A directory name with everything that could break out of a unit file value. */
    static final String HOSTILE = "/home/dev/work/My Proj 50% $HOME \"q\" it's ]=[ \\back ünï";
    /** A branch name with what git allows and unit files do not like. */
    static final String HOSTILE_BRANCH = "feat/50%-$USER-\"q\"-ünï";
    /** The agent: says it is up, counts its starts in the worktree, then stays as a shell. */
    static final String[] AGENT = {"bash", "-c", "echo \"agent $1 up\" $(date +%s) >> /workspace/.starts; echo \"agent $1 up\"; exec bash", "_", "demo"};

    @BeforeAll
    void boot() throws Exception {
        boot("lifecycle", WORK);
    }

    Sandbox.Result newSession(String cwd) {
        String[] args = new String[4 + AGENT.length];
        args[0] = "new";
        args[1] = "--detach";
        args[2] = "--image=" + IMAGE;
        args[3] = "--";
        System.arraycopy(AGENT, 0, args, 4, AGENT.length);
        return ccy(cwd, args);
    }

    boolean active(String session) {
        return box.user(null, "systemctl", "--user", "is-active", "--quiet", session + ".service").exit() == 0;
    }

    boolean tmuxAnswers(String session) {
        return box.user(null, "podman", "exec", session, "tmux", "has-session", "-t", "main").exit() == 0;
    }

    String screen(String session) {
        return box.user(null, "podman", "exec", session, "tmux", "capture-pane", "-p", "-t", "main").out();
    }

    int starts(String worktree) {
        return lines(worktree + "/.starts");
    }

    int lines(String file) {
        return (int) box.sh("cat '" + file.replace("'", "'\\''") + "' 2>/dev/null").out().lines().count();
    }

    static void figure(String name, double seconds) throws Exception {
        String line = String.format("FIGURE %s %.2f s%n", name, seconds);
        System.out.print(line);
        Files.writeString(Path.of("target/sandbox-figures.txt"), line,
                java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
    }

    @Test
    @Order(1)
    void newDetachStartsASessionWithLabelsTmuxAndLinger() throws Exception {
        // take linger away so ccy must turn it on through logind
        box.root("rm", "-f", "/var/lib/systemd/linger/dev").ok();
        long t = System.nanoTime();
        Sandbox.Result r = newSession(WORK).ok();
        figure("ccy-new-detach-until-tmux-answers", (System.nanoTime() - t) / 1e9);
        assertEquals("ccy-demo-1", r.out().strip(), r.toString());
        assertTrue(box.root("test", "-e", "/var/lib/systemd/linger/dev").exit() == 0, "ccy enabled linger: " + r);
        assertTrue(active("ccy-demo-1"));
        assertTrue(tmuxAnswers("ccy-demo-1"), "ccy new returns only once tmux answers");
        String labels = box.user(null, "podman", "inspect", "--format",
                "{{index .Config.Labels \"ccy.project\"}}|{{index .Config.Labels \"ccy.worktree\"}}|"
                        + "{{index .Config.Labels \"ccy.branch\"}}|{{index .Config.Labels \"ccy.session\"}}", "ccy-demo-1").ok().out();
        assertEquals("demo|" + WORK + "|main|ccy-demo-1", labels.strip());
        assertTrue(Sandbox.waitFor(Duration.ofSeconds(10), () -> screen("ccy-demo-1").contains("agent demo up")), screen("ccy-demo-1"));
        assertEquals("bash", box.user(null, "podman", "exec", "ccy-demo-1", "tmux", "display-message", "-p", "-t", "main",
                "#{pane_current_command}").ok().out().strip(), "the agent runs in tmux");
        assertTrue(box.sh("test -f ~/.config/containers/systemd/ccy-demo-1.container").exit() == 0);
    }

    @Test
    @Order(2)
    void attachInARealTerminalShowsTheScreenAndDetachLeavesItRunning() {
        // an outer tmux gives `ccy attach` a real pseudo-terminal inside the sandbox
        box.sh("tmux -L outer new-session -d -x 120 -y 40 'ccy attach ccy-demo-1; echo ATTACH-EXIT=$?; sleep 600'").ok();
        assertTrue(Sandbox.waitFor(Duration.ofSeconds(30), () -> outer().contains("agent demo up")), outer());
        box.sh("tmux -L outer send-keys 'echo typed-$((6*7))' Enter").ok();
        assertTrue(Sandbox.waitFor(Duration.ofSeconds(10), () -> screen("ccy-demo-1").contains("typed-42")),
                "keys typed in the attached terminal reach the session: " + screen("ccy-demo-1"));
        box.sh("tmux -L outer send-keys C-b d").ok();
        assertTrue(Sandbox.waitFor(Duration.ofSeconds(10), () -> outer().contains("ATTACH-EXIT=0")), outer());
        assertTrue(active("ccy-demo-1") && tmuxAnswers("ccy-demo-1"), "detaching leaves the session running");
        box.sh("tmux -L outer kill-server").ok();
    }

    String outer() {
        return box.sh("tmux -L outer capture-pane -p").out();
    }

    @Test
    @Order(3)
    void listAndSystemctlShowTheSession() {
        String list = ccy("/", "list").ok().out();
        assertTrue(list.lines().anyMatch(l -> l.matches("ccy-demo-1\\s+-\\s+running\\s+(starting|working|waiting|idle|exited|unknown)(\\s+\\d+[smhd]\\S*)?\\s+demo\\s+main\\s+0\\s+\\d+[smhd]\\S*\\s+" + WORK)), list);
        String json = ccy("/", "list", "--json").ok().out();
        assertTrue(json.contains("\"session\": \"ccy-demo-1\", \"unit\": \"ccy-demo-1.service\", \"alias\": null, "
                + "\"status\": \"running\", \"state\": \"active\""), json);
        assertTrue(json.contains("\"worktree\": \"" + WORK + "\""), json);
        String status = box.user(null, "systemctl", "--user", "status", "ccy-*", "--no-pager").out();
        assertTrue(status.contains("ccy-demo-1.service") && status.contains("Active: active (running)"), status);
    }

    @Test
    @Order(4)
    void renderPrintsTheNextUnitAndTouchesNothing() {
        String before = box.sh("ls -la ~/.config/containers/systemd; systemctl --user list-units 'ccy-*' --all --plain").out();
        String unit = ccy(WORK, "render", "--image", IMAGE, "--", "my-agent").ok().out();
        assertTrue(unit.contains("ContainerName=ccy-demo-2") && unit.contains("Exec=\"my-agent\""), unit);
        assertTrue(unit.contains("Label=\"ccy.worktree=" + WORK + "\""), unit);
        assertEquals(before, box.sh("ls -la ~/.config/containers/systemd; systemctl --user list-units 'ccy-*' --all --plain").out());
    }

    @Test
    @Order(5)
    void twoSessionsOfOneWorktreeRunSideBySide() {
        assertEquals("ccy-demo-2", newSession(WORK).ok().out().strip());
        assertTrue(active("ccy-demo-1") && active("ccy-demo-2"));
        assertTrue(tmuxAnswers("ccy-demo-1") && tmuxAnswers("ccy-demo-2"));
        box.user(null, "podman", "exec", "ccy-demo-2", "touch", "/workspace/from-2").ok();
        box.user(null, "podman", "exec", "ccy-demo-1", "test", "-f", "/workspace/from-2").ok();
        assertTrue(box.sh("test -f " + WORK + "/from-2").exit() == 0, "the worktree is mounted read-write");
    }

    @Test
    @Order(6)
    void stopStartAndRmDoWhatTheySay() {
        box.sh("printf '[Container]\\nImage=" + IMAGE + "\\nExec=sleep 1\\n' > ~/.config/containers/systemd/web.container").ok();
        ccy(null, "stop", "ccy-demo-2").ok();
        assertFalse(active("ccy-demo-2"));
        assertTrue(active("ccy-demo-1"), "stopping one session leaves the other");
        assertTrue(box.sh("test -f ~/.config/containers/systemd/ccy-demo-2.container").exit() == 0, "stop keeps the file");
        ccy(null, "start", "demo-2").ok();
        assertTrue(active("ccy-demo-2") && tmuxAnswers("ccy-demo-2"));
        // more stop/start cycles in a row than systemd's start rate limit (5 in 10 s) allows by itself
        for (int i = 0; i < 6; i++) {
            ccy(null, "stop", "ccy-demo-2").ok();
            ccy(null, "start", "ccy-demo-2").ok();
        }
        assertTrue(active("ccy-demo-2") && tmuxAnswers("ccy-demo-2"));
        ccy(null, "rm", "ccy-demo-2.service").ok();
        assertTrue(box.sh("test -e ~/.config/containers/systemd/ccy-demo-2.container").exit() != 0, "rm deletes the file");
        String load = box.user(null, "systemctl", "--user", "show", "-P", "LoadState", "ccy-demo-2.service").out().strip();
        assertEquals("not-found", load, "rm reloads systemd");
        assertTrue(box.user(null, "podman", "container", "exists", "ccy-demo-2").exit() != 0, "the container is gone");
        assertTrue(box.sh("test -f ~/.config/containers/systemd/web.container").exit() == 0, "other units untouched");
        assertTrue(box.sh("test -f " + WORK + "/from-2").exit() == 0, "the worktree is untouched");
        box.sh("rm ~/.config/containers/systemd/web.container").ok();
        assertTrue(active("ccy-demo-1"));
    }

    @Test
    @Order(7)
    void attachStartsAStoppedSession() {
        ccy(null, "stop", "ccy-demo-1").ok();
        assertFalse(active("ccy-demo-1"));
        box.sh("tmux -L outer new-session -d -x 120 -y 40 'ccy attach ccy-demo-1; sleep 600'").ok();
        assertTrue(Sandbox.waitFor(Duration.ofSeconds(30), () -> outer().contains("agent demo up")), outer());
        assertTrue(active("ccy-demo-1"));
        box.sh("tmux -L outer send-keys C-b d; sleep 0.5; tmux -L outer kill-server").ok();
        assertTrue(active("ccy-demo-1") && tmuxAnswers("ccy-demo-1"));
    }

    @Test
    @Order(8)
    void whenPolkitDeniesLingerNewSaysWhatToRunAndCarriesOn() {
        box.root("bash", "-c", "rm -f /var/lib/systemd/linger/dev && printf '%s\\n' "
                + "'polkit.addRule(function(action, subject) {' "
                + "'  if (action.id == \"org.freedesktop.login1.set-self-linger\" && subject.user == \"dev\") return polkit.Result.NO;' "
                + "'});' > /etc/polkit-1/rules.d/10-deny-linger.rules && sleep 1").ok();
        try {
            Sandbox.Result r = newSession(WORK);
            assertEquals(0, r.exit(), r.toString());
            String session = r.out().strip();
            assertTrue(r.err().contains("linger is off for dev") && r.err().contains("Run: loginctl enable-linger dev"), r.err());
            assertTrue(active(session), "the session runs anyway");
            assertTrue(box.root("test", "-e", "/var/lib/systemd/linger/dev").exit() != 0, "polkit said no");
            ccy(null, "rm", session).ok();
        } finally {
            box.root("bash", "-c", "rm -f /etc/polkit-1/rules.d/10-deny-linger.rules; loginctl enable-linger dev").ok();
        }
    }

    @Test
    @Order(9)
    void hostileWorktreePathsAreCarriedExactly() {
        String q = "'" + HOSTILE.replace("'", "'\\''") + "'";
        box.sh("mkdir -p " + q + "/.git && echo marker > " + q + "/marker && printf 'ref: refs/heads/%s\\n' '"
                + HOSTILE_BRANCH + "' > " + q + "/.git/HEAD").ok();
        String[] args = {"%h", "${X}", "$Y", "\\back", "'q'", "\"dq\"", "@notes.txt", "two  spaces"};
        String[] cmd = new String[3 + args.length];
        cmd[0] = "bash";
        cmd[1] = "-c";
        cmd[2] = "printf '<%s>' \"$@\" > /workspace/.args; echo \"agent demo up\"; exec bash";
        System.arraycopy(args, 0, cmd, 3, args.length);
        String[] ccyArgs = new String[4 + cmd.length];
        System.arraycopy(new String[] {"new", "--detach", "--image=" + IMAGE, "--"}, 0, ccyArgs, 0, 4);
        System.arraycopy(cmd, 0, ccyArgs, 4, cmd.length);
        Sandbox.Result r = ccy(HOSTILE, ccyArgs).ok();
        String session = r.out().strip();
        assertEquals("ccy-my-proj-50-home-q-it-s-back-uni-1", session, r.toString());
        String labels = box.user(null, "podman", "inspect", "--format",
                "{{index .Config.Labels \"ccy.worktree\"}}|{{index .Config.Labels \"ccy.branch\"}}", session).ok().out();
        assertEquals(HOSTILE + "|" + HOSTILE_BRANCH, labels.strip());
        assertEquals("marker", box.user(null, "podman", "exec", session, "cat", "/workspace/marker").ok().out().strip());
        assertTrue(Sandbox.waitFor(Duration.ofSeconds(10), () -> screen(session).contains("agent demo up")), screen(session));
        // the `bash -c` agent's "$@" starts at $0 ("_" is not given here, so the first arg is $0)
        String expected = java.util.Arrays.stream(args).skip(1).map(a -> "<" + a + ">").collect(java.util.stream.Collectors.joining());
        assertEquals(expected, box.user(null, "podman", "exec", session, "cat", "/workspace/.args").ok().out(),
                "every agent argument arrives exactly");
        ccy(null, "rm", session).ok();
    }

    /**
     * Issue 13: worktree names Volume= could not carry are sessions now (Mount= with CSV quoting):
     * each starts, /workspace is that directory both ways, ccy list shows it and ccy rm removes it
     * (and not the worktree). A symlinked worktree is its real directory; a name that is not UTF-8
     * is refused with the reason, since no unit file can name it.
     */
    @Test
    @Order(9)
    void worktreeNamesVolumeCouldNotCarryAreSessionsThatListAndRemove() {
        java.util.List<String> names = java.util.List.of("co:lon", "a:b, c", "trailing space ", "com,ma", "q\"uote\"",
                "=equals", "-rf", "--x", "n".repeat(255), "100%h%n", "back\\slash", "ends\\", "sym-link");
        box.sh("mkdir -p /home/dev/work/linked-real/.git && echo 'ref: refs/heads/main' > /home/dev/work/linked-real/.git/HEAD"
                + " && ln -sfn /home/dev/work/linked-real /home/dev/work/sym-link").ok();
        int carried = 0;
        for (String n : names) {
            String dir = "/home/dev/work/" + n;
            String real = n.equals("sym-link") ? "/home/dev/work/linked-real" : dir;
            String q = HardeningIT.quote(dir);
            if (!n.equals("sym-link")) {
                box.sh("mkdir -p -- " + q + "/.git && echo 'ref: refs/heads/main' > " + q + "/.git/HEAD").ok();
            }
            Sandbox.Result r = ccy(dir, "new", "--detach", "--image=" + IMAGE, "--", "bash");
            assertEquals(0, r.exit(), "'" + n + "': " + r);
            String session = r.out().strip();
            assertTrue(active(session), n);
            assertEquals(real + "|/workspace", box.user(null, "podman", "inspect", "--format",
                    "{{range .Mounts}}{{if eq .Destination \"/workspace\"}}{{.Source}}|{{.Destination}}{{end}}{{end}}", session)
                    .ok().out().replaceAll("\n$", ""), "'" + n + "' mounted exactly");
            assertEquals(real, box.user(null, "podman", "inspect", "--format", "{{index .Config.Labels \"ccy.worktree\"}}",
                    session).ok().out().replaceAll("\n$", ""), n);
            box.user(null, "podman", "exec", session, "sh", "-c", "echo inside > /workspace/from-inside").ok();
            assertEquals("inside", box.sh("cat -- " + HardeningIT.quote(real + "/from-inside")).ok().out().strip(), n);
            box.sh("echo outside > " + HardeningIT.quote(real + "/from-outside")).ok();
            assertEquals("outside", box.user(null, "podman", "exec", session, "cat", "/workspace/from-outside").ok().out().strip(), n);
            assertTrue(ccy("/", "list").ok().out().contains(session), n);
            assertTrue(ccy("/", "status", session).ok().out().contains("mount:     " + real + " -> /workspace (relabel=shared)"),
                    n);
            ccy(null, "rm", session).ok();
            assertFalse(ccy("/", "list", "--all").ok().out().contains(session), n);
            assertEquals(1, box.sh("test -e ~/.config/containers/systemd/" + session + ".container").exit(), n);
            assertEquals(0, box.sh("test -f " + HardeningIT.quote(real + "/from-inside")).exit(), "rm leaves the worktree");
            carried++;
        }
        // bytes that are not UTF-8: neither the JVM nor a unit file can name the directory
        Sandbox.Result latin1 = box.sh("d=/home/dev/work/caf$(printf '\\351'); mkdir -p \"$d\" && cd \"$d\" && ccy new --detach"
                + " --image=" + IMAGE + " -- bash");
        assertEquals(2, latin1.exit(), latin1.toString());
        assertTrue(latin1.err().contains("not valid UTF-8, which a systemd unit file cannot carry"), latin1.err());
        assertEquals(1, latin1.err().strip().lines().count(), latin1.err());
        assertFalse(latin1.err().contains("\tat "), "no stack trace");
        int refused = 1;
        System.out.println("SessionLifecycleIT: hostile worktree names: " + (names.size() + 1) + " tried, " + carried
                + " carried, " + refused + " refused with reason, 0 lost");
    }

    @Test
    @Order(10)
    void aSingleWordAgentPathWithSpacesRuns() {
        box.sh("mkdir -p '/home/dev/my agent' && printf '#!/bin/sh\\necho \"spaced agent up\"\\nexec sh\\n' "
                + "> '/home/dev/my agent/run' && chmod +x '/home/dev/my agent/run' && cp -r '/home/dev/my agent' " + WORK + "/").ok();
        String session = ccy(WORK, "new", "--detach", "--image", IMAGE, "--", "/workspace/my agent/run").ok().out().strip();
        assertTrue(Sandbox.waitFor(Duration.ofSeconds(10), () -> screen(session).contains("spaced agent up")), screen(session));
        ccy(null, "rm", session).ok();
    }

    @Test
    @Order(11)
    void aCrashedContainerIsRestartedAndADeliberateEndIsNot() {
        String session = ccy(WORK, "new", "--detach", "--image", IMAGE, "--", "bash").ok().out().strip();
        try {
            box.user(null, "podman", "kill", "--signal", "KILL", session).exit();
            assertTrue(Sandbox.waitFor(Duration.ofSeconds(30), () -> "1".equals(prop(session, "NRestarts")) && settled(session)),
                    "restarted after the crash");
            // tmux dying without the session being ended is a crash too
            box.user(null, "podman", "exec", session, "tmux", "kill-server").exit();
            assertTrue(Sandbox.waitFor(Duration.ofSeconds(30), () -> "2".equals(prop(session, "NRestarts")) && settled(session)),
                    "restarted after tmux died");
            // the agent exits: the window becomes a shell in the workspace, and the session stays
            box.user(null, "podman", "exec", session, "tmux", "send-keys", "-t", "main", "exit 7", "Enter").ok();
            assertTrue(Sandbox.waitFor(Duration.ofSeconds(10), () -> screen(session).contains("the agent exited with status 7")),
                    screen(session));
            assertEquals("0:/workspace:bash", box.user(null, "podman", "exec", session, "tmux", "display-message", "-p", "-t",
                    "main", "#{window_index}:#{pane_current_path}:#{pane_current_command}").ok().out().strip());
            assertTrue(active(session));
            // exiting that shell ends the session on purpose: inactive, not failed, not restarted
            // (podman exec itself may report the container gone: it ends while the exec finishes)
            box.user(null, "podman", "exec", session, "tmux", "send-keys", "-t", "main", "exit", "Enter");
            assertTrue(Sandbox.waitFor(Duration.ofSeconds(20), () -> "inactive".equals(prop(session, "ActiveState"))),
                    "a deliberate end stops the session, and it is inactive, not failed: " + prop(session, "ActiveState"));
            assertEquals("success", prop(session, "Result"));
            assertEquals("2", prop(session, "NRestarts"), "and not restarted again");
        } finally {
            ccy(null, "rm", session);
        }
    }

    /**
     * Running with tmux answering, twice in a row: right after a restart podman may for a moment
     * still resolve the name to the killed container that it is cleaning up.
     */
    boolean settled(String session) {
        return active(session) && tmuxAnswers(session) && Sandbox.pause(500) && active(session) && tmuxAnswers(session);
    }

    String prop(String session, String property) {
        return box.user(null, "systemctl", "--user", "show", "-P", property, session + ".service").out().strip();
    }

    @Test
    @Order(12)
    void aUnitTheGeneratorRejectsGivesAClearErrorNotAHang() throws Exception {
        // a user override that only the Quadlet generator can find fault with: a missing .network
        overrideTemplate("\n[Service]\n", "\nNetwork=nosuch.network\n\n[Service]\n");
        long t = System.nanoTime();
        Sandbox.Result r = newSession(WORK);
        double took = (System.nanoTime() - t) / 1e9;
        box.sh("rm -rf ~/.config/ccy/templates").ok();
        assertEquals(1, r.exit(), r.toString());
        assertEquals(1, r.err().lines().count(), r.err());
        assertTrue(r.err().contains("the Quadlet generator rejected ccy-demo-2.container"), r.err());
        assertTrue(r.err().contains("nosuch.network"), "shows the generator's reason: " + r.err());
        assertTrue(took < 60, "no hang: " + took);
        assertTrue(box.sh("test -e ~/.config/containers/systemd/ccy-demo-2.container").exit() != 0, "nothing left behind");
    }

    @Test
    @Order(13)
    void aSessionThatNeverComesUpIsReportedAndRemoved() throws Exception {
        // the generator accepts it, but podman cannot start it: a bind mount whose source is gone
        overrideTemplate("\n[Service]\n", "\nVolume=/nonexistent/ccy-test:/gone:z\n\n[Service]\n");
        Sandbox.Result r = newSession(WORK);
        box.sh("rm -rf ~/.config/ccy/templates").ok();
        assertEquals(1, r.exit(), r.toString());
        assertEquals(1, r.err().lines().count(), r.err());
        assertTrue(r.err().startsWith("ccy: session ccy-demo-2 failed to start") && r.err().strip().endsWith("the session was removed"),
                r.err());
        assertTrue(r.err().contains("/nonexistent/ccy-test"), "the log lines say why: " + r.err());
        assertTrue(box.sh("test -e ~/.config/containers/systemd/ccy-demo-2.container").exit() != 0, "nothing left behind");
        assertEquals("not-found", prop("ccy-demo-2", "LoadState"));
    }

    /** Writes a user template override: the built-in template with one replacement. */
    void overrideTemplate(String target, String replacement) throws Exception {
        String tpl = Files.readString(Path.of("templates/session.container.ftl"));
        assertTrue(tpl.contains(target));
        Path dir = box.root().resolve("home/dev/.config/ccy/templates");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("session.container.ftl"), tpl.replace(target, replacement));
        box.root("chown", "-R", "dev:dev", "/home/dev/.config/ccy").ok();
    }

    @Test
    @Order(14)
    void errorsAreOneLineWithNonZeroExit() {
        Sandbox.Result unknown = ccy(null, "attach", "nosuch-1");
        assertEquals(3, unknown.exit());
        assertTrue(unknown.err().strip().startsWith("ccy: no session 'nosuch-1' (sessions: ccy-demo-1"), unknown.err());
        Sandbox.Result image = ccy(WORK, "new", "--detach", "--image", "localhost/nope:1");
        assertEquals(1, image.exit());
        assertTrue(image.err().strip().startsWith("ccy: image localhost/nope:1 does not exist"), image.toString());
        Sandbox.Result bus = box.user(WORK, "env", "DBUS_SESSION_BUS_ADDRESS=unix:path=/nonexistent/bus", "ccy", "list");
        assertEquals(1, bus.exit());
        assertTrue(bus.err().contains("no user bus at /nonexistent/bus") && bus.err().lines().count() == 1, bus.toString());
        Sandbox.Result podman = box.user(WORK, "env", "CCY_PODMAN=/nonexistent/podman", "ccy", "new", "--detach");
        assertEquals(1, podman.exit());
        assertTrue(podman.err().contains("podman is not installed"), podman.toString());
        box.sh("printf '#!/bin/sh\\necho podman version 4.3.1\\n' > ~/podman-4.3 && chmod +x ~/podman-4.3").ok();
        Sandbox.Result old = box.user(WORK, "env", "CCY_PODMAN=/home/dev/podman-4.3", "ccy", "new", "--detach");
        assertEquals(1, old.exit());
        assertEquals("ccy: Podman 4.3.1 has no Quadlet: ccy needs Podman 4.4 or newer", old.err().strip());
        // over su or ssh without XDG variables, ccy derives the bus from the uid
        Sandbox.Result bare = box.userWithoutXdg(null, "ccy", "list");
        assertEquals(0, bare.exit(), bare.toString());
        assertTrue(bare.out().contains("ccy-demo-1"), bare.toString());
        assertFalse(box.sh("ls ~/.config/containers/systemd").out().contains("ccy-demo-2"), "failed commands wrote nothing");
    }

    /** Opens a real PAM login session of dev (as su - does) and returns its logind id. */
    String login() {
        return box.root("bash", "-c", "setsid su - dev -c 'sleep 600' </dev/null >/dev/null 2>&1 & "
                + "for i in $(seq 100); do id=$(loginctl list-sessions --no-legend | awk '$3==\"dev\" && $6!=\"manager\" "
                + "{print $1; exit}'); [ -n \"$id\" ] && break; sleep 0.1; done; echo $id").ok().out().strip();
    }

    @Test
    @Order(15)
    void theSessionSurvivesLogout() {
        String login = login();
        assertFalse(login.isEmpty(), "a login session of dev exists");
        box.root("loginctl", "terminate-session", login).ok();
        assertTrue(Sandbox.waitFor(Duration.ofSeconds(10),
                () -> !box.root("loginctl", "list-sessions", "--no-legend").out().contains(login + " ")), "logged out");
        assertTrue(active("ccy-demo-1") && tmuxAnswers("ccy-demo-1"), "ccy-demo-1 runs after logout");
    }

    /**
     * loginctl terminate-user is not a logout: it kills every process of the user, the lingering
     * user manager included, and logind starts that again only at the next login or boot. Then
     * default.target brings the session back.
     */
    @Test
    @Order(16)
    void afterTerminateUserTheNextLoginBringsTheSessionBack() {
        box.root("loginctl", "terminate-user", "dev").ok();
        assertTrue(Sandbox.waitFor(Duration.ofSeconds(30),
                () -> box.root("systemctl", "is-active", "--quiet", "user@1000.service").exit() != 0),
                "terminate-user stops the user manager");
        assertFalse(active("ccy-demo-1"), "and the session with it");
        assertFalse(login().isEmpty());
        assertTrue(Sandbox.waitFor(Duration.ofSeconds(60), () -> active("ccy-demo-1") && tmuxAnswers("ccy-demo-1")),
                "the next login starts default.target, and with it the session");
    }

    /** Takes the sandbox down, boots it, and checks ccy-demo-1 is back with a fresh agent start. */
    void rebootAndExpectTheSessionBack(Runnable down, String how) throws Exception {
        int before = starts(WORK);
        down.run();
        long t = System.nanoTime();
        box.boot();
        assertTrue(Sandbox.waitFor(Duration.ofSeconds(120), () -> active("ccy-demo-1") && tmuxAnswers("ccy-demo-1")),
                "ccy-demo-1 is running again after " + how + " and boot");
        figure(how + "-boot-until-session-tmux-answers", (System.nanoTime() - t) / 1e9);
        assertTrue(Sandbox.waitFor(Duration.ofSeconds(10), () -> screen("ccy-demo-1").contains("agent demo up")));
        assertEquals(before + 1, starts(WORK), "the agent started once more");
        String list = ccy(null, "list").ok().out();
        assertTrue(list.lines().anyMatch(l -> l.startsWith("ccy-demo-1 ") && l.contains(" running ")), list);
    }

    @Test
    @Order(17)
    void theSessionComesBackAfterACleanReboot() throws Exception {
        rebootAndExpectTheSessionBack(box::poweroff, "clean-poweroff");
    }

    @Test
    @Order(18)
    void theSessionComesBackAfterPowerLoss() throws Exception {
        rebootAndExpectTheSessionBack(box::kill, "power-loss");
    }
}
