package dev.ccy.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * Settings carried into real sessions: systemd, Quadlet and rootless podman in the sandbox decide
 * whether a mount is read-only, a variable arrives (and where its value does not), the network is
 * there, a port answers, a drop-in applies, and an old session upgrades and resumes.
 */
class SettingsIT extends SandboxTest {
    static final String IMAGE = "localhost/ccy-test:latest";
    static final String WORK = "/home/dev/work/shop";
    static final String PROJECT_FILE = WORK + "/.claude/ccy/config.toml";
    /** Values that must reach the agent and appear nowhere else. */
    static final String STATIC = "static-value-7f3a9c";
    static final String FORWARDED = "forwarded-value-51be20";

    @BeforeAll
    void boot() throws Exception {
        boot("settings", WORK);
        box.sh("mkdir -p ~/shared " + WORK + "/.claude/ccy && echo hello > ~/shared/hello.txt").ok();
    }

    Sandbox.Result ccyNew(String... args) {
        String[] all = new String[3 + args.length];
        all[0] = "new";
        all[1] = "--detach";
        all[2] = "--image=" + IMAGE;
        System.arraycopy(args, 0, all, 3, args.length);
        return ccy(WORK, all);
    }

    Sandbox.Result exec(String session, String script) {
        return box.user(null, "podman", "exec", session, "sh", "-c", script);
    }

    String screen(String session) {
        return box.user(null, "podman", "exec", session, "tmux", "capture-pane", "-p", "-t", "main").out();
    }

    void rmAll() {
        box.sh("for s in $(ccy list --all --json | grep -o '\"session\": \"[^\"]*\"' | cut -d'\"' -f4); do ccy rm $s; done").ok();
    }

    @Test
    @Order(1)
    void anUntrustedProjectMountIsIgnoredUntilTrustedAndAgainAfterAChange() {
        box.sh("printf 'mounts = [\"/home/dev/shared:/shared:ro\"]\\n' > " + PROJECT_FILE).ok();
        Sandbox.Result r = ccyNew().ok();
        String session = r.out().strip();
        assertTrue(r.err().contains("ignoring mounts /home/dev/shared from " + PROJECT_FILE)
                && r.err().contains("ccy trust"), r.err());
        assertEquals(1, r.err().lines().filter(l -> l.contains("ignoring")).count(), r.err());
        assertFalse(exec(session, "test -e /shared/hello.txt").exit() == 0, "an untrusted mount is not there");

        Sandbox.Result trust = ccy(WORK, "trust").ok();
        assertTrue(trust.out().contains("these now apply: mounts /home/dev/shared"), trust.out());
        String trusted = ccyNew().ok().out().strip();
        assertEquals("hello", exec(trusted, "cat /shared/hello.txt").ok().out().strip());
        Sandbox.Result write = exec(trusted, "touch /shared/new 2>&1");
        assertTrue(write.exit() != 0 && write.out().contains("Read-only file system"), write.toString());
        assertTrue(exec(trusted, "touch /workspace/rw-check").exit() == 0, "the worktree stays writable");

        box.sh("echo '# changed by the agent' >> " + PROJECT_FILE).ok();
        Sandbox.Result changed = ccyNew().ok();
        assertTrue(changed.err().contains("ignoring mounts /home/dev/shared"), changed.err());
        assertFalse(exec(changed.out().strip(), "test -e /shared/hello.txt").exit() == 0);
        assertTrue(ccy(WORK, "trust", "--list").ok().out().contains(PROJECT_FILE + " (changed since trusted)"));
        assertTrue(ccy(WORK, "config", "path").ok().out().contains(PROJECT_FILE + " (read, not trusted"));
        rmAll();
        box.sh("rm -f " + PROJECT_FILE).ok();
    }

    @Test
    @Order(2)
    void staticAndForwardedVariablesArriveAndTheirValuesAreNowhereElse() throws Exception {
        box.sh("mkdir -p ~/.config/ccy && printf 'forward_env = [\"FWD_TOKEN\"]\\n[env]\\nSTATIC_VAR = \"" + STATIC
                + "\"\\n' > ~/.config/ccy/config.toml").ok();
        try {
            variables();
        } finally {
            box.sh("rm -f ~/.config/ccy/config.toml").ok();
        }
    }

    void variables() throws Exception {
        Sandbox.Result r = box.user(WORK, "env", "FWD_TOKEN=" + FORWARDED, "ccy", "new", "--detach", "--image=" + IMAGE, "--",
                "bash", "-c", "echo \"seen static=$STATIC_VAR forwarded=$FWD_TOKEN\"; exec bash").ok();
        String session = r.out().strip();
        assertTrue(Sandbox.waitFor(Duration.ofSeconds(20), () -> screen(session).contains("seen static=" + STATIC
                + " forwarded=" + FORWARDED)), screen(session));
        assertNowhere(session, r.out() + r.err());
        Sandbox.Result show = ccy(WORK, "config", "show", "--origin").ok();
        assertTrue(show.out().contains("forward_env = [") && show.out().contains("\"FWD_TOKEN\","), show.out());

        // a power loss: the unit starts again without the user's shell, and the value is still there
        box.kill();
        box.boot();
        assertTrue(Sandbox.waitFor(Duration.ofSeconds(90), () -> screen(session).contains("forwarded=" + FORWARDED)),
                "after a power loss: " + screen(session));
        assertNowhere(session, "");
        rmAll();
        assertEquals("", box.sh("podman secret ls --noheading --format '{{.Name}}' | grep '^ccy-env-" + session + "-' || true")
                .ok().out().strip(), "ccy rm removes the session's secrets");
    }

