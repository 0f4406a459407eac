package dev.ccy.session.worktree;

import dev.ccy.AtomicFiles;
import dev.ccy.CcyException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * ccy's record of a worktree it made with {@code ccy new --worktree}: which repository, branch and
 * base, and once its session exists, that session. It is written before git makes the worktree
 * and completed after the session's unit is in place, so a kill in between leaves a record that
 * {@code ccy prune} finds (a worktree made for a session that never was), never an unmentioned
 * worktree. It lives in ccy's data directory, out of every container's reach (unlike the state
 * directory, which the agent can write): rm and diff trust what it says.
 *
 * @param path the linked worktree's directory
 * @param repo the worktree ccy was run in, where git is asked to prune a vanished worktree
 * @param branch the branch ccy made, e.g. {@code ccy/fix}
 * @param base the revision it started from as the user named it ({@code main}), the far side of {@code ccy diff}
 * @param baseCommit the commit that was then, should {@code base} stop naming one
 * @param session the session made in it; "" while ccy new is under way
 * @param owner while pending, the ccy new making it ({@code pid@start-millis}), so prune leaves it alone while that runs
 */
public record MadeWorktree(Path path, Path repo, String branch, String base, String baseCommit, String session, String owner) {

    private static final int MAX_BYTES = 16 * 1024;

    /** The record's file for a worktree path: one per path, named by a hash of it. */
    static Path fileFor(Path dir, Path worktree) {
        try {
            byte[] h = java.security.MessageDigest.getInstance("SHA-256").digest(worktree.toString().getBytes(StandardCharsets.UTF_8));
            return dir.resolve(java.util.HexFormat.of().formatHex(h, 0, 12) + ".worktree");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public MadeWorktree withSession(String name) {
        return new MadeWorktree(path, repo, branch, base, baseCommit, name, "");
    }

    /** This process, as {@link #owner} names it. */
    public static String self() {
        ProcessHandle me = ProcessHandle.current();
        return me.pid() + "@" + me.info().startInstant().map(java.time.Instant::toEpochMilli).orElse(0L);
    }

    /** Whether the ccy new that wrote this pending record still runs (the same pid, started at the same time). */
    public boolean ownerAlive() {
        int at = owner.indexOf('@');
        if (!pending() || at <= 0) {
            return false;
        }
        try {
            long pid = Long.parseLong(owner.substring(0, at));
            long start = Long.parseLong(owner.substring(at + 1));
            return ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                    .map(p -> p.info().startInstant().map(java.time.Instant::toEpochMilli).orElse(0L) == start).orElse(false);
        } catch (NumberFormatException e) {
            return false;
        }
    }

    public boolean pending() {
        return session.isEmpty();
    }

    /** The revision {@code ccy diff} and {@code ccy status} compare against: the base while it names a commit. */
    public String baseRev(Git git) {
        return git.commit(repo, base) != null ? base : baseCommit;
    }

    String text() {
        return "path=" + path + "\nrepo=" + repo + "\nbranch=" + branch + "\nbase=" + base + "\nbase_commit=" + baseCommit
                + "\nsession=" + session + "\nowner=" + owner + "\n";
    }

    static MadeWorktree parse(String text) {
        Map<String, String> kv = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                kv.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        for (String k : List.of("path", "repo", "branch", "base", "base_commit")) {
            if (kv.getOrDefault(k, "").isEmpty()) {
                throw new CcyException("no " + k);
            }
        }
        return new MadeWorktree(Path.of(kv.get("path")), Path.of(kv.get("repo")), kv.get("branch"), kv.get("base"),
                kv.get("base_commit"), kv.getOrDefault("session", ""), kv.getOrDefault("owner", ""));
    }

    /** Writes (or rewrites) the record, whole or not at all. */
    public void save(Path dir) {
        dev.ccy.TestPause.at("worktree.record");
        AtomicFiles.writeIfChanged(fileFor(dir, path), text(), "rw-------");
    }

    public void forget(Path dir) {
        try {
            Files.deleteIfExists(fileFor(dir, path));
        } catch (IOException e) {
            throw new CcyException("cannot remove " + fileFor(dir, path) + ": " + AtomicFiles.oneLine(e));
        }
    }

    /** The record of the worktree at {@code worktree}, if ccy made it. */
    public static Optional<MadeWorktree> of(Path dir, String worktree) {
        if (worktree == null || worktree.isEmpty()) {
            return Optional.empty();
        }
        Path f = fileFor(dir, Path.of(worktree));
        return read(f).filter(m -> m.path().toString().equals(worktree));
    }

    /** Every record, for prune. */
    public static List<MadeWorktree> all(Path dir) {
        List<MadeWorktree> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        try (Stream<Path> files = Files.list(dir)) {
            files.filter(f -> f.getFileName().toString().endsWith(".worktree")).sorted()
                    .forEach(f -> read(f).ifPresent(out::add));
        } catch (IOException e) {
            throw new CcyException("cannot list " + dir + ": " + AtomicFiles.oneLine(e));
        }
        return out;
    }

    private static Optional<MadeWorktree> read(Path f) {
        try {
            if (!Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS) || Files.size(f) > MAX_BYTES) {
                return Optional.empty();
            }
            return Optional.of(parse(Files.readString(f, StandardCharsets.UTF_8)));
        } catch (IOException | RuntimeException e) {
            return Optional.empty(); // not one ccy wrote whole
        }
    }
}
