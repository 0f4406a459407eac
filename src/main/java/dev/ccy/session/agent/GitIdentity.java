package dev.ccy.session.agent;

import dev.ccy.CcyException;
import dev.ccy.Proc;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The git identity a session commits with: the host user's {@code user.name} and
 * {@code user.email} as git sees them in the worktree at {@code ccy new} (so a repository's own
 * identity wins over the global one), unless settings name one. Written into the session HOME's
 * .gitconfig with {@code git config --file} (git's own writer: quoting and escaping are git's),
 * and only where that file has none yet: what the user set inside the session stays.
 */
public record GitIdentity(String name, String email) {
    private static final Duration QUICK = Duration.ofSeconds(10);

    public GitIdentity {
        name = name == null ? "" : name.strip();
        email = email == null ? "" : email.strip();
        for (String v : List.of(name, email)) {
            if (v.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
                throw CcyException.usage("a git identity may not contain control characters");
            }
        }
    }

    public boolean isEmpty() {
        return name.isEmpty() && email.isEmpty();
    }

    /**
     * The identity git uses in dir on the host; settingName/settingEmail (null: unset) win. Empty
     * parts when git is missing or has none: the session then has none, as a fresh machine would.
     */
    public static GitIdentity of(Path dir, String settingName, String settingEmail) {
        String n = settingName != null ? settingName : hostConfig(dir, "user.name");
        String e = settingEmail != null ? settingEmail : hostConfig(dir, "user.email");
        return new GitIdentity(n, e);
    }

    static String hostConfig(Path dir, String key) {
        Proc.Result r = Proc.run(List.of("git", "-C", dir.toString(), "config", "--get", key), QUICK);
        return r.ok() ? r.out().strip() : "";
    }

    /** Writes the parts HOME/.gitconfig lacks; returns true if it wrote any. */
    public boolean seed(Path home) {
        Path file = home.resolve(".gitconfig");
        boolean wrote = false;
        for (String[] kv : List.of(new String[] {"user.name", name}, new String[] {"user.email", email})) {
            if (kv[1].isEmpty()) {
                continue;
            }
            if (Files.exists(file)) {
                Proc.Result have = Proc.run(List.of("git", "config", "--file", file.toString(), "--get", kv[0]), QUICK);
                if (have.ok() && !have.out().isBlank()) {
                    continue;
                }
            }
            Proc.Result r = Proc.run(List.of("git", "config", "--file", file.toString(), kv[0], kv[1]), QUICK);
            if (!r.ok()) {
                throw new CcyException("cannot write " + kv[0] + " into " + file + ": "
                        + (r.exit() == -1 ? "git is not installed" : r.err().strip().lines().findFirst().orElse("")));
            }
            wrote = true;
        }
        return wrote;
    }
}
