package dev.ccy.session;

import dev.ccy.CcyException;
import dev.ccy.TestPause;
import dev.ccy.session.store.Session;
import dev.ccy.session.store.StoreLock;
import dev.ccy.session.store.Worktree;
import dev.ccy.session.worktree.Git;
import dev.ccy.session.worktree.MadeWorktree;
import dev.ccy.session.worktree.Plan;
import dev.ccy.settings.Overrides;
import dev.ccy.settings.Settings;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code ccy new --worktree NAME [--base REF]}: a linked worktree on a new branch, made by git,
 * then a session in it; or, if anything fails, neither. ccy's record of the worktree is written
 * before git makes it and completed once the session exists (see {@link MadeWorktree}).
 */
final class WorktreeMaker {
    private final SessionContext ctx;
    private final SessionSpecs specs;
    private final SessionCreator creator;
    private final Git git;

    WorktreeMaker(SessionContext ctx, SessionSpecs specs, SessionCreator creator, Git git) {
        this.ctx = ctx;
        this.specs = specs;
        this.creator = creator;
        this.git = git;
    }

    Session create(SessionRequest request, String name, String baseGiven) {
        Path cwd = request.cwd().toAbsolutePath();
        Path top = git.top(cwd);
        if (top == null) {
            throw CcyException.usage("ccy new --worktree makes a git worktree: " + cwd + " is not in a git repository");
        }
        Settings settings = specs.settings(Worktree.of(cwd), cwd, Overrides.NONE, request.flags());
        List<Path> all = git.worktrees(top);
        Plan plan = real(Plan.of(all.isEmpty() ? top : all.get(0), name, settings.worktreeDir(), settings.branchPrefix(),
                ctx.paths.home()));
        if (!git.validBranch(top, plan.branch())) {
            throw CcyException.usage("'" + plan.branch() + "' is not a branch name git takes (see worktree.branch_prefix)");
        }
        String current = git.currentBranch(top);
        String base = baseGiven == null ? current : baseGiven;
        if (base.isEmpty()) {
            throw CcyException.usage("HEAD is detached in " + top + ": give the base of the new branch with --base REF");
        }
        String baseCommit = git.commit(top, base);
        if (baseCommit == null) {
            throw CcyException.usage("--base " + dev.ccy.quadlet.UnitValues.printable(base) + " names no commit in " + top);
        }
        if (base.equals(current)) {
            List<String> changes = git.changes(top);
            if (!changes.isEmpty()) {
                throw CcyException.usage(top + " has uncommitted changes the new worktree would not have (" + listed(changes)
                        + "): commit or stash them, or give another --base");
            }
        }
        // a branch is kept by name (diff then compares with where it is now); HEAD~2 or a tag by its commit, which cannot move
        String recorded = git.branchExists(top, base) ? base : baseCommit;
        MadeWorktree made = new MadeWorktree(plan.dir(), top, plan.branch(), recorded, baseCommit, "", MadeWorktree.self());
        try (StoreLock lock = ctx.store.lock()) {
            // under the lock: two ccy new --worktree of one name cannot both pass these and then collide
            if (MadeWorktree.of(records(), plan.dir().toString()).filter(m -> m.pending() && !m.ownerAlive()).isPresent()) {
                throw CcyException.usage("a ccy new --worktree " + name + " was interrupted: ccy prune removes what it left");
            }
            if (git.branchExists(top, plan.branch())) {
                throw CcyException.usage("the branch " + plan.branch() + " exists: choose another name (or delete it:"
                        + " git branch -D " + plan.branch() + ")");
            }
            if (Files.exists(plan.dir(), LinkOption.NOFOLLOW_LINKS)) {
                throw CcyException.usage(plan.dir() + " exists: choose another name");
            }
            made.save(records());
            dev.ccy.Proc.Result r = git.run(top, "worktree", "add", "--quiet", "-b", plan.branch(), "--", plan.dir().toString(),
                    baseCommit);
            if (!r.ok()) {
                made.forget(records());
                throw new CcyException("git worktree add " + plan.dir() + " failed: " + r.err().strip().replace('\n', '|'));
            }
        }
        TestPause.at("worktree.added");
        Session session;
        try {
            session = creator.create(request.in(plan.dir()));
        } catch (RuntimeException e) {
            throw new CcyException(e.getMessage() + "; " + undo(made), e instanceof CcyException c ? c.exit() : dev.ccy.Exit.FAILED);
        }
        made.withSession(session.name().name()).save(records());
        return session;
    }

    /** The worktree and branch made for a session that did not come to be, removed; says so. */
    private String undo(MadeWorktree made) {
        try (StoreLock lock = ctx.store.lock()) {
            String removed = new MadeWorktrees(ctx, git).discard(made);
            return removed;
        } catch (RuntimeException e) {
            return "the worktree " + made.path() + " could not be removed (" + e.getMessage() + "): ccy prune removes it";
        }
    }

    /** The plan with its directory's parent resolved as the session will label it (Worktree.of takes the real path). */
    private static Plan real(Plan plan) {
        Path parent = plan.dir().getParent();
        try {
            return parent != null && Files.isDirectory(parent)
                    ? new Plan(plan.name(), parent.toRealPath().resolve(plan.dir().getFileName()), plan.branch()) : plan;
        } catch (java.io.IOException e) {
            return plan;
        }
    }

    Path records() {
        return MadeWorktrees.records(ctx);
    }

    static String listed(List<String> changes) {
        String shown = String.join(", ", changes.stream().limit(8).map(String::strip).toList());
        return changes.size() + (changes.size() == 1 ? " file: " : " files: ") + shown + (changes.size() > 8 ? ", ..." : "");
    }
}
