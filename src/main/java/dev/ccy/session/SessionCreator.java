package dev.ccy.session;

import dev.ccy.CcyException;
import dev.ccy.quadlet.PodmanVersion;
import dev.ccy.settings.Overrides;
import dev.ccy.settings.Settings;
import dev.ccy.systemd.UserRuntime;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writing session units: {@code ccy new} (a new unit, started), {@code ccy render} (the same,
 * printed only) and {@code ccy upgrade} (an existing unit rendered again from today's template and
 * settings, keeping who the session is and what it runs, rolled back if the generator rejects it).
 */
public final class SessionCreator {
    /** The label of the Podman secrets that hold a session's forwarded variables: its name. */
    static final String SECRET_LABEL = "ccy.session";
    private static final Set<String> LOADED = Set.of("loaded");

    private final SessionContext ctx;
    private final Lifecycle lifecycle;
    private final UnitRenderer renderer;

    public SessionCreator(SessionContext ctx) {
        this.ctx = ctx;
        this.lifecycle = new Lifecycle(ctx);
        this.renderer = new UnitRenderer(ctx.paths.templateDirs());
    }

    /** The settings for a request's worktree; says in one line what an untrusted project file did not get. */
    public Settings settings(Worktree worktree, Path cwd, Overrides session, Overrides flags) {
        Settings s = ctx.settings.load(worktree.path(), cwd, session, flags);
        if (!s.heldBack().isEmpty()) {
            ctx.err.println("ccy: ignoring " + String.join(", ", s.heldBack()) + " from " + s.projectFile()
                    + (s.projectTrusted() ? "" : ": not trusted (or changed since); review it, then run: ccy trust"));
        }
        return s;
    }

    /** The unit {@code ccy new} would write from this directory now; touches nothing. */
    public String render(SessionRequest request, PodmanVersion version) {
        Worktree worktree = Worktree.of(request.cwd());
        Settings settings = settings(worktree, request.cwd(), Overrides.NONE, request.flags());
        SessionName name = ctx.store.nextFree(ctx.store.projectFor(worktree));
        Path state = ctx.paths.sessionState(name, System.currentTimeMillis() / 1000);
        Map<String, String> forwarded = new LinkedHashMap<>();
        settings.forwardEnv().forEach(v -> forwarded.put(v, secretName(name, v)));
        return renderer.render(spec(name, request.alias(), worktree, settings, Agents.from(settings), state, version, forwarded,
                request.flags()));
    }

    private SessionSpec spec(SessionName name, String alias, Worktree worktree, Settings settings, Agent agent, Path state,
                             PodmanVersion version, Map<String, String> forwarded, Overrides kept) {
        return new SessionSpec(name, alias, worktree, settings.image(), agent, ctx.paths.entrypoint(), state,
                ctx.store.dir().resolve(name.fileName()), version, ContainerOptions.of(settings, forwarded),
                new SessionSpec.Stamp(UnitRenderer.version(), renderer.inputs(settings), kept.persistable()));
    }

