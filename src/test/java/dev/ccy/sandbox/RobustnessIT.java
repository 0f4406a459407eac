package dev.ccy.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * Nothing lost, nothing leaked (issue 13), against the sandbox's real systemd, Quadlet and podman:
 * ccy killed with SIGKILL at every named point and at random moments, commands racing each other,
 * hostile and broken input, a full disk, power losses and clean shutdowns, and a leak scan. The
 * drivers are src/test/stress/robust.sh (run inside the sandbox). Every test prints a figure line
 * "RobustnessIT: ...". CI runs reduced counts; src/test/stress/stress.sh runs the full ones
 * (CCY_STRESS=full: every named point, 100 random kills, two races of 20 ccy new, 10 rm/attach,
 * 10 prune/start and 5 upgrade/upgrade races, 10 power losses and 10 shutdowns, each with a ccy new
 * under way).
 */
class RobustnessIT extends SandboxTest {
    static final boolean FULL = "full".equals(System.getenv("CCY_STRESS"));
    static final String IMAGE = "localhost/ccy-test:latest";
    static final String KEEP = "/home/dev/work/keep";
    static final String WORK = "/home/dev/work/crash";
    static final String SESSIONS = "/home/dev/.local/share/ccy/sessions";
    static final String QUADLET = "/home/dev/.config/containers/systemd";
    /** Printed by the JVM or picocli on an unexpected exception: never in ccy's output. */
    static final Pattern STACK = Pattern.compile("Exception|\\n\\s+at [a-z]");

    @BeforeAll
    void boot() throws Exception {
        boot("robust", WORK);
        installDriver();
        String setup = robust("setup");
        assertTrue(setup.contains("FIGURE setup"), setup);
    }

    void installDriver() throws IOException {
        Path to = box.root().resolve("usr/local/bin/robust.sh");
        Files.copy(Path.of("src/test/stress/robust.sh"), to, StandardCopyOption.REPLACE_EXISTING);
        to.toFile().setExecutable(true, false);
    }

    /** Runs the driver as dev; returns its output after checking it printed a FIGURE line. */
    String robust(String... args) {
        String[] cmd = new String[args.length + 1];
        cmd[0] = "robust.sh";
        System.arraycopy(args, 0, cmd, 1, args.length);
        Sandbox.Result r = box.userFor(Duration.ofMinutes(FULL ? 120 : 20), null, cmd);
        String out = r.out() + r.err();
        assertEquals(0, r.exit(), out);
        return out;
    }

    static List<String> violations(String out) {
        return out.lines().filter(l -> l.startsWith("VIOLATION")).toList();
    }

    static String figure(String out) {
        return out.lines().filter(l -> l.startsWith("FIGURE")).reduce((a, b) -> b).orElse("(no figure)");
    }

    void assertNoViolations(String what, String out) {
        List<String> v = violations(out);
        System.out.println("RobustnessIT: " + what + ": " + figure(out) + " (" + v.size() + " violations)");
        assertTrue(v.isEmpty(), what + ": " + v.size() + " violations:\n" + String.join("\n", v) + "\n" + out);
    }

    Sandbox.Result ccyIn(String cwd, String... args) {
        return ccy(cwd, args);
    }

    static void assertOneLine(String what, Sandbox.Result r) {
        String err = r.err().strip();
        assertFalse(STACK.matcher(r.out() + r.err()).find(), what + ": stack trace: " + r);
        assertTrue(err.isEmpty() || err.lines().allMatch(l -> l.startsWith("ccy:")), what + ": " + r);
    }

    // ------------------------------------------------------------------------------------ crashes

    @Test
    @Order(1)
    void killedAtEveryNamedPointNothingIsLostAndTheNextCommandRepairs() {
        String out = robust("named", FULL ? "all" : "ci");
        Matcher m = Pattern.compile("points=(\\d+) killed=(\\d+)").matcher(figure(out));
        assertTrue(m.find() && m.group(1).equals(m.group(2)), "every pause point is reached: " + figure(out));
        assertNoViolations("kill -9 at named points", out);
    }

    @Test
    @Order(2)
    void killedAtRandomMomentsNothingIsLost() {
        // CI: 6 (was 10 before upgrade and secret set joined the named points and the races: the class
        // keeps about its time in CI); the full run: 100
        String out = robust("random", FULL ? "100" : "6", String.valueOf(System.nanoTime() % 30000));
        assertNoViolations("kill -9 at random moments", out);
    }

