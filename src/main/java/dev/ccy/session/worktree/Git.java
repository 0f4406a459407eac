package dev.ccy.session.worktree;

import dev.ccy.CcyException;
import dev.ccy.Proc;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The git commands ccy runs for the worktrees it makes, through {@link Proc}: git itself decides
 * what a worktree, a branch and a clean tree are, so {@code git worktree list} and ccy agree.
 * Every call names its directory with {@code -C}, and no hook or fsmonitor runs: the repository's
 * hooks and config are in reach of the agents of its sessions (until issue 19 protects them), and
 * ccy runs git on the host where the user did not type it.
 */
public final class Git {
    static final Duration TIMEOUT = Duration.ofSeconds(120);
    /** Git is asked, not the user: no prompts, no pager, no locale-dependent messages. */
    private static final Map<String, String> ENV = Map.of("GIT_TERMINAL_PROMPT", "0", "GIT_PAGER", "cat", "LC_ALL", "C");

    private final String git;

    public Git(String git) {
        this.git = git;
    }

    public static Git fromEnvironment() {
        return new Git(System.getenv().getOrDefault("CCY_GIT", "git"));
    }

    /** git in {@code dir} with these arguments, hooks and fsmonitor off. */
    public List<String> command(Path dir, List<String> args) {
        List<String> cmd = new ArrayList<>(List.of(git, "-C", dir.toString(), "-c", "core.hooksPath=/dev/null",
                "-c", "core.fsmonitor=false"));
        cmd.addAll(args);
        return cmd;
    }

    /** Runs git in {@code dir}; the result as it ended. */
    public Proc.Result run(Path dir, String... args) {
        Proc.Result r = Proc.run(command(dir, List.of(args)), TIMEOUT, ENV);
        if (r.exit() == -1) {
            throw new CcyException("cannot run " + git + " (" + r.err().strip() + "): ccy new --worktree needs git");
        }
        return r;
    }

    /** Runs git in {@code dir} and returns its output, stripped; a failure is one line with git's own reason. */
    public String ok(Path dir, String what, String... args) {
        Proc.Result r = run(dir, args);
        if (!r.ok()) {
            throw new CcyException(what + ": " + firstLine(r.err()));
        }
        return r.out().strip();
    }

    static String firstLine(String text) {
        String t = text.strip();
        int nl = t.indexOf('\n');
        return (nl < 0 ? t : t.substring(0, nl)).replace("fatal: ", "");
    }

    /** The top of the working tree that holds {@code dir}, or null outside git. */
    public Path top(Path dir) {
        Proc.Result r = run(dir, "rev-parse", "--show-toplevel");
        return r.ok() ? Path.of(r.out().strip()) : null;
    }

    /** The branch checked out in {@code dir}, or "" for a detached HEAD. */
    public String currentBranch(Path dir) {
        Proc.Result r = run(dir, "symbolic-ref", "--quiet", "--short", "HEAD");
        return r.ok() ? r.out().strip() : "";
    }

    /** The commit a revision names, or null if it names none. */
    public String commit(Path dir, String rev) {
        Proc.Result r = run(dir, "rev-parse", "--verify", "--quiet", "--end-of-options", rev + "^{commit}");
        return r.ok() ? r.out().strip() : null;
    }

    public boolean branchExists(Path dir, String branch) {
        return run(dir, "show-ref", "--verify", "--quiet", "refs/heads/" + branch).ok();
    }

    /** Whether git takes {@code branch} as a branch name. */
    public boolean validBranch(Path dir, String branch) {
        return run(dir, "check-ref-format", "--branch", branch).ok();
    }

    /** What is uncommitted in a worktree (tracked changes and untracked files), as git status --porcelain lists it. */
    public List<String> changes(Path dir) {
        return ok(dir, "cannot read the status of " + dir, "status", "--porcelain", "--untracked-files=all").lines()
                .filter(l -> !l.isBlank()).toList();
    }

    /** How many commits {@code branch} has that {@code base} has not. */
    public int ahead(Path dir, String base, String branch) {
        try {
            return Integer.parseInt(ok(dir, "cannot count the commits of " + branch, "rev-list", "--count",
                    base + ".." + branch, "--"));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** The worktrees git knows for the repository of {@code dir}. */
    public List<Path> worktrees(Path dir) {
        return ok(dir, "cannot list the worktrees of " + dir, "worktree", "list", "--porcelain").lines()
                .filter(l -> l.startsWith("worktree ")).map(l -> Path.of(l.substring("worktree ".length()))).toList();
    }
}
