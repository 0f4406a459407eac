package dev.ccy.session;

import dev.ccy.CcyException;
import dev.ccy.Proc;
import dev.ccy.TestPause;
import dev.ccy.session.store.Session;
import dev.ccy.session.worktree.Git;
import dev.ccy.session.worktree.MadeWorktree;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The worktrees ccy made, after {@code ccy new --worktree}: rm and prune remove one with its
 * last session, only while it has no uncommitted changes (or with --force), and never its
 * branch or a commit; a vanished directory is pruned from git as {@code git worktree prune}
 * does; diff and status compare the branch with its base.
 */
public final class MadeWorktrees {
    private final SessionContext ctx;
    private final Git git;

    MadeWorktrees(SessionContext ctx, Git git) {
        this.ctx = ctx;
        this.git = git;
    }

    static Path records(SessionContext ctx) {
        return ctx.paths.dataHome().resolve("ccy/worktrees");
    }

    /** The record of the worktree a session works in, if ccy made it. */
    public Optional<MadeWorktree> of(Session s) {
        return MadeWorktree.of(records(ctx), s.worktree());
    }

    /** The worktree rm would take with this session: ccy made it and no other session works in it. */
    Optional<MadeWorktree> goesWith(Session s) {
        return of(s).filter(m -> ctx.store.list().stream()
                .noneMatch(o -> !o.name().equals(s.name()) && o.worktree().equals(m.path().toString())));
    }

    /** Throws, listing them, if removing the session would discard uncommitted changes and {@code force} is not given. */
    void checkClean(Session s, boolean force) {
        Optional<MadeWorktree> m = goesWith(s);
        if (m.isEmpty() || force || !Files.isDirectory(m.get().path())) {
            return;
        }
        List<String> changes = git.changes(m.get().path());
        if (!changes.isEmpty()) {
            throw new CcyException(s.displayName() + ": its worktree " + m.get().path() + " has uncommitted changes ("
                    + WorktreeMaker.listed(changes) + "): commit them, or ccy rm --force " + s.name() + " discards them");
        }
    }

    /** After the session went: its worktree removed (the branch kept, and how to delete it said), or its record passed on. */
    void afterRemove(Session s, boolean force) {
        Optional<MadeWorktree> rec = of(s);
        if (rec.isEmpty()) {
            return;
        }
        MadeWorktree m = rec.get();
        Optional<Session> other = ctx.store.list().stream().filter(o -> o.worktree().equals(m.path().toString())).findFirst();
        if (other.isPresent()) {
            m.withSession(other.get().name().name()).save(records(ctx));
            return;
        }
        ctx.err.println("ccy: " + remove(m, force));
        ctx.err.flush();
    }

    /** Removes a worktree ccy made (git worktree remove, or prune when it vanished) and its record; the branch stays. */
    String remove(MadeWorktree m, boolean force) {
        TestPause.at("worktree.remove");
        if (Files.isDirectory(m.path())) {
            List<String> args = new ArrayList<>(List.of("worktree", "remove"));
            if (force) {
                args.addAll(List.of("--force", "--force")); // twice: a locked worktree too
            }
            args.add(m.path().toString());
            git.ok(m.repo(), "git worktree remove " + m.path() + " failed", args.toArray(String[]::new));
        } else {
            pruneVanished(m);
        }
        TestPause.at("worktree.removed");
        m.forget(records(ctx));
        return "removed the worktree " + m.path() + "; kept the branch " + m.branch() + " and its commits (delete it with:"
                + " git branch -D " + m.branch() + ")";
    }

    /** A worktree made for a session that never came to be: it and its branch go, unless the branch got commits. */
    String discard(MadeWorktree m) {
        if (Files.isDirectory(m.path())) {
            git.run(m.repo(), "worktree", "remove", "--force", "--force", m.path().toString());
        }
        pruneVanished(m);
        String tip = git.commit(m.repo(), "refs/heads/" + m.branch());
        boolean branchGone = tip == null || tip.equals(m.baseCommit())
                && git.run(m.repo(), "branch", "--quiet", "-D", "--", m.branch()).ok();
        m.forget(records(ctx));
        return "the worktree " + m.path() + " was removed" + (branchGone ? " and its branch " + m.branch()
                : "; its branch " + m.branch() + " has commits and was kept");
    }