    // -------------------------------------------------------------------------------------- races

    @Test
    @Order(3)
    void manyNewAtOnceGiveDistinctRunningSessionsInOneWorktreeAndAcross() {
        // one worktree (all contend for the same project's slots) and across worktrees (project slugs);
        // 20 of each in the full run, 10 in CI
        String n = FULL ? "20" : "10";
        String one = robust("race-new", n, "1");
        assertNoViolations(n + " ccy new at once in one worktree", one);
        assertTrue(figure(one).contains("distinct=" + n + " running=" + n), figure(one));
        String across = robust("race-new", n, n);
        assertNoViolations(n + " ccy new at once across " + n + " worktrees", across);
        assertTrue(figure(across).contains("distinct=" + n + " running=" + n), figure(across));
    }

    @Test
    @Order(4)
    void rmRacingAttachAndPruneRacingStartEndInAStateBothAgreeOn() {
        assertNoViolations("rm racing attach", robust("race-rm-attach", FULL ? "10" : "2"));
        assertNoViolations("prune racing start", robust("race-prune-start", FULL ? "10" : "2"));
    }

    @Test
    @Order(4)
    void twoUpgradeAllAtOnceUpgradeEachSessionOnce() {
        String out = robust("race-upgrade", FULL ? "5" : "1");
        assertNoViolations("two ccy upgrade --all at once", out);
        Matcher m = Pattern.compile("sessions=(\\d+) upgraded_once=(\\d+)").matcher(figure(out));
        assertTrue(m.find() && Integer.parseInt(m.group(1)) > 1 && m.group(1).equals(m.group(2)), figure(out));
    }

    // ---------------------------------------------------------------------------- hostile input

    @Test
    @Order(5)
    void hostileSessionIdFilesAndMarkersNeitherHangNorCrashNorLeadOut() {
        robust("sweep");
        String s = ccyIn(WORK, "new", "--detach", "--image", IMAGE, "--", "bash").ok().out().strip();
        box.sh("echo outside-content > /home/dev/outside && touch -d 2001-01-01 /home/dev/outside").ok();
        String state = box.sh("sed -n 's|^Volume=\\(.*\\):/ccy/state:Z$|\\1|p' " + QUADLET + "/" + s + ".container").ok().out().strip();
        List<String> makers = List.of(
                "printf '\\0\\377garbage\\n'", ": >", "head -c 5000000 /dev/zero | tr '\\0' 7 >", "mkdir -p", "mkfifo",
                "ln -sfn /home/dev/outside", "ln -sfn /nonexistent", "printf '\\303\\050\\n' >", "echo -- -7 >");
        int tried = 0;
        for (String maker : makers) {
            // the worktree's .session-id, then .claude/ccy itself as a link out
            box.sh("cd " + WORK + " && rm -rf .claude/ccy/.session-id && mkdir -p .claude/ccy && " + maker + " .claude/ccy/.session-id").ok();
            Sandbox.Result bare = box.user(WORK, "timeout", "60", "ccy");
            assertEquals(0, bare.exit(), maker + ": " + bare);
            assertOneLine(".session-id via " + maker, bare);
            tried++;
            for (String marker : List.of("clients", "last-used", "up-since", "stopped-at")) {
                box.sh("cd " + state + " && rm -rf " + marker + " && " + maker + " " + marker).ok();
                for (String[] cmd : List.<String[]>of(new String[] {"list", "--all", "--json"})) {
                    Sandbox.Result r = box.user(null, concat(new String[] {"timeout", "60", "ccy"}, cmd));
                    assertEquals(0, r.exit(), marker + " via " + maker + ": " + r);
                    assertOneLine(marker + " via " + maker, r);
                    tried++;
                }
                box.sh("cd " + state + " && rm -rf " + marker).ok();
            }
        }
        box.sh("cd " + WORK + " && rm -rf .claude/ccy && ln -s /home/dev/elsewhere .claude/ccy && mkdir -p /home/dev/elsewhere").ok();
        assertEquals(0, box.user(WORK, "timeout", "60", "ccy").exit());
        assertEquals("", box.sh("ls -A /home/dev/elsewhere").out().strip(), "nothing written through .claude/ccy as a link");
        assertEquals("outside-content", box.sh("cat /home/dev/outside").out().strip());
        assertTrue(box.sh("stat -c %y /home/dev/outside").out().startsWith("2001-01-01"), "never touched through a link");
        box.sh("rm -rf " + WORK + "/.claude/ccy").ok();
        System.out.println("RobustnessIT: hostile .session-id and state markers: " + tried + " inputs tried, 0 hangs, 0 stack traces,"
                + " 0 writes through a link");
    }

