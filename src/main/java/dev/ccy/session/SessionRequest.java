package dev.ccy.session;

import dev.ccy.settings.Overrides;
import java.nio.file.Path;

/**
 * What the command line asks of {@code ccy new} or {@code ccy render}: where (the current
 * directory names the worktree), the settings given as flags, the alias and whether the session
 * is ephemeral, the task it starts on (--prompt; empty: none) and the kept HOME it continues
 * (--resume; null: a fresh one). One object from the CLI into
 * the domain.
 */
public record SessionRequest(Path cwd, Overrides flags, String alias, boolean ephemeral, String prompt,
                             dev.ccy.session.store.KeptConversations.Kept resumeFrom) {
    public SessionRequest {
        alias = alias == null ? "" : alias;
        flags = flags == null ? Overrides.NONE : flags;
        prompt = prompt == null ? "" : prompt;
    }

    public SessionRequest(Path cwd, Overrides flags, String alias, boolean ephemeral, String prompt) {
        this(cwd, flags, alias, ephemeral, prompt, null);
    }

    /** The same request, continuing a kept HOME (ccy new --resume). */
    public SessionRequest resuming(dev.ccy.session.store.KeptConversations.Kept kept) {
        return new SessionRequest(cwd, flags, alias, ephemeral, prompt, kept);
    }

    /** The same request in another directory (a worktree made for it). */
    public SessionRequest in(Path dir) {
        return new SessionRequest(dir, flags, alias, ephemeral, prompt, resumeFrom);
    }

    public SessionRequest(Path cwd, Overrides flags, String alias, boolean ephemeral) {
        this(cwd, flags, alias, ephemeral, "");
    }

    /** Bare {@code ccy} in a worktree without sessions: the settings alone decide. */
    public static SessionRequest plain(Path cwd) {
        return new SessionRequest(cwd, Overrides.NONE, "", false);
    }
}
