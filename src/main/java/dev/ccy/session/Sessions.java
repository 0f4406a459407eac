package dev.ccy.session;

import dev.ccy.session.store.Session;
import dev.ccy.session.store.SessionIdFile;
import dev.ccy.session.store.SessionStore;
import dev.ccy.session.store.Worktree;
import dev.ccy.session.unit.UnitRenderer;
import dev.ccy.podman.Podman;
import dev.ccy.quadlet.PodmanVersion;
import dev.ccy.settings.Overrides;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The session service the commands use: one entry point over the parts that do the work, each in
 * its own class ({@link SessionCreator} and {@link SessionUpgrader} write units, {@link Lifecycle} starts and stops them,
 * {@link Console} is the terminal side, {@link Listing} and {@link Pruner} the bookkeeping), all
 * sharing one {@link SessionContext} and so at most one systemd connection per command.
 */
public final class Sessions implements AutoCloseable {
    private final SessionContext ctx;
    private final SessionSpecs specs;
    private final SessionCreator creator;
    private final SessionUpgrader upgrader;
    private final Lifecycle lifecycle;
    private final Console console;
    private final Listing listing;
    private final MadeWorktrees worktrees;
    private final WorktreeMaker maker;

    public Sessions(SessionContext ctx) {
        this.ctx = ctx;
        this.lifecycle = new Lifecycle(ctx);
        UnitRenderer renderer = new UnitRenderer(ctx.paths.templateDirs());
        this.specs = new SessionSpecs(ctx, renderer);
        this.creator = new SessionCreator(ctx, renderer, specs, lifecycle);
        this.upgrader = new SessionUpgrader(ctx, renderer, specs, lifecycle);
        this.console = new Console(ctx);
        this.listing = new Listing(ctx);
        dev.ccy.session.worktree.Git git = dev.ccy.session.worktree.Git.fromEnvironment();
        this.worktrees = new MadeWorktrees(ctx, git);
        this.maker = new WorktreeMaker(ctx, specs, creator, git);
    }

    public SessionContext context() {
        return ctx;
    }

    public SessionStore store() {
        return ctx.store;
    }

    /** The podman ccy runs (CCY_PODMAN or podman), for the commands that talk to it directly. */
    public Podman podman() {
        return ctx.podman;
    }

    /** The image sessions of this directory get (what image build makes by default). */
    public String defaultImage() {
        Path cwd = Path.of("");
        return specs.settings(Worktree.of(cwd), cwd, Overrides.NONE, Overrides.NONE).image();
    }

    public String render(SessionRequest request, PodmanVersion version) {
        return creator.render(request, version);
    }

    public Session create(SessionRequest request) {
        return creator.create(request);
    }

    /**
     * {@code ccy new --resume [SESSION]}: the kept HOME a new session of this directory would
     * continue (the newest of its worktree, or of its project with {@code wholeProject}); exit 3 when none.
     */
    public dev.ccy.session.store.KeptConversations.Kept resumable(Path cwd, String session, boolean wholeProject) {
        return new Conversations(ctx).select(Worktree.of(cwd), session, wholeProject);
    }

    /** {@code ccy new --worktree NAME [--base REF]}: a new worktree and branch, and the session in it. */
    public Session createInWorktree(SessionRequest request, String name, String base) {
        return maker.create(request, name, base);
    }

    /** {@code ccy diff}: what the session's branch changed since its base; git's exit code. */
    public int diff(Session session, List<String> gitArgs) {
        return worktrees.diff(session, gitArgs);
    }

    /** The branch of a worktree ccy made against its base, for ccy status; empty for other sessions. */
    public Optional<MadeWorktrees.Summary> worktreeSummary(Session session) {
        return worktrees.summary(session);
    }

    public SessionUpgrader.Upgrade upgrade(Session session, boolean dryRun, boolean restart) {
        return upgrader.upgrade(session, dryRun, restart);
    }

    public boolean outdated(Session session) {
        return upgrader.outdated(session);
    }

    public void start(Session session) {
        lifecycle.start(session);
    }

    public boolean stop(Session session) {
        return lifecycle.stop(session);
    }

    public void remove(Session session, boolean keepState) {
        remove(session, keepState, false, false);
    }

    /**
     * Removes a session; a worktree ccy made for it goes too, unless another session works in it:
     * only without uncommitted changes unless {@code force} (checked before anything is stopped).
     * Its HOME is kept for ccy new --resume unless {@code purge}.
     */
    public void remove(Session session, boolean keepState, boolean force, boolean purge) {
        worktrees.checkClean(session, force);
        lifecycle.remove(session, keepState, purge);
        worktrees.afterRemove(session, force);
    }

    public boolean persist(Session session) {
        return lifecycle.persist(session);
    }

    public List<SessionStatus> list(boolean all) {
        return listing.list(all);
    }

    public List<SessionStatus> list(List<Session> sessions, boolean all) {
        return listing.list(sessions, all);
    }

    /** Connects to systemd in the background, for a command that will ask it after reading files. */
    public void connectAhead() {
        ctx.connectAhead();
    }

    public List<Session> ofWorktree(Worktree worktree) {
        return listing.ofWorktree(worktree);
    }

    public List<Pruner.Pruned> prune(Duration olderThan, boolean dryRun) {
        return new Pruner(ctx).prune(olderThan, dryRun);
    }

    public int attach(Session session, boolean readOnly, boolean exclusive) {
        return console.attach(session, readOnly, exclusive);
    }

    public int shell(Session session) {
        return console.shell(session);
    }

    public void send(Session session, List<String> keys, boolean literal) {
        console.send(session, keys, literal);
    }

    public String capture(Session session, boolean history, boolean escapes) {
        return console.capture(session, history, escapes);
    }

    public int logs(Session session, boolean follow, Integer lines) {
        return console.logs(session, follow, lines);
    }

    public String entrypointScript() {
        return specs.entrypointScript();
    }

    /** What a bare {@code ccy} found for a worktree: the session, how many it has, whether it was made now. */
    public record Resumed(Session session, int ofWorktree, boolean created) {
    }

    /** Bare {@code ccy}: the worktree's session, running (a new one if it has none). */
    public Resumed resume(Path cwd) {
        Worktree worktree = Worktree.of(cwd);
        List<Session> mine = listing.ofWorktree(worktree);
        Optional<Session> pick = Listing.choose(mine, SessionIdFile.read(worktree.path()));
        if (pick.isEmpty()) {
            return new Resumed(creator.create(SessionRequest.plain(cwd)), 1, true);
        }
        lifecycle.ensureRunning(pick.get());
        lifecycle.used(pick.get());
        return new Resumed(pick.get(), mine.size(), false);
    }

    @Override
    public void close() {
        ctx.close();
    }
}
