package dev.ccy.sandbox;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * ansible/ applied to the sandbox itself (as root, local connection) for its user dev, as the
 * README says: a copy of this checkout's ansible/, templates/, bin/ccy and target/ccy.jar, an
 * inventory with an admin template override, a per-user override, the image built from the local
 * base without the agent (no npm registry here) and the prune timer on. ccy is not preinstalled
 * and linger is off, so everything dev then relies on comes from the playbook.
 */
class AnsibleIT extends SandboxTest {
    static final String SRC = "/root/ccy-src";
    static final String WORK = "/home/dev/work/deployed";
    /** Added to the admin's copy of the unit template, in /etc/ccy/templates. */
    static final String SYSTEM_MARK = "# ccy-ansible-it: unit from /etc/ccy/templates";
    /** Added to dev's own copy of the entrypoint, in ~/.config/ccy/templates. */
    static final String USER_MARK = "# ccy-ansible-it: dev's own entrypoint";
    static final Pattern RECAP = Pattern.compile(
            "(?m)^sandbox\\s*:\\s*ok=(\\d+)\\s+changed=(\\d+)\\s+unreachable=(\\d+)\\s+failed=(\\d+)");

    static final String INVENTORY = inventory("""
            ccy_users:
              - name: dev
                prune_older_than: 7d
                templates:
                  session-entrypoint.sh:
                    src: %1$s/it/session-entrypoint.sh
            ccy_templates:
              session.container.ftl:
                src: %1$s/it/session.container.ftl
            ccy_prune_timer: true
            ccy_config:
              limits: {pids: 3000}
              security.cap_drop: [all]
            """.formatted(SRC));

    /**
     * An inventory of the sandbox itself over a local connection, with the image built from the
     * local base without the agent, and these host variables (YAML).
     */
    static String inventory(String hostVars) {
        return """
                all:
                  hosts:
                    sandbox:
                      ansible_connection: local
                      ansible_python_interpreter: /usr/bin/python3
                      ccy_image_base: localhost/ccy-test:latest
                      ccy_image_agent: false
                """ + hostVars.indent(6);
    }

    /** A playbook run: its output and the recap's counts. */
    record Run(Sandbox.Result result, int ok, int changed, int failed) {
        static Run of(Sandbox.Result r) {
            Matcher m = RECAP.matcher(r.out());
            assertTrue(m.find(), () -> "no PLAY RECAP:\n" + r);
            return new Run(r, Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(4)));
        }

        Run succeeded() {
            assertEquals(0, result.exit(), () -> "ansible-playbook failed:\n" + result.out() + result.err());
            assertEquals(0, failed, result::out);
            return this;
        }

