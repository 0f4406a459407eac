package dev.ccy.podman;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Ends the processes of a {@code podman exec} whose client is gone. Rootless containers' processes
 * are the user's own processes on the host, so /proc shows them (with their environment) and they
 * can be signalled directly: no podman call, which matters in a shutdown hook.
 */
final class ExecReaper {
    private ExecReaper() {
    }

    /**
     * SIGHUP, what a closed terminal sends, to every process of this user whose environment holds
     * {@code entry} (NAME=value): a tmux client detaches on it, and an interactive shell (which
     * ignores SIGTERM) exits.
     */
    static void end(String entry) {
        java.util.List<String> pids = new java.util.ArrayList<>();
        byte[] needle = (entry + "\0").getBytes(StandardCharsets.UTF_8);
        long self = ProcessHandle.current().pid();
        try (DirectoryStream<Path> procs = Files.newDirectoryStream(Path.of("/proc"), p -> p.getFileName().toString().matches("[0-9]+"))) {
            for (Path p : procs) {
                long pid = Long.parseLong(p.getFileName().toString());
                if (pid == self) {
                    continue;
                }
                byte[] environ;
                try {
                    environ = Files.readAllBytes(p.resolve("environ"));
                } catch (IOException | SecurityException e) {
                    continue; // another user's, or gone
                }
                if (contains(environ, needle)) {
                    pids.add(String.valueOf(pid));
                }
            }
        } catch (IOException e) {
            return; // no /proc: nothing to end
        }
        if (!pids.isEmpty()) {
            java.util.List<String> cmd = new java.util.ArrayList<>(java.util.List.of("kill", "-s", "HUP", "--"));
            cmd.addAll(pids);
            dev.ccy.Proc.run(cmd, java.time.Duration.ofSeconds(5));
        }
    }

    /** True if env (NUL-separated entries) has needle (an entry with its NUL) as a whole entry. */
    static boolean contains(byte[] env, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= env.length; i++) {
            if (i > 0 && env[i - 1] != 0) {
                continue;
            }
            for (int j = 0; j < needle.length; j++) {
                if (env[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
