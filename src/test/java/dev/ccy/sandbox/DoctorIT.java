package dev.ccy.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * ccy doctor against the real thing: all OK on the sandbox as it is, and each failure it claims to
 * detect produced for real (linger off, no user manager, no subuid range, a broken template
 * override, a container.d/ drop-in), reported, and put back.
 */
class DoctorIT extends SandboxTest {
    static final String IMAGE = "localhost/ccy-test:latest";

    @BeforeAll
    void boot() throws Exception {
        boot("doctor", "/home/dev/work/doc");
        box.sh("mkdir -p ~/.config/ccy && echo 'image=" + IMAGE + "' > ~/.config/ccy/config").ok();
    }

    /** The line doctor printed for a check. */
    static String line(Sandbox.Result r, String check) {
        return r.out().lines().filter(l -> l.matches("\\[(OK|WARN|FAIL)\\] *" + check + ":.*")).findFirst()
                .orElseThrow(() -> new AssertionError("no " + check + " line in: " + r));
    }

    void assertAllOk(Sandbox.Result r) {
        assertEquals(0, r.exit(), r.toString());
        for (String check : List.of("podman", "quadlet", "cgroup", "user-manager", "linger", "subuid", "subgid", "image",
                "templates", "sessions", "drop-ins")) {
            assertTrue(line(r, check).startsWith("[OK]"), r.toString());
        }
    }

    @Test
    @Order(1)
    void allOkOnAGoodSetupAlsoWithoutTheXdgVariables() {
        assertAllOk(ccy(null, "doctor"));
        // su or ssh: no XDG_RUNTIME_DIR, no DBUS_SESSION_BUS_ADDRESS
        assertAllOk(box.userWithoutXdg(null, "ccy", "doctor"));
        Sandbox.Result json = ccy(null, "doctor", "--json");
        assertEquals(0, json.exit(), json.toString());
        assertTrue(json.out().startsWith("{\n  \"status\": \"ok\",\n  \"checks\": ["), json.out());
    }

    @Test
    @Order(2)
    void lingerOffIsAWarningAndFixRepairsIt() {
        box.root("rm", "-f", "/var/lib/systemd/linger/dev").ok();
        Sandbox.Result r = ccy(null, "doctor");
        assertEquals(1, r.exit(), r.toString());
        assertTrue(line(r, "linger").startsWith("[WARN] linger: off for dev") && line(r, "linger").contains("loginctl enable-linger dev"),
                r.toString());
        Sandbox.Result fixed = ccy(null, "doctor", "--fix");
        assertEquals(0, fixed.exit(), fixed.toString());
        assertEquals("[OK]   linger: fixed: enabled linger for dev", line(fixed, "linger"));
        assertEquals(0, box.root("test", "-e", "/var/lib/systemd/linger/dev").exit(), "linger file is back");
        assertAllOk(ccy(null, "doctor"));
    }

    @Test
    @Order(3)
    void noUserManagerFails() {
        // without linger and without a login, logind stops dev's user manager and its bus goes away
        box.root("loginctl", "disable-linger", "dev").ok();
        assertTrue(Sandbox.waitFor(Duration.ofSeconds(60), () -> box.root("test", "-e", "/run/user/1000/bus").exit() != 0),
                "dev's user bus went away");
        try {
            Sandbox.Result r = box.userWithoutXdg(null, "ccy", "doctor");
            assertEquals(2, r.exit(), r.toString());
            assertTrue(line(r, "user-manager").startsWith("[FAIL] user-manager: no user manager")
                    && line(r, "user-manager").contains("loginctl enable-linger dev"), r.toString());
            assertTrue(line(r, "sessions").startsWith("[WARN] sessions: not checked"), r.toString());
        } finally {
            box.root("loginctl", "enable-linger", "dev").ok();
            assertTrue(Sandbox.waitFor(Duration.ofSeconds(60), () -> box.root("test", "-S", "/run/user/1000/bus").exit() == 0),
                    "dev's user bus is back");
        }
        assertAllOk(ccy(null, "doctor"));
    }

    @Test
    @Order(4)
    void missingSubuidRangeFails() {
        box.root("cp", "/etc/subuid", "/etc/subuid.keep").ok();
        box.root("sed", "-i", "/^dev:/d", "/etc/subuid").ok();
        try {
            Sandbox.Result r = ccy(null, "doctor");
            assertEquals(2, r.exit(), r.toString());
            assertTrue(line(r, "subuid").startsWith("[FAIL] subuid: no range for dev in /etc/subuid")
                    && line(r, "subuid").contains("usermod --add-subuids"), r.toString());
            assertTrue(line(r, "subgid").startsWith("[OK]"), r.toString());
        } finally {
            box.root("mv", "/etc/subuid.keep", "/etc/subuid").ok();
        }
    }

    @Test
    @Order(5)
    void brokenTemplateOverrideFails() throws Exception {
        // an override that renders, but without Image= the Quadlet generator refuses the unit
        String template = Files.readString(Path.of("templates/session.container.ftl")).replaceAll("(?m)^Image=.*\\n", "");
        box.sh("mkdir -p ~/.config/ccy/templates").ok();
        Path override = box.root().resolve("home/dev/.config/ccy/templates/session.container.ftl");
        Files.writeString(override, template);
        try {
            Sandbox.Result r = ccy(null, "doctor");
            assertEquals(2, r.exit(), r.toString());
            String l = line(r, "templates");
            assertTrue(l.startsWith("[FAIL] templates: overrides /home/dev/.config/ccy/templates/session.container.ftl")
                    && l.contains("Image") && l.contains("(fix: correct or remove"), r.toString());
        } finally {
            Files.delete(override);
        }
        assertAllOk(ccy(null, "doctor"));
    }

    @Test
    @Order(6)
    void leakingContainerDropInWarns() {
        box.sh("mkdir -p ~/.config/containers/systemd/container.d && printf '[Container]\\nEnvironment=LEAK=1\\n'"
                + " > ~/.config/containers/systemd/container.d/50-proxy.conf").ok();
        try {
            Sandbox.Result r = ccy(null, "doctor");
            assertEquals(1, r.exit(), r.toString());
            assertTrue(line(r, "drop-ins").startsWith("[WARN] drop-ins: applies to every ccy session too")
                    && line(r, "drop-ins").contains("/home/dev/.config/containers/systemd/container.d/50-proxy.conf"), r.toString());
        } finally {
            box.sh("rm -rf ~/.config/containers/systemd/container.d").ok();
        }
    }

    @Test
    @Order(7)
    void aSessionThatNoLongerLoadsFails() {
        Sandbox.Result created = ccy("/home/dev/work/doc", "new", "--detach", "--image", IMAGE, "--", "bash");
        assertEquals(0, created.exit(), created.toString());
        String name = created.out().strip();
        assertAllOk(ccy(null, "doctor"));
        // a hand edit the generator refuses: no Image= any more
        box.sh("sed -i '/^Image=/d' ~/.config/containers/systemd/" + name + ".container && systemctl --user daemon-reload").ok();
        Sandbox.Result r = ccy(null, "doctor");
        assertEquals(2, r.exit(), r.toString());
        assertTrue(line(r, "sessions").startsWith("[FAIL] sessions: units that do not load: " + name), r.toString());
        ccy(null, "rm", name).ok();
    }
}
