package dev.ccy.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ccy.session.doctor.Doctor;
import dev.ccy.session.doctor.Finding;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DoctorOutputTest {
    static final List<Finding> FINDINGS = List.of(
            Finding.ok("podman", "Podman 5.4.2 (podman)"),
            Finding.warn("linger", "off for dev: sessions stop at logout", "loginctl enable-linger dev").repaired("enabled linger for dev"),
            Finding.warn("drop-ins", "applies to every ccy session too: /x/container.d/a.conf", "move it"),
            Finding.fail("subuid", "no range for dev in /etc/subuid", "usermod --add-subuids 100000-165535 dev"));

    @Test
    void oneLinePerCheckWithItsFix() {
        assertEquals("""
                [OK]   podman: Podman 5.4.2 (podman)
                [OK]   linger: fixed: enabled linger for dev
                [WARN] drop-ins: applies to every ccy session too: /x/container.d/a.conf (fix: move it)
                [FAIL] subuid: no range for dev in /etc/subuid (fix: usermod --add-subuids 100000-165535 dev)
                """, DoctorCommand.text(FINDINGS));
    }

    @Test
    void exitCodeIsTheWorstLevel() {
        assertEquals(2, Doctor.exitCode(FINDINGS));
        assertEquals(1, Doctor.exitCode(FINDINGS.subList(0, 3)));
        assertEquals(0, Doctor.exitCode(FINDINGS.subList(0, 2)));
    }

    @Test
    void jsonFields() throws Exception {
        String json = DoctorCommand.json(FINDINGS);
        Map<String, Object> top = JsonFieldsTest.objects(json).get(0);
        assertEquals(List.of("status", "checks"), List.copyOf(top.keySet()));
        assertEquals("fail", top.get("status"));
        // the checks, read as an array of objects
        String checks = json.substring(json.indexOf('['), json.lastIndexOf(']') + 1);
        List<Map<String, Object>> all = JsonFieldsTest.objects(checks);
        assertEquals(4, all.size());
        assertEquals(List.of("check", "status", "message", "fix", "fixed"), List.copyOf(all.get(0).keySet()));
        assertEquals("ok", all.get(1).get("status"));
        assertEquals("enabled linger for dev", all.get(1).get("fixed"));
        assertEquals(null, all.get(1).get("fix"));
        assertEquals("warn", all.get(2).get("status"));
        assertEquals("move it", all.get(2).get("fix"));
        assertEquals("fail", all.get(3).get("status"));
    }
}