    /**
     * {@code ccy new}: writes the session's unit, starts it and waits until its tmux answers. An
     * ephemeral session is removed, file and state, when it is ended (exit, ccy stop).
     */
    public Session create(SessionRequest request) {
        String alias = request.alias();
        if (!alias.isEmpty()) {
            Alias.check(alias);
        }
        PodmanVersion version = ctx.podman.requireQuadlet();
        UserRuntime rt = ctx.runtime.get();
        rt.requireBus();
        Worktree worktree = Worktree.of(request.cwd());
        Settings settings = settings(worktree, request.cwd(), Overrides.NONE, request.flags());
        Agent agent = Agents.from(settings);
        String image = settings.image();
        if (!ctx.podman.imageExists(image)) {
            if (image.startsWith("localhost/")) {
                throw new CcyException("image " + image + " does not exist, and a localhost/ image cannot be pulled:"
                        + " build it, or choose another with --image");
            }
            ctx.err.println("ccy: image " + image + " is not here yet; the session's start will pull it");
        }
        SessionStore.writeIfChanged(ctx.paths.entrypoint(), entrypointScript(), "rwxr-xr-x");

        Session session;
        try (AutoCloseable lock = ctx.store.lock()) {
            if (!alias.isEmpty()) {
                ctx.store.withAlias(alias).ifPresent(other -> {
                    throw new CcyException("alias '" + alias + "' is taken by " + other.name() + ": choose another", 2);
                });
            }
            SessionName name = ctx.store.nextFree(ctx.store.projectFor(worktree));
            Path state = ctx.paths.sessionState(name, System.currentTimeMillis() / 1000);
            Map<String, String> forwarded = forward(name, settings.forwardEnv());
            String text;
            Path file;
            try {
                text = renderer.render(spec(name, alias, worktree, settings, agent, state, version, forwarded, request.flags()));
                createStateDir(state);
                if (request.ephemeral()) {
                    SessionStore.writeIfChanged(state.resolve(StateDir.EPHEMERAL), "ccy new --ephemeral\n", "rw-------");
                }
                file = ctx.store.create(name, text);
            } catch (CcyException e) {
                dev.ccy.Resources.deleteTree(state);
                ctx.podman.removeSecrets(List.copyOf(forwarded.values()));
                throw e;
            }
            session = SessionStore.readFile(name, file).orElseThrow(() -> new CcyException("cannot read back " + file));
            boolean loaded = false;
            try {
                ctx.systemd().reload();
                String load = ctx.systemd().loadState(name.unit());
                if (!LOADED.contains(load)) {
                    String why = ctx.podman.quadletComplaint(session.file());
                    throw new CcyException("the Quadlet generator rejected " + name.fileName() + " (unit " + load + ")"
                            + (why.isEmpty() ? "; see '/usr/libexec/podman/quadlet -dryrun -user'" : ": " + why));
                }
                loaded = true;
            } finally {
                if (!loaded) {
                    discard(session, forwarded);
                }
            }
        } catch (CcyException e) {
            throw e;
        } catch (Exception e) {
            throw new CcyException("cannot create the session: " + e.getMessage());
        }
        lifecycle.ensureLinger(rt);
        try {
            lifecycle.startAndWait(session);
        } catch (CcyException e) {
            // a session that never came up is not worth keeping; its log stays in the journal
            throw new CcyException(e.getMessage() + "; " + removeUnstarted(session), e.exitCode());
        }
        lifecycle.used(session);
        return session;
    }

    /**
     * Stores each forwarded variable's value, as the caller has it now, in a Podman secret of this
     * session: it must survive reboots (the unit starts without the user's shell), yet its value
     * must stay out of the unit file, podman inspect, systemctl show and the journal.
     */
    private Map<String, String> forward(SessionName name, List<String> vars) {
        Map<String, String> forwarded = new LinkedHashMap<>();
        for (String var : vars) {
            String value = ctx.env.get(var);
            if (value == null) {
                ctx.err.println("ccy: warning: forward_env names " + var + ", which is not set here; the session gets no " + var);
                continue;
            }
            String secret = secretName(name, var);
            ctx.podman.createSecret(secret, value.getBytes(StandardCharsets.UTF_8), Map.of(SECRET_LABEL, name.name()));
            forwarded.put(var, secret);
        }
        return forwarded;
    }

    static String secretName(SessionName name, String var) {
        return "ccy-env-" + name.name() + "-" + var;
    }

    /** Stops and removes a session that failed to come up; says what became of it. */
    private String removeUnstarted(Session session) {
        try (AutoCloseable lock = ctx.store.lock()) {
            String result = ctx.systemd().stop(session.name().unit(), Lifecycle.STOP_TIMEOUT, d -> { });
            if (!result.equals("done")) {
                return "it did not stop either (job " + result + "): remove it with ccy rm " + session.name();
            }
            discard(session, Map.of());
            ctx.podman.removeSecrets(lifecycle.forwardedSecrets(session));
            return "the session was removed";
        } catch (Exception e) {
            return "it could not be removed (" + e.getMessage() + "): remove it with ccy rm " + session.name();
        }
    }

    /**
     * Deletes a session that never ran (its file, its fresh state directory, its secrets) and
     * reloads, best effort: used while reporting another error.
     */
    private void discard(Session session, Map<String, String> forwarded) {
        ctx.store.delete(session);
        if (session.state() != null) {
            dev.ccy.Resources.deleteTree(session.state());
        }
        ctx.podman.removeSecrets(List.copyOf(forwarded.values()));
        try {
            ctx.systemd().reload();
        } catch (CcyException ignored) {
            // the file is gone; the next reload forgets the unit
        }
    }

