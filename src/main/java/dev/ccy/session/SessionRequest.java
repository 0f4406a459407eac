package dev.ccy.session;

import dev.ccy.settings.Overrides;
import java.nio.file.Path;

/**
 * What the command line asks of {@code ccy new} or {@code ccy render}: where (the current
 * directory names the worktree), the settings given as flags, the alias and whether the session
 * is ephemeral. One object from the CLI into the domain.
 */
public record SessionRequest(Path cwd, Overrides flags, String alias, boolean ephemeral) {
    public SessionRequest {
        alias = alias == null ? "" : alias;
        flags = flags == null ? Overrides.NONE : flags;
    }

    /** Bare {@code ccy} in a worktree without sessions: the settings alone decide. */
    public static SessionRequest plain(Path cwd) {
        return new SessionRequest(cwd, Overrides.NONE, "", false);
    }
}
