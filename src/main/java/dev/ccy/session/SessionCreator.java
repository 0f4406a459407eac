package dev.ccy.session;

import dev.ccy.session.unit.SessionSpec;

import dev.ccy.session.agent.Agents;
import dev.ccy.session.agent.SshAgentRelay;
import dev.ccy.session.store.Alias;
import dev.ccy.session.store.Session;
import dev.ccy.session.store.SessionName;
import dev.ccy.session.store.StateDir;
import dev.ccy.session.store.StoreLock;
import dev.ccy.session.store.Worktree;
import dev.ccy.session.unit.DropIns;
import dev.ccy.session.unit.UnitRenderer;
import dev.ccy.AtomicFiles;
import dev.ccy.CcyException;
import dev.ccy.Resources;
import dev.ccy.podman.Secrets;
import dev.ccy.quadlet.PodmanVersion;
import dev.ccy.settings.Overrides;
import dev.ccy.settings.Settings;
import dev.ccy.systemd.UserRuntime;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * {@code ccy new}: a new session's unit written, loaded and started, or nothing left behind; and
 * {@code ccy render}, the unit it would write, printed only. What the unit is made from is
 * {@link SessionSpecs}'; putting it in place is {@link UnitInstaller}'s.
 */
final class SessionCreator {
    private final SessionContext ctx;
    private final Lifecycle lifecycle;
    private final UnitRenderer renderer;
    private final SessionSpecs specs;
    private final SessionSecrets secrets;
    private final Conversations conversations;

    SessionCreator(SessionContext ctx, UnitRenderer renderer, SessionSpecs specs, Lifecycle lifecycle) {
        this.ctx = ctx;
        this.lifecycle = lifecycle;
        this.renderer = renderer;
        this.specs = specs;
        this.secrets = new SessionSecrets(ctx);
        this.conversations = new Conversations(ctx);
    }

    /** The unit {@code ccy new} would write from this directory now; touches nothing. */
    String render(SessionRequest request, PodmanVersion version) {
        Worktree worktree = Worktree.of(request.cwd());
        Settings settings = specs.settings(worktree, request.cwd(), Overrides.NONE, request.flags());
        SessionName name = ctx.store.nextFree(ctx.store.projectFor(worktree));
        Path state = ctx.paths.sessionState(name, System.currentTimeMillis() / 1000);
        Agents.Resolved resolved = Agents.resolve(settings, ctx.paths.templateDirs());
        String unit = renderer.render(specs.spec(name, request.alias(), worktree, settings,
                specs.image(worktree, name.project(), settings, false), resolved, SessionSpecs.agent(resolved, request.prompt()), state,
                version, SessionSecrets.planned(name, settings), request.flags()));
        checkDropIns(name, version);
        // the drop-ins the generator will merge into it, as systemctl cat shows them
        return unit + DropIns.show(DropIns.files(ctx.store.dir(), name, version));
    }

    /** Quadlet drop-ins that apply to a session: checked like the unit; a type-wide one is worth a warning. */
    private void checkDropIns(SessionName name, PodmanVersion version) {
        DropIns.check(ctx.store.dir(), name, version).forEach(w -> ctx.err.println("ccy: warning: " + w));
    }