    /** What git knew of a worktree whose directory is gone, dropped as git worktree prune does. */
    private void pruneVanished(MadeWorktree m) {
        if (!Files.isDirectory(m.path()) && Files.isDirectory(m.repo())) {
            git.run(m.repo(), "worktree", "prune");
        }
    }

    /** For prune: records whose session is gone, or that a killed ccy new left, repaired; what was done or would be. */
    List<Pruner.Pruned> prune(boolean dryRun) {
        List<Pruner.Pruned> done = new ArrayList<>();
        List<Session> sessions = ctx.store.list();
        for (MadeWorktree m : MadeWorktree.all(records(ctx))) {
            if (m.ownerAlive()) {
                continue; // its ccy new is still making it
            }
            Optional<Session> in = sessions.stream().filter(s -> s.worktree().equals(m.path().toString())).findFirst();
            if (in.isPresent()) {
                if (!dryRun && !m.session().equals(in.get().name().name())) {
                    m.withSession(in.get().name().name()).save(records(ctx)); // killed after its session was made
                }
                continue;
            }
            if (!Files.isDirectory(m.path())) {
                if (!dryRun) {
                    pruneVanished(m);
                    m.forget(records(ctx));
                }
                done.add(new Pruner.Pruned("record of a vanished worktree (git worktree prune)", m.path(), null, false));
                continue;
            }
            List<String> changes = git.changes(m.path());
            if (!changes.isEmpty()) {
                done.add(new Pruner.Pruned("worktree without a session, kept: uncommitted changes (" + WorktreeMaker.listed(changes)
                        + "); git worktree remove --force " + m.path() + " discards them", m.path(), null, false, true));
                continue;
            }
            String what = m.pending() ? "worktree made for a session that never started" : "worktree of a removed session";
            if (!dryRun) {
                what = m.pending() ? discard(m) : remove(m, false);
            }
            done.add(new Pruner.Pruned(what, m.path(), null, false));
        }
        return done;
    }

    /** {@code ccy diff}: git diff of what the branch changed since it left its base (git's base...branch). */
    int diff(Session s, List<String> args) {
        MadeWorktree m = of(s).orElseThrow(() -> CcyException.usage(s.displayName() + " works in " + s.worktree()
                + ", which ccy new --worktree did not make, so it has no base to compare with: use git diff there"));
        // no external diff or textconv driver and the user's pager, not the repository's: an agent can write its config
        List<String> diff = new ArrayList<>(List.of("diff", "--no-ext-diff", "--no-textconv",
                m.baseRev(git) + "..." + "refs/heads/" + m.branch()));
        diff.addAll(args);
        String pager = ctx.env.getOrDefault("GIT_PAGER", ctx.env.getOrDefault("PAGER", "less"));
        return Proc.interactive(git.command(m.repo(), diff), java.util.Map.of("GIT_PAGER", pager));
    }

    /** {@code ccy status}: the branch, commits ahead of its base, uncommitted changes; empty if ccy did not make the worktree. */
    Optional<Summary> summary(Session s) {
        return of(s).map(m -> {
            int ahead = git.ahead(m.repo(), m.baseRev(git), "refs/heads/" + m.branch());
            List<String> changes = Files.isDirectory(m.path()) ? git.changes(m.path()) : List.of();
            String base = m.base().equals(m.baseCommit()) ? m.base().substring(0, Math.min(12, m.base().length())) : m.base();
            return new Summary(m.branch(), base, ahead, changes.size(), Files.isDirectory(m.path()));
        });
    }

    /** A made worktree's state against its base. */
    public record Summary(String branch, String base, int ahead, int uncommitted, boolean present) {
        public String text() {
            return branch + ": " + ahead + (ahead == 1 ? " commit" : " commits") + " ahead of " + base + ", "
                    + (!present ? "worktree missing" : uncommitted == 0 ? "no uncommitted changes"
                    : uncommitted + (uncommitted == 1 ? " file" : " files") + " uncommitted");
        }
    }
}