    @Test
    @Order(6)
    void aStateDirectoryDeletedWhileRunningAndAHandEditedUnitFile() {
        String s = box.sh("ls " + QUADLET + " | grep '^ccy-crash' | head -1").ok().out().strip().replace(".container", "");
        String state = box.sh("sed -n 's|^Volume=\\(.*\\):/ccy/state:Z$|\\1|p' " + QUADLET + "/" + s + ".container").ok().out().strip();
        box.sh("podman unshare rm -rf " + state).ok();
        for (String[] cmd : List.of(new String[] {"list", "--all"}, new String[] {"stop", s}, new String[] {"start", s},
                new String[] {"list", "--all"})) {
            Sandbox.Result r = ccy(null, cmd);
            assertOneLine("state deleted, " + String.join(" ", cmd), r);
            assertEquals(0, r.exit(), String.join(" ", cmd) + ": " + r);
        }
        assertTrue(box.sh("test -d " + state).exit() == 0, "the next start made the state directory again");
        // a Volume= for /ccy/state edited to point at the user's precious directory: ccy rm must not delete it
        box.sh("mkdir -p /home/dev/precious && echo keep > /home/dev/precious/file").ok();
        box.sh("sed -i 's|^Volume=.*:/ccy/state:Z$|Volume=/home/dev/precious:/ccy/state:Z|' " + QUADLET + "/" + s + ".container").ok();
        Sandbox.Result rm = ccy(null, "rm", s);
        assertOneLine("rm of a hand-edited unit", rm);
        assertEquals("keep", box.sh("cat /home/dev/precious/file").out().strip(), "ccy rm deleted a directory it did not make: " + rm);
        System.out.println("RobustnessIT: state dir deleted while running and a hand-edited Volume=: 5 commands, 0 failures,"
                + " 0 foreign files deleted");
    }

    @Test
    @Order(7)
    void imagesWithoutTmuxOrShFailWithinSecondsAndSayWhy() {
        box.sh("mkdir -p /tmp/b1 /tmp/b2 && cd /tmp/b1 && printf 'FROM " + IMAGE + "\\nRUN rm -f /usr/bin/tmux /bin/tmux\\n' > Containerfile"
                + " && podman build -q -t localhost/ccy-notmux . && cd /tmp/b2 && printf 'FROM " + IMAGE
                + "\\nRUN [\"/bin/bash\",\"-c\",\"rm -f /bin/sh /usr/bin/sh /usr/bin/dash /bin/dash\"]\\n' > Containerfile"
                + " && podman build -q -t localhost/ccy-nosh .").ok();
        for (String[] c : List.of(new String[] {"localhost/ccy-notmux", "tmux: not found"},
                new String[] {"localhost/ccy-nosh", "No such file or directory"})) {
            long t = System.nanoTime();
            Sandbox.Result r = ccyIn(WORK, "new", "--detach", "--image", c[0], "--", "bash");
            double secs = (System.nanoTime() - t) / 1e9;
            assertEquals(1, r.exit(), r.toString());
            assertOneLine(c[0], r);
            assertTrue(r.err().contains(c[1]), "the cause is in the message: " + r);
            assertTrue(r.err().contains("the session was removed"), r.toString());
            assertTrue(secs < 60, "reported after " + secs + " s");
            System.out.printf("RobustnessIT: image %s: ccy new failed after %.1f s, saying '%s'%n", c[0], secs, c[1]);
        }
        assertNoViolations("after broken images", robust("check", "broken images"));
    }