    /**
     * Writes the session's unit, starts it and waits until its tmux answers. An ephemeral session
     * is removed, file and state, when it is ended (exit, ccy stop).
     */
    Session create(SessionRequest request) {
        String alias = request.alias();
        if (!alias.isEmpty()) {
            Alias.check(alias);
        }
        // the podman calls below overlap with each other and with reading the settings; loading
        // FreeMarker and connecting to systemd overlap with them
        ctx.podman.early("--version");
        renderer.warm();
        ctx.connectAhead();
        UserRuntime rt = ctx.runtime.get();
        rt.requireBus();
        Worktree worktree = Worktree.of(request.cwd());
        Settings settings = specs.settings(worktree, request.cwd(), Overrides.NONE, request.flags());
        Agents.Resolved resolved = Agents.resolve(settings, ctx.paths.templateDirs());
        if (request.resumeFrom() != null && resolved.agent().resume().isEmpty()) {
            throw CcyException.usage("the agent has no resume command to continue a conversation with: set resume (--resume-cmd)");
        }
        ctx.podman.early("image", "exists", settings.image());
        if (!resolved.profile().secrets().isEmpty()) {
            new Secrets(ctx.podman).listEarly();
        }
        PodmanVersion version = ctx.podman.requireQuadlet();
        pullIfMissing(settings.image());
        String image = specs.image(worktree, ctx.store.projectFor(worktree), settings, true);
        specs.installEntrypoint();
        Session session;
        try (StoreLock lock = ctx.store.lock()) {
            if (!alias.isEmpty()) {
                ctx.store.withAlias(alias).ifPresent(other -> {
                    throw CcyException.usage("alias '" + alias + "' is taken by " + other.name() + ": choose another");
                });
            }
            SessionName name = ctx.store.nextFree(ctx.store.projectFor(worktree));
            checkDropIns(name, version);
            Path state = ctx.paths.sessionState(name, System.currentTimeMillis() / 1000);
            Map<String, String> env = secrets.create(name, settings, List.of());
            try {
                SessionSpec spec = specs.spec(name, alias, worktree, settings, image, resolved,
                        SessionSpecs.agent(resolved, request.prompt()), state, version, env, request.flags());
                String text = renderer.render(spec);
                SessionHome.createStateDir(state);
                SessionSpecs.writeGitConfig(worktree, state);
                conversations.label(worktree);
                if (request.resumeFrom() != null) {
                    // the kept HOME becomes this one, and the agent's first start here is a resume
                    conversations.take(request.resumeFrom(), state);
                    AtomicFiles.writeIfChanged(state.resolve(StateDir.STARTED), "ccy new --resume\n", "rw-------");
                }
                SessionHome.prepare(state, resolved, worktree, request.prompt(), settings.gitName(), settings.gitEmail(),
                        spec.options().secretVariables());
                if (request.ephemeral()) {
                    AtomicFiles.writeIfChanged(state.resolve(StateDir.EPHEMERAL), "ccy new --ephemeral\n", "rw-------");
                }
                session = ctx.installer().create(name, text);
            } catch (RuntimeException e) {
                // nothing of a session that was never loaded is kept: its state, its secrets; but
                // a conversation it was to continue goes back to where it was kept
                if (request.resumeFrom() != null) {
                    conversations.keepBack(state, request.resumeFrom());
                }
                Resources.deleteTree(state);
                secrets.remove(List.copyOf(env.values()));
                throw e;
            }
        }
        lifecycle.ensureLinger(rt);
        try {
            sshAgent(settings.sshAgent(), rt);
            lifecycle.startAndWait(session);
        } catch (CcyException e) {
            // a session that never came up is not worth keeping; its log stays in the journal
            throw new CcyException(e.getMessage() + "; " + removeUnstarted(session, request.resumeFrom()),
                    e.exit());
        }
        lifecycle.used(session);
        return session;
    }

    /**
     * For a session that opts in (ssh_agent is not "off"): the relay's units installed and its
     * socket listening before the session starts (the session mounts the socket's directory),
     * pointed at the agent the setting names.
     */
    private void sshAgent(String setting, UserRuntime rt) {
        if (setting.equals("off")) {
            return;
        }
        SshAgentRelay relay = new SshAgentRelay(rt.runtimeDir());
        if (relay.install(ctx.paths.configHome().resolve("systemd/user"))) {
            ctx.systemd().reload();
        }
        String result = ctx.systemd().start(SshAgentRelay.SOCKET_UNIT, Lifecycle.STOP_TIMEOUT, d -> { });
        if (!result.equals("done")) {
            throw new CcyException("the SSH agent relay " + SshAgentRelay.SOCKET_UNIT + " did not start (job " + result
                    + "): see journalctl --user -u " + SshAgentRelay.SOCKET_UNIT);
        }
        String warning = relay.configure(setting, ctx.env.get("SSH_AUTH_SOCK"));
        if (!warning.isEmpty()) {
            ctx.err.println("ccy: warning: " + warning);
        }
    }

    /**
     * Pulls a missing image in the foreground, with podman's progress, before anything is written:
     * Ctrl-C leaves nothing, and the start job does not spend minutes pulling behind a timer.
     */
    private void pullIfMissing(String image) {
        if (ctx.podman.imageExists(image)) {
            return;
        }
        if (!image.startsWith("localhost/")) { // that one cannot be pulled: pull says so in one line
            ctx.err.println("ccy: pulling " + image);
            ctx.err.flush();
        }
        ctx.podman.pull(image);
    }

    /** Stops and removes a session that failed to come up (its HOME kept back when it continued one); says what became of it. */
    private String removeUnstarted(Session session, dev.ccy.session.store.KeptConversations.Kept keepBack) {
        try (StoreLock lock = ctx.store.lock()) {
            String result = ctx.systemd().stop(session.name().unit(), Lifecycle.STOP_TIMEOUT, d -> { });
            if (!result.equals("done")) {
                return "it did not stop either (job " + result + "): remove it with ccy rm " + session.name();
            }
            ctx.store.delete(session);
            if (session.state() != null) {
                if (keepBack != null) {
                    conversations.keepBack(session.state(), keepBack);
                }
                Resources.deleteTree(session.state());
            }
            ctx.installer().reloadQuietly();
            secrets.remove(secrets.of(session.name()));
            return "the session was removed";
        } catch (Exception e) {
            return "it could not be removed (" + e.getMessage() + "): remove it with ccy rm " + session.name();
        }
    }
}
