package dev.ccy.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * Hardened by default (issue 13): each default is proven in podman inspect and from inside the
 * container, relaxed in the user layer, and held back when only an untrusted project file asks.
 * The image has a setuid-root copy of id(1): with no_new_privileges it cannot make the agent root.
 *
 * <p>Capabilities: the agent runs as the user's own uid (UserNS=keep-id), and a non-root process
 * needs none; "all" are dropped, so the bounding set is empty too and no setuid binary can bring
 * one back. Only checked as configured here, because the sandbox cannot enforce them: the memory,
 * cpus and pids limits (its cgroup has no controllers) and SELinux labels (no SELinux in it).
 */
class HardeningIT extends SandboxTest {
    static final String WORK = "/home/dev/work/hard";
    static final String SUID = "localhost/ccy-suid:latest";

    @BeforeAll
    void boot() throws Exception {
        boot("hard", WORK);
        box.sh("mkdir -p /tmp/b && cd /tmp/b && printf 'FROM localhost/ccy-test:latest\\nRUN mkdir -p /usr/local/bin"
                + " && cp /usr/bin/id /usr/local/bin/suid-id && chmod 4755 /usr/local/bin/suid-id\\n' > Containerfile"
                + " && podman build -q -t " + SUID + " .").ok();
    }

    String create() {
        return ccy(WORK, "new", "--detach", "--image", SUID, "--", "bash").ok().out().strip();
    }

    String inside(String session, String script) {
        return box.user(null, "podman", "exec", session, "sh", "-c", script).ok().out().strip();
    }

    String inspect(String session, String format) {
        return box.user(null, "podman", "inspect", "--format", format, session).ok().out().strip();
    }

    String status(String session, String field) {
        return inside(session, "grep '^" + field + ":' /proc/self/status | cut -f2");
    }

    @Test
    @Order(1)
    void defaultsHoldInPodmanInspectAndFromInside() {
        String s = create();
        int checks = 0;
        // no new privileges: configured, and a setuid-root binary leaves the agent the user
        assertTrue(inspect(s, "{{.HostConfig.SecurityOpt}}").contains("no-new-privileges"));
        assertEquals("1", status(s, "NoNewPrivs"));
        assertEquals("uid=1000(dev) gid=1000(dev) groups=1000(dev)", inside(s, "suid-id"), "a setuid binary gains nothing");
        checks += 3;
        // every capability dropped: none effective, permitted or even in the bounding set
        assertEquals("[]", inspect(s, "{{.EffectiveCaps}}"));
        assertEquals("[]", inspect(s, "{{.HostConfig.CapAdd}}"));
        for (String f : List.of("CapEff", "CapPrm", "CapBnd", "CapAmb")) {
            assertEquals("0000000000000000", status(s, f), f);
        }
        checks += 6;
        // the default seccomp profile: filter mode
        assertEquals("2", status(s, "Seccomp"));
        checks++;
        // a private /tmp, a tmpfs the agent can write
        assertTrue(inside(s, "grep ' /tmp ' /proc/mounts").startsWith("tmpfs /tmp tmpfs"));
        assertEquals("ok", inside(s, "touch /tmp/agent-file && echo ok"));
        checks += 2;
        // no host namespace: each of the container's differs from the user's own on the host
        for (String ns : List.of("pid", "net", "ipc", "uts", "mnt", "cgroup", "user")) {
            String host = box.user(null, "readlink", "/proc/self/ns/" + ns).ok().out().strip();
            assertNotEquals(host, inside(s, "readlink /proc/self/ns/" + ns), ns + " namespace is the host's");
            checks++;
        }
        assertEquals("private private", inspect(s, "{{.HostConfig.PidMode}} {{.HostConfig.UTSMode}}"));
        assertFalse(inspect(s, "{{.HostConfig.NetworkMode}}").equals("host"));
        checks += 2;
        // SELinux labels as before: private for the state, shared for the worktree (configured only: no SELinux here)
        String unit = box.sh("cat ~/.config/containers/systemd/" + s + ".container").ok().out();
        assertTrue(unit.contains(":/ccy/state:Z\n") && unit.contains(":/workspace:z\n"), unit);
        checks++;
        System.out.println("HardeningIT: defaults: " + checks + " checks in podman inspect and from inside, 0 privileges gained");
    }

