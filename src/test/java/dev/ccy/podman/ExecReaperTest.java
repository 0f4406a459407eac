package dev.ccy.podman;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ExecReaperTest {
    static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void matchesWholeEntriesOnly() {
        byte[] env = b("PATH=/bin\0CCY_EXEC=ab12\0HOME=/h\0");
        assertTrue(ExecReaper.contains(env, b("CCY_EXEC=ab12\0")));
        assertTrue(ExecReaper.contains(b("CCY_EXEC=ab12\0"), b("CCY_EXEC=ab12\0")));
        assertFalse(ExecReaper.contains(env, b("CCY_EXEC=ab1\0")), "a prefix of the value");
        assertFalse(ExecReaper.contains(b("XCCY_EXEC=ab12\0"), b("CCY_EXEC=ab12\0")), "inside another entry");
    }

    /** A process marked in its environment is hung up on; one without the mark is left alone. */
    @Test
    void endsTheMarkedProcessesOfThisUser() throws Exception {
        ProcessBuilder marked = new ProcessBuilder("sleep", "60");
        marked.environment().put("CCY_EXEC", "test-" + ProcessHandle.current().pid());
        Process p = marked.start();
        Process other = new ProcessBuilder("sleep", "60").start();
        try {
            // start() may return before the child has exec'd sleep with its environment (Java spawns
            // through jspawnhelper): the reaper looks for a process that is already there
            byte[] mark = b("CCY_EXEC=test-" + ProcessHandle.current().pid() + "\0");
            java.nio.file.Path environ = java.nio.file.Path.of("/proc", String.valueOf(p.pid()), "environ");
            for (int i = 0; i < 200 && !ExecReaper.contains(java.nio.file.Files.readAllBytes(environ), mark); i++) {
                Thread.sleep(25);
            }
            ExecReaper.end("CCY_EXEC=test-" + ProcessHandle.current().pid());
            assertTrue(p.waitFor(10, TimeUnit.SECONDS), "the marked process ended");
            assertFalse(other.waitFor(500, TimeUnit.MILLISECONDS), "the other one runs on");
        } finally {
            p.destroyForcibly();
            other.destroyForcibly();
        }
    }
}
