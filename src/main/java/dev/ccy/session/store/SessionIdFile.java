package dev.ccy.session.store;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * {@code <worktree>/.claude/ccy/.session-id}: the name of the worktree's most recently used session,
 * the fast path of a bare {@code ccy}. It is a hint, never trusted: a copied worktree or a removed
 * session makes it stale, and the caller checks the named session's {@code ccy.worktree} label.
 * A {@code .gitignore} beside it keeps it out of commits.
 */
public final class SessionIdFile {
    static final String DIR = ".claude/ccy";
    static final String FILE = ".session-id";

    private static final long MAX_BYTES = 4096;

    private SessionIdFile() {
    }

    /** .claude and .claude/ccy are real directories (or absent), not links that lead out of the worktree. */
    private static boolean insideWorktree(Path worktree) {
        for (Path p : List.of(worktree.resolve(".claude"), worktree.resolve(DIR))) {
            if (Files.isSymbolicLink(p) || (Files.exists(p, LinkOption.NOFOLLOW_LINKS) && !Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS))) {
                return false;
            }
        }
        return true;
    }

    public static Path of(Path worktree) {
        return worktree.resolve(DIR).resolve(FILE);
    }

    /** The session name the file holds, if it exists and holds one. */
    public static Optional<String> read(Path worktree) {
        try {
            Path f = of(worktree);
            // the agent can replace it: never read through a link out of the worktree, a fifo or at length
            if (!insideWorktree(worktree) || !Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS) || Files.size(f) > MAX_BYTES) {
                return Optional.empty();
            }
            String name = Files.readString(f, StandardCharsets.UTF_8).strip();
            return SessionName.candidates(name).isEmpty() ? Optional.empty() : Optional.of(name);
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /**
     * Points the file at a session; best effort, since the lookup by label works without it (a
     * read-only or vanished worktree is no reason to fail an attach).
     */
    public static void write(Path worktree, SessionName name) {
        if (!Files.isDirectory(worktree) || !insideWorktree(worktree)) {
            return;
        }
        try {
            Path dir = worktree.resolve(DIR);
            Files.createDirectories(dir);
            Path ignore = dir.resolve(".gitignore");
            if (!Files.exists(ignore)) {
                dev.ccy.AtomicFiles.writeIfChanged(ignore, "# written by ccy: nothing here belongs in git\n*\n", "rw-r--r--");
            }
            dev.ccy.AtomicFiles.writeIfChanged(of(worktree), name.name() + "\n", "rw-r--r--");
        } catch (IOException | RuntimeException e) {
            // best effort, see above
        }
    }

    /** Removes the file if it names this session (the session is gone). */
    public static void forget(Path worktree, SessionName name) {
        if (read(worktree).filter(n -> n.equals(name.name())).isPresent()) {
            try {
                Files.deleteIfExists(of(worktree));
            } catch (IOException ignored) {
                // a stale file is repaired on the next lookup anyway
            }
        }
    }
}