    @Test
    @Order(2)
    void theUserLayerRelaxesAnUntrustedProjectCannot() {
        // the untrusted project asks to loosen everything: held back, and ccy says so
        box.sh("mkdir -p " + WORK + "/.claude/ccy && printf '[security]\\nno_new_privileges = false\\ncap_drop = []\\n"
                + "cap_add = [\"SETUID\"]\\nseccomp = \"unconfined\"\\nprivate_tmp = false\\n' > " + WORK + "/.claude/ccy/config.toml").ok();
        Sandbox.Result r = ccy(WORK, "new", "--detach", "--image", SUID, "--", "bash").ok();
        String s = r.out().strip();
        assertTrue(r.err().contains("not trusted"), r.toString());
        assertEquals("1", status(s, "NoNewPrivs"));
        assertEquals("2", status(s, "Seccomp"));
        assertEquals("0000000000000000", status(s, "CapBnd"));
        assertTrue(inside(s, "grep -c ' /tmp ' /proc/mounts").equals("1"));
        assertEquals("uid=1000(dev) gid=1000(dev) groups=1000(dev)", inside(s, "suid-id"));
        box.sh("rm -rf " + WORK + "/.claude/ccy/config.toml").ok();
        // the user relaxes it for their own sessions: now the setuid binary does what setuid does
        box.sh("mkdir -p ~/.config/ccy && printf '[security]\\nno_new_privileges = false\\nseccomp = \"unconfined\"\\n"
                + "private_tmp = false\\n' > ~/.config/ccy/config.toml").ok();
        String relaxed = create();
        assertEquals("0", status(relaxed, "NoNewPrivs"));
        assertEquals("0", status(relaxed, "Seccomp"));
        assertTrue(inside(relaxed, "suid-id").contains("euid=0(root)"), "the test can tell: without the default it gains root");
        assertEquals("0", inside(relaxed, "grep -c ' /tmp ' /proc/mounts || true"));
        box.sh("rm ~/.config/ccy/config.toml").ok();
        System.out.println("HardeningIT: 5 loosenings from an untrusted project held back, 4 from the user layer applied");
    }

    @Test
    @Order(3)
    void limitsAreConfiguredAndSystemdLimitsLetSessionsStartWhereNoControllerIs() {
        box.sh("mkdir -p ~/.config/ccy && printf '[limits]\\nmemory = \"2g\"\\ncpus = 1.5\\npids = 256\\n' > ~/.config/ccy/config.toml").ok();
        String unit = ccy(WORK, "render", "--image", SUID, "--", "bash").ok().out();
        box.sh("rm ~/.config/ccy/config.toml").ok();
        // the key where this Quadlet has it, else podman's flag in PodmanArgs= (podman 5.4 has no Memory=)
        for (String[] kf : new String[][] {{"Memory=2g", "--memory=2g"}, {"Cpus=1.5", "--cpus=1.5"}, {"PidsLimit=256", "--pids-limit=256"}}) {
            assertTrue(unit.contains("\n" + kf[0] + "\n") || unit.contains(kf[1]), kf[0] + ":\n" + unit);
        }
        // podman's own limits need the controllers, which the sandbox's cgroup lacks ("controller pids is
        // not available"); systemd's limits on the service stay configured and the unit starts anyway,
        // and with Quadlet's --cgroups=split the container's processes are inside that service's cgroup
        box.sh("cd ~/.config/containers/systemd && printf '[Container]\\nImage=" + SUID + "\\nExec=sleep 1000\\n"
                + "[Service]\\nTasksMax=256\\nMemoryMax=2G\\nCPUQuota=150%%\\n' > limits-probe.container"
                + " && systemctl --user daemon-reload && systemctl --user start limits-probe.service").ok();
        String shown = box.user(null, "systemctl", "--user", "show", "-p", "ActiveState,TasksMax,MemoryMax,CPUQuotaPerSecUSec",
                "limits-probe.service").ok().out();
        assertTrue(shown.contains("ActiveState=active") && shown.contains("TasksMax=256") && shown.contains("MemoryMax=2147483648")
                && shown.contains("CPUQuotaPerSecUSec=1.500000s"), shown);
        box.sh("systemctl --user stop limits-probe.service; rm ~/.config/containers/systemd/limits-probe.container;"
                + " systemctl --user daemon-reload").ok();
        System.out.println("HardeningIT: memory, cpus and pids limits: configured (3 keys rendered), enforced only where the"
                + " cgroup has the controllers; as systemd limits the session starts here too");
    }

