package dev.ccy.session;

import dev.ccy.session.agent.Agent;
import dev.ccy.session.agent.Agents;
import dev.ccy.session.agent.HomeSeeder;
import dev.ccy.session.store.Session;
import dev.ccy.session.store.StoreLock;
import dev.ccy.session.store.Worktree;
import dev.ccy.session.unit.DropIns;
import dev.ccy.session.unit.SessionSpec;
import dev.ccy.session.unit.UnitRenderer;
import dev.ccy.CcyException;
import dev.ccy.quadlet.PodmanVersion;
import dev.ccy.settings.Key;
import dev.ccy.settings.Overrides;
import dev.ccy.settings.Settings;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * {@code ccy upgrade}: a session's unit rendered again from today's template and settings,
 * keeping who the session is and what it runs, and put back as it was if the generator rejects it.
 */
public final class SessionUpgrader {
    private final SessionContext ctx;
    private final UnitRenderer renderer;
    private final SessionSpecs specs;
    private final SessionSecrets secrets;
    private final Lifecycle lifecycle;

    SessionUpgrader(SessionContext ctx, UnitRenderer renderer, SessionSpecs specs, Lifecycle lifecycle) {
        this.ctx = ctx;
        this.renderer = renderer;
        this.specs = specs;
        this.secrets = new SessionSecrets(ctx);
        this.lifecycle = lifecycle;
    }

    /** What {@code ccy upgrade} did, or would do, to one session. */
    public record Upgrade(Session session, boolean changed, boolean restarted) {
    }

    /** True when a session's unit was made from other inputs than it would be now. */
    boolean outdated(Session session) {
        Path worktree = Path.of(session.worktree());
        return !session.stamp().inputs().equals(renderer.inputs(ctx.settings.load(worktree, worktree, kept(session), Overrides.NONE)));
    }

    /**
     * What a session keeps of how it was made: the flags its unit records; a unit of a ccy before
     * settings records none, and keeps its image (given then with --image or image=, unknowable now).
     */
    private static Overrides kept(Session session) {
        if (session.stamp().version().isEmpty() && !session.image().isEmpty()) {
            return Overrides.NONE.with(Key.IMAGE, session.image(), "the session's image (kept in the unit)");
        }
        return Overrides.parse(session.stamp().overrides(), "ccy new flag (kept in the unit)");
    }

    /**
     * Renders a session's unit again, keeping its name, alias, state directory (conversations), agent
     * and resume commands and the flags it was made with. A running session takes the new unit at
     * its next start, or now with {@code restart}.
     */
    Upgrade upgrade(Session session, boolean dryRun, boolean restart) {
        if (session.state() == null || session.command().isEmpty()) {
            throw new CcyException(session.name() + "'s unit file has no state directory or agent command ccy can read"
                    + " (edited by hand?): not upgrading it");
        }
        PodmanVersion version = ctx.podman.requireQuadlet();
        Worktree worktree = new Worktree(Path.of(session.worktree()), session.branch());
        Overrides kept = kept(session);
        Settings settings = specs.settings(worktree, worktree.path(), kept, Overrides.NONE);
        DropIns.check(ctx.store.dir(), session.name(), version).forEach(w -> ctx.err.println("ccy: warning: " + w));
        try (StoreLock lock = ctx.store.lock()) {
            String old = Files.readString(session.file(), StandardCharsets.UTF_8);
            Map<String, String> env = dryRun ? SessionSecrets.planned(session.name(), settings)
                    : secrets.create(session.name(), settings, secrets.of(session.name()));
            // a session of a project with a trusted Containerfile keeps running the project's image, rebuilt if it changed
            String image = specs.image(worktree, session.name().project(), settings, !dryRun);
            Agents.Resolved resolved = Agents.resolve(settings, ctx.paths.templateDirs());
            SessionSpec spec = specs.spec(session.name(), session.alias(), worktree, settings, image,
                    resolved, new Agent(session.command(), session.resume()), session.state(), version, env, kept);
            String text = renderer.render(spec);
            if (!dryRun) {
                reseed(session, resolved, spec);
            }
            if (text.equals(old) || dryRun) {
                return new Upgrade(session, !text.equals(old), false);
            }
            specs.installEntrypoint();
            SessionSpecs.writeGitConfig(worktree, session.state());
            ctx.installer().replace(session, old, text);
        } catch (CcyException e) {
            throw e;
        } catch (Exception e) {
            throw new CcyException("cannot upgrade " + session.name() + ": " + e.getMessage());
        }
        boolean restarted = false;
        if (restart && ctx.state(session).isActive()) {
            // one restart job, not stop then start: ccy killed in between would leave the session down
            lifecycle.startAndWait(session, true);
            restarted = true;
        }
        return new Upgrade(session, true, restarted);
    }

    /**
     * The profile's files in the session's HOME again (merged: what is there stays): a session
     * made by an older ccy gets the activity hooks, and the apiKeyHelper when its secrets now give
     * the API key that way. A HOME the agent has laid links in is left alone, with a warning.
     */
    private void reseed(Session session, Agents.Resolved resolved, SessionSpec spec) {
        Path home = session.state().resolve("home");
        if (!Files.isDirectory(home, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try {
            HomeSeeder.seed(home, resolved.profile(), session.command(), spec.options().secretVariables());
        } catch (CcyException e) {
            ctx.err.println("ccy: warning: " + session.name() + ": " + e.getMessage());
        }
    }
}
