package dev.ccy.systemd;

import dev.ccy.Proc;
import java.time.Duration;
import java.util.List;

/** The user journal of a unit, for telling why a session failed. */
public final class Journal {
    private Journal() {
    }

    /**
     * The last lines the unit logged since a time (epoch seconds), so that an earlier session of the
     * same name does not speak; an empty string when the journal cannot be read.
     */
    public static String lastLines(String unit, int lines, long sinceEpochSeconds) {
        // podman's own event lines ("container init|start|died|remove <id> (labels...)") and bare ids
        // say nothing about why a session failed and bury the line that does ("tmux: not found"):
        // read more, keep the rest
        Proc.Result r = Proc.run(List.of("journalctl", "--user", "-u", unit, "--since", "@" + sinceEpochSeconds,
                "-n", String.valueOf(lines * 4), "--no-pager", "-o", "cat"), Duration.ofSeconds(10));
        if (!r.ok()) {
            return "";
        }
        List<String> kept = r.out().lines().filter(l -> !l.isBlank() && !NOISE.matcher(l).find()).toList();
        return String.join("\n", kept.subList(Math.max(0, kept.size() - lines), kept.size()));
    }

    /** Lines of a session's journal that never carry a cause. */
    static final java.util.regex.Pattern NOISE = java.util.regex.Pattern.compile(
            "^[0-9a-f]{64}$|\\bcontainer (create|init|start|attach|died|cleanup|remove|stop|kill) [0-9a-f]{64}\\b"
                    + "|^conmon [0-9a-f]+ <nwarn>: Failed to open cgroups file"
                    + "|^[^ ]+\\.service: Killing process [0-9]+ \\(.*\\) with signal SIGKILL\\.$");
}
