package dev.ccy.systemd;

import dev.ccy.Proc;
import java.time.Duration;
import java.util.List;

/** The user journal of a unit, for telling why a session failed. */
public final class Journal {
    private Journal() {
    }

    /** The last lines the unit logged, or an empty string when the journal cannot be read. */
    public static String lastLines(String unit, int lines) {
        Proc.Result r = Proc.run(List.of("journalctl", "--user", "-u", unit, "-n", String.valueOf(lines),
                "--no-pager", "-o", "cat"), Duration.ofSeconds(10));
        return r.ok() ? r.out().strip() : "";
    }
}