    @Test
    @Order(8)
    void aSessionThatCrashesAtEveryStartStopsRestartingAndListsAsFailed() {
        box.sh("podman tag " + IMAGE + " localhost/ccy-flaky:latest").ok();
        String s = ccyIn(WORK, "new", "--detach", "--image", "localhost/ccy-flaky:latest", "--", "bash").ok().out().strip();
        // the image loses tmux; a crash makes systemd restart the session, which now fails at every start
        box.sh("podman tag localhost/ccy-notmux:latest localhost/ccy-flaky:latest && podman kill " + s).ok();
        boolean failed = Sandbox.waitFor(Duration.ofSeconds(150),
                () -> box.user(null, "systemctl", "--user", "is-failed", s + ".service").out().strip().equals("failed"));
        String restarts = box.user(null, "systemctl", "--user", "show", "-P", "NRestarts", s + ".service").out().strip();
        String result = box.user(null, "systemctl", "--user", "show", "-P", "Result", s + ".service").out().strip();
        System.out.println("RobustnessIT: crash loop: failed=" + failed + " after " + restarts + " restarts, result " + result);
        assertTrue(failed, "systemd's start limit must end a crash loop (template: [Unit] StartLimitIntervalSec=300,"
                + " StartLimitBurst=5); after 150 s it had restarted " + restarts + " times");
        // ccy list says why, in systemd's words: its Result (start-limit-hit, or here often the last
        // start's exit-code, which the start limit then leaves standing) and the exit status
        String status = box.user(null, "systemctl", "--user", "show", "-P", "ExecMainStatus", s + ".service").out().strip();
        String why = dev.ccy.systemd.UnitState.failure(result, Integer.parseInt(status));
        assertTrue(why.startsWith("exit ") || why.startsWith("start-limit-hit"), why);
        String listed = ccy(null, "list").ok().out();
        assertTrue(listed.lines().anyMatch(l -> l.startsWith(s + " ") && l.contains("failed (" + why + ")")),
                "ccy list says why (" + why + "): " + listed);
        assertTrue(ccy(null, "list", "--json").ok().out().contains("\"failure\": \"" + why + "\""));
        ccy(null, "rm", s).ok();
    }

    // ----------------------------------------------------------------------------------- disk full

    @Test
    @Order(9)
    void aFullDiskIsAOneLineErrorAndDamagesNothing() {
        robust("sweep");
        String s = ccyIn(WORK, "new", "--detach", "--image", IMAGE, "--", "bash").ok().out().strip();
        // ccy's directories on a small filesystem of their own, then filled up
        box.root("bash", "-c", String.join(" && ",
                "mkdir -p /mnt/small && mount -t tmpfs -o size=4m,mode=0755 tmpfs /mnt/small",
                "for d in " + QUADLET + " " + SESSIONS + "; do mkdir -p /mnt/small$d && cp -a $d/. /mnt/small$d/"
                        + " && chown -R --reference=$d /mnt/small$d && mount --bind /mnt/small$d $d; done")).ok();
        String before = checksums();
        box.root("bash", "-c", "dd if=/dev/zero of=/mnt/small/filler bs=64k 2>/dev/null; true").ok();
        int tried = 0;
        for (String[] cmd : List.of(new String[] {"new", "--detach", "--image", IMAGE, "--", "bash"}, new String[] {"stop", s},
                new String[] {"new", "--detach", "--ephemeral", "--image", IMAGE, "--", "bash"}, new String[] {"list", "--all"})) {
            Sandbox.Result r = ccyIn(WORK, cmd);
            assertOneLine("disk full: " + String.join(" ", cmd), r);
            if (r.exit() != 0) {
                assertTrue(r.err().contains("No space left on device"), "says why: " + r);
            }
            tried++;
        }
        String after = checksums();
        box.root("bash", "-c", "rm -f /mnt/small/filler").ok();
        assertEquals(before, after, "nothing on disk changed or damaged by commands that ran into a full disk");
        Sandbox.Result again = ccyIn(WORK, "new", "--detach", "--image", IMAGE, "--", "bash");
        assertEquals(0, again.exit(), "space again: ccy new works: " + again);
        assertNoViolations("after a full disk", robust("check", "disk full"));
        robust("sweep");
        box.root("bash", "-c", "umount " + QUADLET + " " + SESSIONS + " && umount /mnt/small").ok();
        System.out.println("RobustnessIT: full disk: " + tried + " commands against a full disk, 0 stack traces, 0 files damaged");
    }

    String checksums() {
        return box.sh("cd / && find " + QUADLET + " " + SESSIONS + " -type f ! -name clients ! -name '.clients.*' -print0"
                + " | sort -z | xargs -0 -r sha256sum 2>&1").ok().out();
    }

