package dev.ccy.ansible;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * ansible/ passes {@code ansible-playbook --syntax-check} with its example inventory and
 * {@code ansible-lint} with its own settings (ansible/.ansible-lint: production profile, offline).
 * Both come from Debian's packages (ansible-lint pulls ansible-core). Without them the class is
 * skipped, except under CI, which must run it: there it fails.
 */
class AnsibleLintIT {
    static final Path DIR = Path.of("ansible").toAbsolutePath();

    @BeforeAll
    static void tools() {
        for (String tool : List.of("ansible-playbook", "ansible-lint")) {
            if (onPath(tool)) {
                continue;
            }
            String why = tool + " is not installed (apt-get install ansible-lint)";
            if (System.getenv("CI") != null) {
                fail("CI must run the Ansible checks, but " + why);
            }
            Assumptions.abort("skipped: " + why);
        }
    }

    @Test
    void playbookSyntax() throws Exception {
        run("ansible-playbook", "--syntax-check", "-i", "inventory/hosts.yml", "ccy.yml");
    }

    @Test
    void lint() throws Exception {
        run("ansible-lint", "--nocolor");
    }

    /** Runs a tool in ansible/ (so that its ansible.cfg and .ansible-lint apply); exit 0 or its output. */
    static void run(String... cmd) throws IOException, InterruptedException {
        Path log = Files.createTempFile("ccy-ansible-lint", ".log");
        try {
            ProcessBuilder pb = new ProcessBuilder(cmd).directory(DIR.toFile()).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            pb.environment().put("NO_COLOR", "1");
            pb.environment().put("ANSIBLE_NOCOLOR", "1");
            Process p = pb.start();
            if (!p.waitFor(5, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                fail(String.join(" ", cmd) + " timed out:\n" + read(log));
            }
            assertEquals(0, p.exitValue(), () -> String.join(" ", cmd) + " failed:\n" + read(log));
        } finally {
            Files.deleteIfExists(log);
        }
    }

    static String read(Path log) {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return e.toString();
        }
    }

    static boolean onPath(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return false;
    }
}