    /** Neither value is in the unit, the generated service, podman inspect, systemctl show, the journal or ps. */
    void assertNowhere(String session, String ccyOutput) {
        String places = box.sh("cat ~/.config/containers/systemd/" + session + ".container;"
                + " cat /run/user/1000/systemd/generator/" + session + ".service;"
                + " podman inspect " + session + "; systemctl --user show " + session + ".service;"
                + " journalctl --user --no-pager -o verbose; ps -eo args").out();
        assertTrue(places.contains("ccy.session=" + session), "the scan read the places: " + places.length());
        for (String secret : new String[] {STATIC, FORWARDED}) {
            assertFalse(places.contains(secret), secret + " leaked");
            assertFalse(ccyOutput.contains(secret), secret + " in ccy's output");
        }
    }

    @Test
    @Order(3)
    void networkNoneHasNoNetworkAndTheDefaultHasOne() {
        // /proc/net/dev is the container's own network namespace (rootless podman's /sys is the host's)
        String ifaces = "tail -n +3 /proc/net/dev | cut -d: -f1 | tr -d ' '";
        String none = ccyNew("--network", "none").ok().out().strip();
        assertEquals("lo", exec(none, ifaces).ok().out().strip());
        String plain = ccyNew().ok().out().strip();
        assertTrue(exec(plain, ifaces).ok().out().lines().anyMatch(l -> !l.equals("lo")),
                "the default network has an interface besides lo: " + exec(plain, ifaces).out());
        rmAll();
    }

    @Test
    @Order(4)
    void aPublishedPortAnswersFromTheHost() {
        // the test image has no server: give it the sandbox's own python, with its libraries
        box.sh("set -e; d=$(mktemp -d); mkdir -p $d/root/usr/bin $d/root/usr/lib;"
                + " cp -L /usr/bin/python3 $d/root/usr/bin/python3; cp -a /usr/lib/python3.13 $d/root/usr/lib/;"
                + " for l in $(ldd /usr/bin/python3 | awk '/=> \\// {print $3}'); do r=$(readlink -f $l);"
                + " mkdir -p $d/root$(dirname $r); cp -L $l $d/root$(dirname $r)/$(basename $l); done;"
                + " printf 'FROM " + IMAGE + "\\nCOPY root/ /\\n' > $d/Containerfile;"
                + " podman build -q -t localhost/ccy-py $d >/dev/null; rm -rf $d").ok();
        box.sh("echo port-answer-42 > " + WORK + "/answer.txt").ok();
        String session = ccy(WORK, "new", "--detach", "--image=localhost/ccy-py", "-p", "127.0.0.1:18080:8000", "--",
                "python3", "-m", "http.server", "8000").ok().out().strip();
        assertTrue(Sandbox.waitFor(Duration.ofSeconds(30),
                () -> box.sh("wget -qO- http://127.0.0.1:18080/answer.txt").out().contains("port-answer-42")),
                box.sh("wget -O- http://127.0.0.1:18080/answer.txt 2>&1").out() + screen(session));
        rmAll();
    }

    @Test
    @Order(5)
    void limitsReachTheGeneratedService() {
        // The limits are systemd's on the whole service (HardeningIT starts a session with them; this
        // sandbox enforces none, its cgroup has no controllers). What is checked: the service Quadlet
        // generates carries them in [Service], runs podman with --cgroups=split (conmon and the
        // container in sub-cgroups of that service, so the limits cover both) and asks podman for none.
        String unit = ccy(WORK, "render", "--image=" + IMAGE, "--memory", "256m", "--cpus", "1.5", "--pids-limit", "300").ok().out();
        assertTrue(unit.contains("\nMemoryMax=256M\n") && unit.contains("\nCPUQuota=150%\n") && unit.contains("\nTasksMax=300\n"), unit);
        String service = box.sh("set -e; d=$(mktemp -d); ccy render --image=" + IMAGE
                + " --memory 256m --cpus 1.5 --pids-limit 300 > $d/ccy-limits-1.container;"
                + " QUADLET_UNIT_DIRS=$d /usr/libexec/podman/quadlet -dryrun -user 2>/dev/null").ok().out();
        String execStart = service.lines().filter(l -> l.startsWith("ExecStart=")).findFirst().orElse("");
        assertTrue(execStart.contains(" --cgroups=split ") && service.contains("\nDelegate=yes\n"), service);
        assertFalse(execStart.contains("--memory") || execStart.contains("--cpus") || execStart.contains("--pids-limit"), execStart);
        for (String key : List.of("MemoryMax=256M", "MemorySwapMax=256M", "CPUQuota=150%", "TasksMax=300")) {
            assertTrue(service.contains("\n" + key + "\n"), key + " in\n" + service);
        }
    }