    /**
     * Worktree names Volume= cannot carry (a trailing space, ':', and with them ',', '=' first, a
     * leading dash, quotes, backslashes, '%' and '$'), carried exactly by Quadlet's Mount= key: the
     * source field CSV-quoted (podman parses --mount as CSV), the whole option one quoted word of
     * the unit. Hand-written units here prove the recipe on the real Quadlet and podman; the
     * template now writes it (csv() and <@option key="Mount"/>), and
     * SessionLifecycleIT#worktreeNamesVolumeCouldNotCarryAreSessionsThatListAndRemove runs sessions in such worktrees.
     */
    @Test
    @Order(4)
    void mountCarriesEveryWorktreeNameVolumeCannot() {
        List<String> names = List.of("trailing space ", "co:lon", "com,ma", "=equals", "-dash", "q\"uo'te", "back\\slash",
                "%spec$var", "x".repeat(255));
        StringBuilder sh = new StringBuilder("set -e; cd ~/.config/containers/systemd; i=0\n");
        for (String n : names) {
            String d = "/home/dev/work/" + n;
            String field = "\"" + ("source=" + d).replace("\"", "\"\"") + "\"";
            String word = "type=bind," + field + ",destination=/workspace,relabel=shared";
            String unitWord = "\"" + word.replace("\\", "\\\\").replace("\"", "\\\"").replace("%", "%%").replace("$", "$$") + "\"";
            sh.append("i=$((i+1)); mkdir -p -- ").append(quote(d)).append(" && echo marker-$i > ").append(quote(d + "/marker"))
                    .append(" && printf '[Container]\\nImage=localhost/ccy-test:latest\\nExec=sleep 1000\\nMount=%s\\n' ")
                    .append(quote(unitWord)).append(" > mprobe$i.container\n");
        }
        sh.append("systemctl --user daemon-reload\n");
        box.sh(sh.toString()).ok();
        int carried = 0;
        for (int i = 1; i <= names.size(); i++) {
            String n = names.get(i - 1);
            Sandbox.Result start = box.user(null, "systemctl", "--user", "start", "mprobe" + i + ".service");
            assertEquals(0, start.exit(), "'" + n + "': " + start);
            assertEquals("marker-" + i, box.user(null, "podman", "exec", "systemd-mprobe" + i, "cat", "/workspace/marker").ok().out().strip(), n);
            assertEquals("/home/dev/work/" + n, box.user(null, "podman", "inspect", "--format", "{{range .Mounts}}{{.Source}}{{end}}",
                    "systemd-mprobe" + i).ok().out().replaceAll("\n$", ""), "carried exactly");
            box.user(null, "systemctl", "--user", "stop", "mprobe" + i + ".service");
            carried++;
        }
        box.sh("rm -f ~/.config/containers/systemd/mprobe*.container && systemctl --user daemon-reload").ok();
        System.out.println("HardeningIT: worktree names: " + carried + " of " + names.size() + " names Volume= cannot carry"
                + " carried exactly by Mount=");
    }

    static String quote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }
}
