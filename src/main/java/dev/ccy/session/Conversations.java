package dev.ccy.session;

import dev.ccy.CcyException;
import dev.ccy.session.store.KeptConversations;
import dev.ccy.session.store.Session;
import dev.ccy.session.store.SessionName;
import dev.ccy.session.store.Worktree;
import dev.ccy.settings.Overrides;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Conversations that outlive their container: a removed or ended session's HOME is kept (unless
 * {@code rm --purge} or {@code conversations.keep = 0}) for {@code ccy new --resume} in the same
 * worktree (or, asked for, the same project: the repository all its linked worktrees share), and
 * {@code ccy prune} removes those kept longer than the setting says.
 */
final class Conversations {
    private final SessionContext ctx;
    private final KeptConversations kept;

    Conversations(SessionContext ctx) {
        this.ctx = ctx;
        this.kept = new KeptConversations(ctx.paths.conversationsDir());
    }

    /** A worktree's project: the repository its git common directory belongs to, else the worktree itself. */
    static String project(Path worktree) {
        dev.ccy.Proc.Result r = dev.ccy.session.worktree.Git.fromEnvironment()
                .run(worktree, "rev-parse", "--path-format=absolute", "--git-common-dir");
        String common = r.ok() ? r.out().strip() : "";
        if (common.isEmpty() || common.contains("\n")) {
            return worktree.toString();
        }
        Path c = Path.of(common).normalize();
        return c.getFileName() != null && c.getFileName().toString().equals(".git") && c.getParent() != null
                ? c.getParent().toString() : c.toString();
    }

    /** Labels the worktree's directory for kept HOMEs, as a session of it is made. */
    void label(Worktree worktree) {
        kept.label(worktree.path().toString(), project(worktree.path()));
    }

    private Duration keep(String worktree) {
        return ctx.settings.load(Path.of(worktree), Path.of(worktree), Overrides.NONE, Overrides.NONE).conversationsKeep();
    }

    /**
     * Keeps a removed session's HOME, if the setting keeps any and its agent ran; true if the
     * state directory may go now (kept, or nothing to keep), false if keeping failed (said why).
     */
    boolean keep(Session session) {
        if (session.state() == null) {
            return true;
        }
        try {
            if (keep(session.worktree()).isZero()) {
                return true;
            }
            if (kept.keep(session.state(), session.worktree(), project(Path.of(session.worktree())))) {
                ctx.err.println("ccy: kept the conversation of " + session.name() + " (ccy new --resume continues it)");
            }
            return true;
        } catch (CcyException e) {
            ctx.err.println("ccy: " + e.getMessage() + "; its state directory " + session.state() + " stays (ccy prune removes it)");
            return false;
        }
    }

    /** Keeps the HOME of a session made now that never came up back where the kept one it continued was (so that is not lost). */
    void keepBack(Path state, KeptConversations.Kept origin) {
        try {
            kept.keep(state, origin.worktree(), origin.project());
        } catch (CcyException e) {
            ctx.err.println("ccy: " + e.getMessage());
        }
    }

    /**
     * What {@code ccy new --resume [SESSION]} continues: the newest kept HOME of this worktree (of
     * its project with {@code wholeProject}), or of the session named. One line when there is none.
     */
    KeptConversations.Kept select(Worktree worktree, String session, boolean wholeProject) {
        String where = worktree.path().toString();
        List<String> names = new ArrayList<>();
        if (session != null && !session.isBlank()) {
            SessionName.candidates(session).forEach(n -> names.add(n.name()));
            if (names.isEmpty()) {
                throw CcyException.usage(dev.ccy.quadlet.UnitValues.printable(session) + " is not a session name (expected"
                        + " ccy-<project>-<n> or <project>-<n>)");
            }
        }
        List<KeptConversations.Kept> mine = wholeProject ? kept.ofProject(project(worktree.path())) : kept.ofWorktree(where);
        Optional<KeptConversations.Kept> pick = KeptConversations.pick(mine, names);
        if (pick.isPresent()) {
            return pick.get();
        }
        String scope = wholeProject ? "the project of " + where : where;
        throw CcyException.noSession(names.isEmpty()
                ? "no kept conversation of " + scope + " to resume (ccy rm and an ephemeral session's end keep one)"
                : "no kept conversation of " + session + " in " + scope + (mine.isEmpty() ? "" : " (kept: "
                        + String.join(", ", mine.stream().map(KeptConversations.Kept::session).distinct().limit(8).toList()) + ")"));
    }

    /** Moves the kept HOME into a new session's state directory. */
    void take(KeptConversations.Kept k, Path state) {
        kept.take(k, state);
    }

    /** ccy prune: finishes what a kill left, then removes HOMEs kept longer than their worktree's setting. */
    List<Pruner.Pruned> prune(boolean dryRun, java.util.function.Consumer<Path> remove) {
        List<Pruner.Pruned> done = new ArrayList<>();
        Instant now = Instant.now();
        for (Path leftover : dryRun ? List.<Path>of() : kept.repair()) {
            remove.accept(leftover);
        }
        for (KeptConversations.Kept k : kept.all()) {
            Duration keep;
            try {
                keep = keep(k.worktree());
            } catch (CcyException e) {
                keep = Duration.ofDays(30);
            }
            if (!KeptConversations.expired(List.of(k), keep, now).isEmpty()) {
                if (!dryRun) {
                    remove.accept(k.dir());
                }
                done.add(new Pruner.Pruned("conversation of " + k.session() + " in " + k.worktree(), k.dir(),
                        Duration.between(k.keptAt(), now), false));
            }
        }
        return done;
    }
}
