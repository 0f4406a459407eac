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
        Proc.Result r = Proc.run(List.of("journalctl", "--user", "-u", unit, "--since", "@" + sinceEpochSeconds,
                "-n", String.valueOf(lines), "--no-pager", "-o", "cat"), Duration.ofSeconds(10));
        return r.ok() ? r.out().strip() : "";
    }
}