        /** What ansible printed under the task, up to the next task. */
        String task(String name) {
            String out = result.out();
            int at = out.indexOf("TASK [ccy : " + name + "]");
            assertTrue(at >= 0, () -> "no task " + name + " in:\n" + out);
            int end = out.indexOf("\nTASK [", at + 1);
            return out.substring(at, end < 0 ? out.length() : end);
        }
    }

    @BeforeAll
    void boot() throws Exception {
        boot("ansible", WORK);
        // the playbook installs ccy, not the harness
        box.root("rm", "-f", "/usr/local/bin/ccy", "/usr/local/lib/ccy/ccy.jar").ok();
        Path src = box.root().resolve(SRC.substring(1));
        Files.createDirectories(src.resolve("bin"));
        Files.createDirectories(src.resolve("target"));
        Files.createDirectories(src.resolve("it"));
        // (exec runs bash with these arguments)
        Sandbox.exec(Duration.ofMinutes(1), null, List.of("-c", "cp -a ansible templates \"$0\"", src.toString()), false).ok();
        Files.copy(Path.of("bin/ccy"), src.resolve("bin/ccy"));
        Files.copy(Path.of("target/ccy.jar"), src.resolve("target/ccy.jar"));
        // the man pages and the completion script the build writes beside the jar
        Sandbox.exec(Duration.ofMinutes(1), null, List.of("-c", "cp -a target/man target/completion \"$0\"", src.resolve("target").toString()),
                false).ok();
        String unit = Files.readString(Path.of("templates/session.container.ftl"), StandardCharsets.UTF_8);
        assertTrue(unit.contains("\n[Unit]\n"), "the marker goes before [Unit]");
        Files.writeString(src.resolve("it/session.container.ftl"), unit.replace("\n[Unit]\n", "\n" + SYSTEM_MARK + "\n[Unit]\n"));
        Files.writeString(src.resolve("it/session-entrypoint.sh"),
                Files.readString(Path.of("templates/session-entrypoint.sh"), StandardCharsets.UTF_8) + USER_MARK + "\n");
        Files.writeString(src.resolve("it/inventory.yml"), INVENTORY);
        // linger off, and dev's manager gone with it: the playbook must turn it on
        box.root("loginctl", "disable-linger", "dev").ok();
        assertTrue(Sandbox.waitFor(Duration.ofSeconds(30), () -> box.root("test", "-e", "/run/user/1000").exit() != 0),
                "dev's user manager stops without linger");
    }

    /** ansible-playbook ccy.yml in the copy of ansible/ (its ansible.cfg applies) with the test inventory. */
    Run playbook(String... args) {
        List<String> cmd = new ArrayList<>(List.of("env", "-C", SRC + "/ansible", "ANSIBLE_NOCOLOR=1",
                "ansible-playbook", "-i", SRC + "/it/inventory.yml", "ccy.yml"));
        cmd.addAll(List.of(args));
        return Run.of(box.root(cmd.toArray(String[]::new)));
    }

    boolean running(String session) {
        return box.user(null, "systemctl", "--user", "is-active", "--quiet", session + ".service").exit() == 0
                && box.user(null, "podman", "exec", session, "tmux", "has-session", "-t", "main").exit() == 0;
    }

    boolean exists(String path) {
        return box.root("test", "-e", path).exit() == 0;
    }

    @Test
    @Order(1)
    void checkModeOnANewHostSucceedsAndChangesNothing() {
        Run check = playbook("--check").succeeded();
        assertTrue(check.changed() > 0, "it reports what it would do");
        assertFalse(exists("/usr/local/bin/ccy"));
        assertFalse(exists("/etc/ccy"));
        assertFalse(exists("/var/lib/systemd/linger/dev"));
        assertFalse(exists("/home/dev/.config/systemd/user/ccy-prune.timer"));
    }

    @Test
    @Order(2)
    void firstRunInstallsCcyTemplatesLingerImageAndTimer() throws Exception {
        // what an earlier version of the role wrote: the old format, which this one replaces
        box.root("sh", "-c", "mkdir -p /etc/ccy && printf '# Ansible managed: ccy settings for every user of this host (set in the"
                + " Ansible\\n# variables ccy_config and ccy_image_tag).\\nnetwork=none\\n' > /etc/ccy/config").ok();
        long t = System.nanoTime();
        Run run = playbook().succeeded();
        SessionLifecycleIT.figure("ansible-first-run", (System.nanoTime() - t) / 1e9);
        assertTrue(run.changed() > 0, run.result()::out);
        assertTrue(run.task("Install the missing packages (apt)").contains("skipping:"),
                "everything is installed, so no package index is needed: " + run.task("Install the missing packages (apt)"));
        assertTrue(run.result().out().contains("RUNNING HANDLER [ccy : Reload the systemd user managers"), "new units: reloaded");

        assertTrue(exists("/var/lib/systemd/linger/dev"), "linger is on");
        assertArrayEquals(Files.readAllBytes(Path.of("target/ccy.jar")), Files.readAllBytes(box.root().resolve("usr/local/lib/ccy/ccy.jar")));
        assertArrayEquals(Files.readAllBytes(Path.of("bin/ccy")), Files.readAllBytes(box.root().resolve("usr/local/bin/ccy")));
        assertEquals("-rwxr-xr-x root", box.root("stat", "-c", "%A %U", "/usr/local/bin/ccy").ok().out().strip());
        assertTrue(box.root("cat", "/etc/ccy/templates/session.container.ftl").ok().out().contains(SYSTEM_MARK), "the admin's override");
        assertEquals(Files.readString(Path.of("templates/session-entrypoint.sh"), StandardCharsets.UTF_8),
                box.root("cat", "/etc/ccy/templates/session-entrypoint.sh").ok().out(), "the rest from templates/");
        assertEquals("dev -rw-r--r--", box.root("stat", "-c", "%U %A", "/home/dev/.config/ccy/templates/session-entrypoint.sh").ok().out().strip(),
                "dev's own override, dev's file");
        String labels = box.user(null, "podman", "image", "inspect", "--format",
                "{{index .Labels \"ccy.image.hash\"}}", "localhost/claude-yolo:latest").ok().out().strip();
        assertTrue(labels.matches("[0-9a-f]{64}"), "dev's session image, ccy's default tag: " + labels);
        assertEquals("enabled", box.user(null, "systemctl", "--user", "is-enabled", "ccy-prune.timer").out().strip());
        // ccy_config, as TOML in the system layer: a table and a list, read by dev's ccy
        assertFalse(exists("/etc/ccy/config"), "the role's old key=value file is gone");
        String config = box.user(null, "ccy", "config", "show", "--origin").ok().out();
        assertTrue(config.contains("pids = 3000") && config.contains("/etc/ccy/config.toml"), config);
        assertFalse(config.contains("network = \"none\""), config);

        for (String page : List.of("ccy.1", "ccy-new.1", "ccy-doctor.1", "ccy-image-build.1")) {
            assertArrayEquals(Files.readAllBytes(Path.of("target/man/man1", page)),
                    Files.readAllBytes(box.root().resolve("usr/local/share/man/man1/" + page)), page);
        }
        assertArrayEquals(Files.readAllBytes(Path.of("target/completion/ccy")),
                Files.readAllBytes(box.root().resolve("usr/local/share/bash-completion/completions/ccy")));
        // the installed completion, sourced in dev's bash, completes a command through the installed ccy
        String completed = box.sh("source /usr/local/share/bash-completion/completions/ccy 2>/dev/null;"
                + " COMP_WORDS=(ccy doc); COMP_CWORD=1; COMP_LINE='ccy doc'; COMP_POINT=7; _complete_ccy 2>/dev/null;"
                + " printf '%s\\n' \"${COMPREPLY[@]}\"").ok().out();
        assertEquals("doctor", completed.strip());
        // the role's last check: ccy doctor as dev, which fails the play on a [FAIL]
        String doctor = run.task("Run ccy doctor for dev");
        assertTrue(doctor.contains("ok: [sandbox]"), doctor);
        assertEquals(0, box.user(null, "ccy", "doctor").exit(), "doctor is all OK for dev after the play");
    }

    @Test
    @Order(3)
    void secondRunChangesNothing() throws Exception {
        long t = System.nanoTime();
        Run run = playbook().succeeded();
        SessionLifecycleIT.figure("ansible-second-run", (System.nanoTime() - t) / 1e9);
        assertEquals(0, run.changed(), run.result()::out);
        assertFalse(run.result().out().contains("RUNNING HANDLER"), "nothing changed, nothing reloaded");
        assertTrue(run.task("Build the session image of dev").contains("ok: [sandbox]"), "the image is up to date");
    }

    @Test
    @Order(4)
    void checkModeOnTheConfiguredHostFindsNothingToDo() {
        assertEquals(0, playbook("--check").succeeded().changed());
    }

    @Test
    @Order(5)
    void onAHostWithoutSudoTheUsersAreBecomeWithSu() {
        // reached as root (SSH as root to a minimal server): the role falls back to su
        box.root("mv", "/usr/bin/sudo", "/usr/bin/sudo.hidden").ok();
        try {
            assertEquals(0, playbook().succeeded().changed());
        } finally {
            box.root("mv", "/usr/bin/sudo.hidden", "/usr/bin/sudo").ok();
        }
    }

    @Test
    @Order(6)
    void thePruneTimerIsListed() {
        String timers = box.user(null, "systemctl", "--user", "list-timers").ok().out();
        assertTrue(timers.contains("ccy-prune.timer"), timers);
        assertTrue(box.user(null, "systemctl", "--user", "cat", "ccy-prune.service").ok().out()
                .contains("ExecStart=/usr/local/bin/ccy prune --older-than 7d"), "dev's own age");
    }

    @Test
    @Order(7)
    void ccyNewWorksWithoutAnyManualStep() {
        String session = ccy(WORK, "new", "--detach").ok().out().strip();
        assertEquals("ccy-deployed-1", session);
        assertTrue(running(session), "the session runs, with tmux in it");
        assertTrue(ccy(WORK, "list").ok().out().contains(session), "ccy list shows it");
        assertTrue(box.sh("cat ~/.config/containers/systemd/" + session + ".container").ok().out().contains(SYSTEM_MARK),
                "the unit comes from /etc/ccy/templates");
        assertTrue(box.sh("cat ~/.local/share/ccy/session-entrypoint.sh").ok().out().contains(USER_MARK),
                "the entrypoint from ~/.config/ccy/templates");
    }

    /** Needs {@code ccy prune} (issue: prune), which this branch's jar does not have yet. */
    @Test
    @Order(8)
    void thePruneServiceRunsAndLeavesRunningSessionsAlone() {
        Sandbox.Result start = box.user(null, "systemctl", "--user", "start", "ccy-prune.service");
        String result = box.user(null, "systemctl", "--user", "show", "-p", "Result", "--value", "ccy-prune.service").out().strip();
        String journal = box.user(null, "journalctl", "--user", "-u", "ccy-prune.service", "--no-pager", "-n", "20").out();
        assertEquals(0, start.exit(), () -> "ccy prune as the timer runs it failed (needs ccy prune on this branch): " + start + "\n" + journal);
        assertEquals("success", result, journal);
        assertTrue(running("ccy-deployed-1"), "a running session stays");
    }

    @Test
    @Order(9)
    void theJarCanComeFromAUrlCheckedByChecksumAndVersion() throws Exception {
        String sha = java.util.HexFormat.of().formatHex(
                java.security.MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(Path.of("target/ccy.jar"))));
        String version = ccy(null, "--version").ok().out().strip().replaceFirst("^ccy ", "");
        String url = "ccy_jar_url=file://" + SRC + "/target/ccy.jar";
        assertEquals(0, playbook("-e", url, "-e", "ccy_jar_checksum=sha256:" + sha, "-e", "ccy_version=" + version)
                .succeeded().changed(), "the same jar: nothing to do");

        Run badSum = playbook("-e", url, "-e", "ccy_jar_checksum=sha256:" + "0".repeat(64));
        assertTrue(badSum.result().exit() != 0 && badSum.failed() == 1, badSum.result()::out);
        assertTrue(badSum.task("Download the ccy jar").contains("did not match"), badSum.task("Download the ccy jar"));
        Run badVersion = playbook("-e", "ccy_version=9.9.9");
        assertTrue(badVersion.result().exit() != 0 && badVersion.failed() == 1, badVersion.result()::out);
        assertTrue(badVersion.result().out().contains("ccy_version is 9.9.9, but the installed ccy says: ccy " + version),
                badVersion.result()::out);
        assertArrayEquals(Files.readAllBytes(Path.of("target/ccy.jar")), Files.readAllBytes(box.root().resolve("usr/local/lib/ccy/ccy.jar")),
                "a download that fails its checksum replaces nothing");
    }

    @Test
    @Order(10)
    void turnedOffThePruneTimerIsRemovedAndTurnedOnComesBack() {
        Run off = playbook("-e", "ccy_prune_timer=false").succeeded();
        assertTrue(off.changed() > 0, off.result()::out);
        assertFalse(exists("/home/dev/.config/systemd/user/ccy-prune.timer"));
        assertFalse(exists("/home/dev/.config/systemd/user/ccy-prune.service"));
        assertFalse(box.user(null, "systemctl", "--user", "list-timers", "--all").ok().out().contains("ccy-prune"));

        assertTrue(playbook().succeeded().changed() > 0);
        assertTrue(box.user(null, "systemctl", "--user", "list-timers").ok().out().contains("ccy-prune.timer"));
        assertEquals(0, playbook().succeeded().changed(), "and stays put");
    }

    /**
     * The desktop case: an admin (here dev, with sudo) runs the playbook as themself over a local
     * connection, for themself and another user (eve). Becoming eve from dev hands the files copied
     * into eve's home over with an ACL.
     */
    @Test
    @Order(11)
    void anAdminRunsItWithSudoForThemselfAndAnotherUser() throws Exception {
        box.root("sh", "-c", "echo 'dev ALL=(ALL) NOPASSWD: ALL' > /etc/sudoers.d/dev && chmod 0440 /etc/sudoers.d/dev"
                + " && useradd -m -s /bin/bash eve && cp -a " + SRC + " /home/dev/ccy-src && chown -R dev:dev /home/dev/ccy-src").ok();
        Files.writeString(box.root().resolve("home/dev/ccy-src/it/inventory.yml"), inventory("""
                ccy_users:
                  - name: dev
                  - name: eve
                    image_build: false
                    prune_timer: true
                    templates:
                      session.container.ftl:
                        src: /home/dev/ccy-src/it/session.container.ftl
                """));
        String[] cmd = {"ansible-playbook", "-i", "/home/dev/ccy-src/it/inventory.yml", "ccy.yml"};
        Run run = Run.of(box.user("/home/dev/ccy-src/ansible", cmd)).succeeded();
        assertTrue(run.changed() > 0, run.result()::out);
        assertTrue(exists("/var/lib/systemd/linger/eve"));
        assertEquals("eve -rw-r--r--", box.root("stat", "-c", "%U %A", "/home/eve/.config/ccy/templates/session.container.ftl").ok().out().strip());
        String uid = box.root("id", "-u", "eve").ok().out().strip();
        String timers = box.root("env", "XDG_RUNTIME_DIR=/run/user/" + uid, "setpriv", "--reuid=eve", "--regid=eve", "--init-groups",
                "systemctl", "--user", "list-timers").ok().out();
        assertTrue(timers.contains("ccy-prune.timer"), timers);
        assertEquals(0, Run.of(box.user("/home/dev/ccy-src/ansible", cmd)).succeeded().changed());
    }
}
