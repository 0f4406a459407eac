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
 * cpus and pids limits (its cgroup has no controllers; they are systemd's on the service, see
 * limitsAreTheServicesAndASessionWithThemStarts) and SELinux labels (no SELinux in it).
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
        // (the worktree's Mount= has relabel=shared, --mount's spelling of :z)
        assertTrue(unit.contains(":/ccy/state:Z\n") && unit.contains(",destination=/workspace,relabel=shared\"\n"), unit);
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

    /**
     * The limits are systemd's on the session's service (MemoryMax=, MemorySwapMax=, CPUQuota=,
     * TasksMax= in [Service]), no longer podman's: the sandbox's cgroup has no controllers, so
     * nothing here is enforced, only configured; what is proven is that a session with every limit
     * starts (podman's --memory/--pids-limit made crun fail here) and that its service carries the
     * values. On a machine whose user manager has the controllers delegated, Quadlet's
     * --cgroups=split puts conmon and the container in sub-cgroups of that service (checked below
     * through the container's process), so the limits cover every process of the session.
     */
    @Test
    @Order(3)
    void limitsAreTheServicesAndASessionWithThemStarts() {
        box.sh("mkdir -p ~/.config/ccy && printf '[limits]\\nmemory = \"2g\"\\ncpus = 1.5\\npids = 256\\n' > ~/.config/ccy/config.toml").ok();
        String s = create();
        box.sh("rm ~/.config/ccy/config.toml").ok();
        assertEquals("active\n256\n2147483648\n2147483648\n1.500000s", show(s), "configured on the running session");
        // the container's own process is in a sub-cgroup of the service's (conmon's sibling)
        String group = box.user(null, "systemctl", "--user", "show", "-P", "ControlGroup", s + ".service").ok().out().strip();
        String pid = inspect(s, "{{.State.Pid}}");
        String own = box.user(null, "cat", "/proc/" + pid + "/cgroup").ok().out().strip();
        // (the cgroup2 line; the v1 lines are the host's, which the sandbox does not use)
        assertTrue(own.lines().anyMatch(l -> l.startsWith("0::" + group + "/libpod-payload-")), own + " not below " + group);
        String unit = box.sh("cat ~/.config/containers/systemd/" + s + ".container").ok().out();
        assertFalse(unit.contains("--memory") || unit.contains("--cpus") || unit.contains("PidsLimit"), unit);

        // by default: a pids limit and nothing else; an untrusted project can neither remove nor raise it
        box.sh("mkdir -p " + WORK + "/.claude/ccy && printf '[limits]\\npids = 0\\n' > " + WORK + "/.claude/ccy/config.toml").ok();
        Sandbox.Result r = ccy(WORK, "new", "--detach", "--image", SUID, "--", "bash").ok();
        box.sh("rm " + WORK + "/.claude/ccy/config.toml").ok();
        assertTrue(r.err().contains("a larger limits.pids"), r.toString());
        assertEquals("active\n4096\ninfinity\ninfinity\ninfinity", show(r.out().strip()));
        System.out.println("HardeningIT: memory, cpus and pids limits: 4 systemd keys on the running session (configured"
                + " only: no controllers here), container in the service's cgroup, pids 4096 by default, 1 removal held back");
    }

    /** ActiveState, TasksMax, MemoryMax, MemorySwapMax, CPUQuotaPerSecUSec of the session's service, in that order. */
    String show(String session) {
        List<String> keys = List.of("ActiveState", "TasksMax", "MemoryMax", "MemorySwapMax", "CPUQuotaPerSecUSec");
        java.util.Map<String, String> v = new java.util.HashMap<>();
        for (String line : box.user(null, "systemctl", "--user", "show", "-p", String.join(",", keys), session + ".service")
                .ok().out().strip().split("\n")) {
            v.put(line.substring(0, line.indexOf('=')), line.substring(line.indexOf('=') + 1));
        }
        return String.join("\n", keys.stream().map(v::get).toList());
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