    @Test
    @Order(6)
    void quadletDropInsReachSessionsAndAGenericOneIsWarnedAbout() {
        box.sh("mkdir -p ~/.config/containers/systemd/ccy-.container.d && printf '[Container]\\nLabel=from-dropin=yes\\n'"
                + " > ~/.config/containers/systemd/ccy-.container.d/50-test.conf").ok();
        assertTrue(ccy(WORK, "render", "--image=" + IMAGE).ok().out().contains("ccy-.container.d/50-test.conf\n[Container]\n"
                + "Label=from-dropin=yes"), "render shows the drop-in");
        String session = ccyNew().ok().out().strip();
        assertEquals("yes", box.user(null, "podman", "inspect", "--format", "{{index .Config.Labels \"from-dropin\"}}", session)
                .ok().out().strip());

        box.sh("mkdir -p ~/.config/containers/systemd/container.d && printf '[Container]\\nLabel=everywhere=yes\\n'"
                + " > ~/.config/containers/systemd/container.d/50-all.conf").ok();
        Sandbox.Result r = ccy(WORK, "render", "--image=" + IMAGE).ok();
        assertTrue(r.err().contains("container.d/50-all.conf applies to every Quadlet container"), r.err());

        box.sh("printf '[Container]\\nNoSuchKey=1\\n' > ~/.config/containers/systemd/ccy-.container.d/60-bad.conf").ok();
        Sandbox.Result bad = ccyNew();
        assertEquals(1, bad.exit(), bad.toString());
        assertTrue(bad.err().contains("60-bad.conf line 2 has NoSuchKey=, which Quadlet does not know"), bad.err());
        box.sh("rm -rf ~/.config/containers/systemd/ccy-.container.d ~/.config/containers/systemd/container.d").ok();
        rmAll();
    }

    @Test
    @Order(7)
    void aSessionOfThePreviousTemplateIsUpgradedKeepsItsConversationAndResumes() throws Exception {
        // the previous ccy's template, as a user override: units exactly as that ccy wrote them
        box.sh("mkdir -p ~/.config/ccy/templates").ok();
        Files.copy(Path.of("src/test/resources/previous-ccy/session.container.ftl"),
                box.root().resolve("home/dev/.config/ccy/templates/session.container.ftl"));
        box.root("chown", "-R", "dev:dev", "/home/dev/.config/ccy").ok();
        String agent = "echo start >> $HOME/starts; echo \"starts: $(wc -l < $HOME/starts)\"; exec bash";
        String session = ccy(WORK, "new", "--detach", "--image=" + IMAGE, "--name", "old", "--agent-cmd", agent).ok().out().strip();
        String unitFile = "~/.config/containers/systemd/" + session + ".container";
        assertFalse(box.sh("cat " + unitFile).out().contains("[X-Ccy]"), "made like the previous ccy made it");
        assertTrue(box.sh("cat " + unitFile).out().contains(":/workspace:z\n"), "the worktree in Volume=, as it was");
        assertTrue(ccy("/", "status", session).ok().out().contains(" -> /workspace (z)"), "an old unit is still read");
        box.user(null, "podman", "exec", session, "sh", "-c", "echo 'the conversation' > $HOME/conversation.jsonl").ok();
        box.sh("rm ~/.config/ccy/templates/session.container.ftl").ok();

        assertTrue(ccy(WORK, "upgrade", "--all", "--dry-run").ok().out().contains(session + " (old): would upgrade"));
        assertFalse(box.sh("cat " + unitFile).out().contains("[X-Ccy]"), "a dry run changes nothing");
        Sandbox.Result up = ccy(WORK, "upgrade", "old", "--restart").ok();
        assertTrue(up.out().contains(session + " (old): upgraded and restarted"), up.toString());
        String unit = box.sh("cat " + unitFile).out();
        assertTrue(unit.contains("[X-Ccy]") && unit.contains("NoNewPrivileges=true") && unit.contains("Label=\"ccy.alias=old\""), unit);
        assertTrue(unit.contains(",destination=/workspace,relabel=shared\"\n") && !unit.contains(":/workspace:z"),
                "upgraded to the worktree's Mount=: " + unit);
        assertTrue(Sandbox.waitFor(Duration.ofSeconds(20), () -> screen(session).contains("starts: 2")),
                "the agent started again in the same HOME: " + screen(session));
        assertEquals("the conversation", box.user(null, "podman", "exec", session, "sh", "-c", "cat $HOME/conversation.jsonl")
                .ok().out().strip());
        assertEquals("0000000000000000", box.user(null, "podman", "exec", session, "sh", "-c",
                "grep CapEff /proc/self/status | cut -f2").ok().out().strip(), "the new unit's hardening applies");
        assertTrue(ccy(WORK, "upgrade", "--all").ok().out().contains(session + " (old): current"));
        rmAll();
    }
}
