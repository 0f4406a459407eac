package dev.ccy.session;

import dev.ccy.settings.Overrides;
import java.nio.file.Path;

/**
 * What the command line asks of {@code ccy new} or {@code ccy render}: where (the current
 * directory names the worktree), the settings given as flags, the alias and whether the session
 * is ephemeral, and the task it starts on (--prompt; empty: none). One object from the CLI into
 * the domain.
 */
public record SessionRequest(Path cwd, Overrides flags, String alias, boolean ephemeral, String prompt) {
    public SessionRequest {
        alias = alias == null ? "" : alias;
        flags = flags == null ? Overrides.NONE : flags;
        prompt = prompt == null ? "" : prompt;
    }

    public SessionRequest(Path cwd, Overrides flags, String alias, boolean ephemeral) {
        this(cwd, flags, alias, ephemeral, "");
    }

    /** Bare {@code ccy} in a worktree without sessions: the settings alone decide. */
    public static SessionRequest plain(Path cwd) {
        return new SessionRequest(cwd, Overrides.NONE, "", false);
    }
}