    /** Creates a session's state directory, private to the user: it will hold the agent's credentials. */
    private static void createStateDir(Path state) {
        try {
            Files.createDirectories(state.getParent());
            Files.createDirectory(state, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                    java.nio.file.attribute.PosixFilePermissions.fromString("rwx------")));
        } catch (IOException e) {
            throw new CcyException("cannot create the session's state directory " + state + ": " + e.getMessage());
        }
    }

    /** What {@code ccy upgrade} did, or would do, to one session. */
    public record Upgrade(Session session, boolean changed, boolean restarted) {
    }

    /** True when a session's unit was made from other inputs than it would be now. */
    public boolean outdated(Session session) {
        return !session.stamp().inputs().equals(renderer.inputs(keptSettings(session)));
    }

    private Settings keptSettings(Session session) {
        Path worktree = Path.of(session.worktree());
        return ctx.settings.load(worktree, worktree, Overrides.parse(session.stamp().overrides(), "ccy new flag (kept in the unit)"),
                Overrides.NONE);
    }

    /**
     * Renders a session's unit again from today's template and settings, keeping its name, alias,
     * state directory (conversations), agent and resume commands and the flags it was made with;
     * writes it atomically, reloads, and puts the old file back if the generator rejects the new
     * one. A running session takes the new unit at its next start, or now with {@code restart}.
     */
    public Upgrade upgrade(Session session, boolean dryRun, boolean restart) {
        if (session.state() == null || session.command().isEmpty()) {
            throw new CcyException(session.name() + "'s unit file has no state directory or agent command ccy can read"
                    + " (edited by hand?): not upgrading it");
        }
        PodmanVersion version = ctx.podman.requireQuadlet();
        Worktree worktree = new Worktree(Path.of(session.worktree()), session.branch());
        Overrides kept = Overrides.parse(session.stamp().overrides(), "ccy new flag (kept in the unit)");
        Settings settings = settings(worktree, worktree.path(), kept, Overrides.NONE);
        Agent agent = new Agent(session.command(), session.resume());
        Map<String, String> forwarded = new LinkedHashMap<>();
        boolean changed;
        try (AutoCloseable lock = ctx.store.lock()) {
            String old = Files.readString(session.file(), StandardCharsets.UTF_8);
            List<String> existing = lifecycle.forwardedSecrets(session);
            for (String var : settings.forwardEnv()) {
                String secret = secretName(session.name(), var);
                if (existing.contains(secret)) {
                    forwarded.put(var, secret);
                } else if (!dryRun) {
                    forwarded.putAll(forward(session.name(), List.of(var)));
                }
            }
            String text = renderer.render(new SessionSpec(session.name(), session.alias(), worktree, settings.image(), agent,
                    ctx.paths.entrypoint(), session.state(), session.file(), version, ContainerOptions.of(settings, forwarded),
                    new SessionSpec.Stamp(UnitRenderer.version(), renderer.inputs(settings), kept.persistable())));
            changed = !text.equals(old);
            if (!changed || dryRun) {
                return new Upgrade(session, changed, false);
            }
            SessionStore.writeIfChanged(ctx.paths.entrypoint(), entrypointScript(), "rwxr-xr-x");
            SessionStore.writeIfChanged(session.file(), text, "rw-------");
            ctx.systemd().reload();
            String load = ctx.systemd().loadState(session.name().unit());
            if (!LOADED.contains(load)) {
                String why = ctx.podman.quadletComplaint(session.file());
                SessionStore.writeIfChanged(session.file(), old, "rw-------");
                ctx.systemd().reload();
                throw new CcyException("the Quadlet generator rejected the new unit of " + session.name() + " (" + load + ")"
                        + (why.isEmpty() ? "" : ": " + why) + "; the old unit was put back");
            }
        } catch (CcyException e) {
            throw e;
        } catch (Exception e) {
            throw new CcyException("cannot upgrade " + session.name() + ": " + e.getMessage());
        }
        boolean restarted = false;
        if (restart && ctx.state(session).isActive()) {
            long since = System.currentTimeMillis() / 1000 - 1;
            String result = ctx.systemd().stop(session.name().unit(), Lifecycle.STOP_TIMEOUT, d -> { });
            if (!result.equals("done")) {
                throw lifecycle.failed(session, since, "did not stop for its restart (job " + result + ")");
            }
            lifecycle.startAndWait(session);
            restarted = true;
        }
        return new Upgrade(session, true, restarted);
    }

    /** The session entrypoint script: the user's or admin's override, else ccy's own. */
    public String entrypointScript() {
        for (Path dir : ctx.paths.templateDirs()) {
            Path f = dir.resolve("session-entrypoint.sh");
            if (Files.isRegularFile(f)) {
                try {
                    return Files.readString(f, StandardCharsets.UTF_8);
                } catch (IOException e) {
                    throw new CcyException("cannot read " + f + ": " + e.getMessage());
                }
            }
        }
        return dev.ccy.Resources.builtIn("/templates/session-entrypoint.sh");
    }
}