    static String[] concat(String[] a, String[] b) {
        String[] r = new String[a.length + b.length];
        System.arraycopy(a, 0, r, 0, a.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }

    // -------------------------------------------------------------------------------------- leaks

    @Test
    @Order(10)
    void theLeakScanFindsAPlantedValueAndNoAgentCredential() {
        String planted = "planted-" + Long.toHexString(System.nanoTime());
        String credential = "credential-" + Long.toHexString(System.nanoTime() * 31);
        Sandbox.Result made = ccyIn(WORK, "new", "--detach", "--image", IMAGE, "--", "bash", "-c", "echo " + planted + "; exec bash");
        String s = made.ok().out().strip();
        // the agent's credentials in its HOME (the state directory), as Claude Code keeps them; written
        // from outside, so that no command line or exec event carries the value
        String state = box.sh("sed -n 's|^Volume=\\(.*\\):/ccy/state:Z$|\\1|p' " + QUADLET + "/" + s + ".container").ok().out().strip();
        box.sh("mkdir -p " + state + "/home/.claude").ok();
        try {
            Path cred = box.root().resolve(state.substring(1) + "/home/.claude/.credentials.json");
            Files.writeString(cred, "{\"token\":\"" + credential + "\"}\n");
            Files.setPosixFilePermissions(cred, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        box.root("chown", "1000:1000", state + "/home/.claude/.credentials.json").ok();
        assertEquals(credential, box.user(null, "podman", "exec", s, "sh", "-c", "cut -d'\"' -f4 $HOME/.claude/.credentials.json")
                .ok().out().strip(), "the agent reads its credential");
        LeakScan scan = LeakScan.in(box).worktree(WORK).output("ccy new", made.out() + made.err());
        List<LeakScan.Leak> control = scan.scan(planted);
        // a value given on the agent command line is documented as not secret: the scan must see it
        for (String place : List.of("unit-file", "generated", "podman-inspect", "ps")) {
            assertTrue(control.stream().anyMatch(l -> l.place().equals(place)), "the scan finds a planted value in " + place + ": " + control);
        }
        scan.assertNoLeak(credential);
        int dirs = scan.assertStateDirsPrivate();
        scan.assertPrivate("600", box.sh("ls " + QUADLET + "/" + s + ".container").out().strip());
        System.out.println("RobustnessIT: leak scan: " + scan.placesChecked() + " places checked, planted value found in "
                + control.size() + " places (control), credential leaked 0 times, " + dirs + " state dirs 0700");
        ccy(null, "rm", s).ok();
    }

    // ------------------------------------------------------------------------------------ reboots

    @Test
    @Order(11)
    void powerLossesAndShutdownsBringBackWhatRanAndLoseNoFile() {
        robust("sweep");
        int losses = FULL ? 10 : 2;
        int shutdowns = FULL ? 10 : 2;
        Sessions st = sessionsInEveryState();
        int midStarts = 0;
        int midNewWhole = 0;
        int midNewRepaired = 0;
        int midNewNothing = 0;
        for (int i = 0; i < losses + shutdowns; i++) {
            boolean powerLoss = i < losses; // the power losses in a row, then the shutdowns in a row
            String what = (powerLoss ? "power loss " : "shutdown ") + "in round " + (i + 1);
            box.sh("(setsid script -qfc 'ccy attach " + st.attached + "' /dev/null > /dev/null 2>&1 < /dev/null &)").ok();
            assertTrue(Sandbox.waitFor(Duration.ofSeconds(30), () -> box.user(null, "podman", "exec", st.attached, "tmux",
                    "list-clients").out().strip().length() > 0), what + ": attached");
            String sums = stateChecksums();
            // a ccy new under way when the power goes
            box.sh("cd " + WORK + " && (setsid ccy new --detach --image " + IMAGE + " -- bash > /dev/null 2>&1 < /dev/null &)").ok();
            Sandbox.pause(800 + 300L * i);
            midStarts++;
            if (powerLoss) {
                box.kill();
            } else {
                box.poweroff();
            }
            box.boot();
            assertTrue(Sandbox.waitFor(Duration.ofSeconds(120), () -> active(st.running) && active(st.attached)
                    && active(st.ephemeral)), what + ": running sessions come back");
            assertFalse(active(st.stopped) || active(st.ended), what + ": ended sessions stay down");
            // each came back at its first start: a start that failed and that systemd's restart hid is a failure too
            assertNoViolations(what + ": first starts at boot", robust("booted", what));
            assertEquals("", lostFiles(sums, stateChecksums()), what + ": files lost or changed in state directories");
            String checked = robust("check", what);
            assertNoViolations(what, checked);
            // ccy new under way when the power went: its session is whole (and up), or nothing is left
            // but a state directory the next ccy prune names (the dry run here: a real prune would also
            // take the stopped sessions this test keeps), removed here by hand
            String made = box.sh("cd " + QUADLET + " && for f in ccy-crash-*.container; do s=${f%.container}; case \" " + st.all()
                    + " \" in *\" $s \"*) ;; *) echo $s;; esac; done; true").ok().out().strip();
            Matcher orphans = Pattern.compile("orphans=(\\d+)").matcher(figure(checked));
            assertTrue(orphans.find(), figure(checked));
            if (!orphans.group(1).equals("0")) {
                String pruned = ccy(null, "prune", "--dry-run").ok().out();
                List<String> dirs = pruned.lines().filter(l -> l.contains("(state of a removed session"))
                        .map(l -> l.replaceFirst("^would remove ", "").replaceFirst(" \\(state of a removed session.*", "")).toList();
                assertEquals(Integer.parseInt(orphans.group(1)), dirs.size(), "the next prune names every leftover: " + pruned);
                box.sh("podman unshare rm -rf " + String.join(" ", dirs)).ok();
                midNewRepaired++;
            } else if (!made.isEmpty()) {
                assertTrue(made.lines().allMatch(this::active), what + ": the session ccy new made is up: " + made);
                midNewWhole++;
            } else {
                midNewNothing++;
            }
            // the session ccy new was making (if it got that far) goes, the others stay as they are
            box.sh("cd " + QUADLET + " && for f in ccy-crash-*.container; do s=${f%.container}; case \" " + st.all()
                    + " \" in *\" $s \"*) ;; *) ccy rm $s > /dev/null;; esac; done; true").ok();
        }
        System.out.println("RobustnessIT: reboots: " + losses + " power losses and " + shutdowns + " clean shutdowns with sessions"
                + " running, attached, stopped, ended, ephemeral and " + midStarts + " mid-start: 0 files lost or truncated");
        System.out.println("RobustnessIT: FIGURE new-during-reboot rounds=" + midStarts + " whole_and_up=" + midNewWhole
                + " left_state_named_by_prune=" + midNewRepaired + " nothing_left=" + midNewNothing + " violations=0");
    }

    record Sessions(String running, String attached, String stopped, String ended, String ephemeral) {
        String all() {
            return String.join(" ", running, attached, stopped, ended, ephemeral);
        }
    }

    Sessions sessionsInEveryState() {
        String running = newSession();
        String attached = newSession();
        String stopped = newSession();
        ccy(null, "stop", stopped).ok();
        String ended = newSession();
        // exit from the agent's bash, then from the shell the session drops to
        ccy(null, "send", ended, "exit", "Enter").ok();
        Sandbox.pause(1000);
        ccy(null, "send", ended, "exit", "Enter").ok();
        String ephemeral = ccyIn(WORK, "new", "--detach", "--ephemeral", "--image", IMAGE, "--", "bash").ok().out().strip();
        assertTrue(Sandbox.waitFor(Duration.ofSeconds(30), () -> !active(ended)), "exit ends the session");
        // the agents' work: conversations in each HOME
        for (String s : List.of(running, attached, ephemeral)) {
            box.user(null, "podman", "exec", s, "sh", "-c", "mkdir -p $HOME/.claude/projects && head -c 300000 /dev/urandom"
                    + " > $HOME/.claude/projects/conv.jsonl").ok(); // (the image has no sync(1))
        }
        return new Sessions(running, attached, stopped, ended, ephemeral);
    }

    String newSession() {
        return ccyIn(WORK, "new", "--detach", "--image", IMAGE, "--", "bash").ok().out().strip();
    }

    boolean active(String s) {
        return "active".equals(box.user(null, "systemctl", "--user", "is-active", s + ".service").out().strip());
    }

    /** sha256 of every file in every state directory but the markers the unit rewrites at each start and stop. */
    String stateChecksums() {
        return box.sh("cd " + SESSIONS + " 2>/dev/null && find . -type f ! -name clients ! -name '.clients.*' ! -name up-since"
                + " ! -name stopped-at ! -name started ! -name last-used -print0 | sort -z | xargs -0 -r sha256sum").out();
    }

    /** The lines of before missing from after: a file lost or changed. */
    static String lostFiles(String before, String after) {
        List<String> a = after.lines().toList();
        return String.join("\n", before.lines().filter(l -> !a.contains(l)).toList());
    }
}
