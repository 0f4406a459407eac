package dev.ccy.ansible;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.ccy.settings.Layer;
import dev.ccy.settings.Mount;
import dev.ccy.settings.TomlSource;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The role's /etc/ccy/config.toml: {@code config.toml.j2} rendered by Ansible's own template module
 * from a {@code ccy__config} of every shape (scalars, lists, tables as mappings and as dotted keys,
 * a mount table, a null) and strings TOML must escape, then read by ccy's settings reader as the
 * system layer: every value arrives as written, with no warning. Needs ansible (skipped without,
 * except under CI).
 */
class ConfigTemplateIT {
    static final Path TEMPLATE = Path.of("ansible/roles/ccy/templates/config.toml.j2").toAbsolutePath();
    /** Quote, backslash, newline, tab, a control character, DEL, non-ASCII and a non-BMP character. */
    static final String HOSTILE = "a \"b\" \\ c\nd\te\u0001f\u007fg \u00fc \ud83d\ude00 ${HOME} '%s'";

    @BeforeAll
    static void tools() {
        if (!AnsibleLintIT.onPath("ansible")) {
            if (System.getenv("CI") != null) {
                fail("CI must run the Ansible checks, but ansible is not installed");
            }
            Assumptions.abort("skipped: ansible is not installed (apt-get install ansible-core)");
        }
    }

    @Test
    void anySettingArrivesAsWritten(@TempDir Path dir) throws Exception {
        String vars = "{\"ccy__config\": {"
                + "\"image\": \"localhost/claude-yolo:fedora\", \"network\": \"none\", \"git.name\": null,"
                + " \"limits\": {\"memory\": \"8g\", \"cpus\": 1.5, \"pids\": 2048},"
                + " \"security\": {\"cap_add\": [\"NET_RAW\"], \"no_new_privileges\": false}, \"security.selinux\": \"disable\","
                + " \"env\": {\"HTTP_PROXY\": \"http://proxy:3128\", \"HOSTILE\": " + json(HOSTILE) + "},"
                + " \"forward_env\": [\"TERM_PROGRAM\"], \"ports\": [\"127.0.0.1:8080:80\"],"
                + " \"mounts\": [{\"source\": \"/srv/da ta\", \"target\": \"/data\", \"readonly\": true}, \"/srv/b:/b:ro\"]}}";
        Path varsFile = dir.resolve("vars.json");
        Files.writeString(varsFile, vars, StandardCharsets.UTF_8);
        Path out = dir.resolve("config.toml");
        run(dir, "ansible", "localhost", "-i", "localhost,", "-c", "local", "-m", "ansible.builtin.template",
                "-a", "src=" + TEMPLATE + " dest=" + out, "-e", "@" + varsFile);

        List<String> warnings = new ArrayList<>();
        Layer layer = TomlSource.read(Layer.Kind.SYSTEM, out, warnings::add);
        assertEquals(List.of(), warnings);
        Map<String, Object> got = new LinkedHashMap<>();
        layer.entries().forEach(e -> got.put(e.key().toml(), e.value()));
        assertEquals("localhost/claude-yolo:fedora", got.get("image"));
        assertEquals("none", got.get("network"));
        assertTrue(!got.containsKey("git.name"), "a null writes nothing: " + got);
        assertEquals("8g", got.get("limits.memory"));
        assertEquals(2048L, got.get("limits.pids"));
        assertEquals(List.of("NET_RAW"), got.get("security.cap_add"));
        assertEquals(false, got.get("security.no_new_privileges"));
        assertEquals("disable", got.get("security.selinux"));
        assertEquals(Map.of("HTTP_PROXY", "http://proxy:3128", "HOSTILE", HOSTILE), got.get("env"));
        assertEquals(List.of("TERM_PROGRAM"), got.get("forward_env"));
        assertEquals(List.of("127.0.0.1:8080:80"), got.get("ports"));
        assertEquals(List.of(new Mount("/srv/da ta", "/data", true, "z"), Mount.parse("/srv/b:/b:ro")), got.get("mounts"));
        assertTrue(got.get("limits.cpus").toString().startsWith("1.5"), String.valueOf(got.get("limits.cpus")));
        assertTrue(Files.readString(out).startsWith("# Ansible managed"), "says who writes it");
    }

    static String json(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            b.append(c == '"' || c == '\\' ? "\\" + c : c < 0x20 || c == 0x7f ? String.format("\\u%04x", (int) c) : String.valueOf(c));
        }
        return b.append('"').toString();
    }

    static void run(Path dir, String... cmd) throws Exception {
        Path log = dir.resolve("ansible.log");
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        pb.environment().put("ANSIBLE_NOCOLOR", "1");
        Process p = pb.start();
        if (!p.waitFor(2, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            fail(String.join(" ", cmd) + " timed out:\n" + Files.readString(log));
        }
        assertEquals(0, p.exitValue(), () -> String.join(" ", cmd) + " failed:\n" + AnsibleLintIT.read(log));
    }
}
