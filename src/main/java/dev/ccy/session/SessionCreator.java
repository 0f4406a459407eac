package dev.ccy.session;

import dev.ccy.CcyException;
import dev.ccy.podman.Podman;
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
        envNames(settings).forEach(v -> forwarded.put(v, secretName(name, v)));
        Agents.Resolved resolved = Agents.resolve(settings, ctx.paths.templateDirs());
        Agent agent = request.prompt().isEmpty() ? resolved.agent()
                : Agents.withPromptFile(resolved.agent(), resolved.profile().promptFlag(), PROMPT_IN_CONTAINER);
        Path projectFile = trustedProjectImage(worktree, false);
        String image = projectFile == null ? settings.image() : dev.ccy.podman.ProjectImage.tag(name.project());
        String unit = renderer.render(spec(name, request.alias(), worktree, settings, image, resolved, agent, state, version, forwarded,
                request.flags()));
        checkDropIns(name, version);
        // the drop-ins the generator will merge into it, as systemctl cat shows them
        return unit + DropIns.show(DropIns.files(ctx.store.dir(), name, version));
    }

    /** Quadlet drop-ins that apply to a session: checked like the unit; a type-wide one is worth a warning. */
    private void checkDropIns(SessionName name, PodmanVersion version) {
        DropIns.check(ctx.store.dir(), name, version).forEach(w -> ctx.err.println("ccy: warning: " + w));
    }

    /** Where the agent reads ccy new --prompt's text: the state directory, as the container sees it. */
    static final String PROMPT_IN_CONTAINER = "/ccy/state/prompt";

    private SessionSpec spec(SessionName name, String alias, Worktree worktree, Settings settings, String image,
                             Agents.Resolved resolved, Agent agent, Path state, PodmanVersion version, Map<String, String> forwarded,
                             Overrides kept) {
        return new SessionSpec(name, alias, worktree, image, agent, ctx.paths.entrypoint(), state,
                ctx.store.dir().resolve(name.fileName()), version, options(settings, resolved, forwarded),
                new SessionSpec.Stamp(UnitRenderer.version(), renderer.inputs(settings), kept.persistable()));
    }

    /** The settings' options with the agent profile's environment and its secrets that exist now. */
    private ContainerOptions options(Settings settings, Agents.Resolved resolved, Map<String, String> forwarded) {
        java.util.Set<String> wanted = new java.util.HashSet<>(resolved.profile().secrets().values());
        java.util.Set<String> existing = java.util.Set.of();
        if (!wanted.isEmpty()) {
            try {
                existing = new dev.ccy.podman.Secrets(ctx.podman).existing();
            } catch (CcyException e) {
                // the session still works, without the agent's credentials: say so
                ctx.err.println("ccy: warning: cannot list the Podman secrets (" + e.getMessage() + "); the session gets none of "
                        + String.join(", ", new java.util.TreeSet<>(wanted)));
            }
        }
        ContainerOptions o = ContainerOptions.of(settings, forwarded, resolved.env(settings), resolved.secrets(existing, settings));
        return settings.sshAgent().equals("off") ? o : o.withSshAgent(new SshAgentRelay(ctx.runtime.get().runtimeDir()).socketDir());
    }

    /**
     * The SSH agent relay for a session that opts in (ssh_agent): its units installed and its socket
     * listening before the session starts (the session mounts the socket's directory), pointed at
     * the agent the setting names.
     */
    private void sshAgent(Settings settings, UserRuntime rt) {
        if (settings.sshAgent().equals("off")) {
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
        String warning = relay.configure(settings.sshAgent(), ctx.env.get("SSH_AUTH_SOCK"));
        if (!warning.isEmpty()) {
            ctx.err.println("ccy: warning: " + warning);
        }
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
        // the podman calls below overlap with each other and with reading the settings; loading
        // FreeMarker and connecting to systemd overlap with them
        ctx.podman.early("--version");
        renderer.warm();
        ctx.connectAhead();
        UserRuntime rt = ctx.runtime.get();
        rt.requireBus();
        Worktree worktree = Worktree.of(request.cwd());
        Settings settings = settings(worktree, request.cwd(), Overrides.NONE, request.flags());
        Agents.Resolved resolved = Agents.resolve(settings, ctx.paths.templateDirs());
        String image = settings.image();
        ctx.podman.early("image", "exists", image);
        if (!resolved.profile().secrets().isEmpty()) {
            ctx.podman.early(Podman.SECRET_NAMES);
        }
        PodmanVersion version = ctx.podman.requireQuadlet();
        Agent agent = request.prompt().isEmpty() ? resolved.agent()
                : Agents.withPromptFile(resolved.agent(), resolved.profile().promptFlag(), PROMPT_IN_CONTAINER);
        if (!ctx.podman.imageExists(image)) {
            // in the foreground, with podman's progress, before anything is written: Ctrl-C leaves nothing,
            // and the start job does not spend minutes pulling behind a timer
            if (!image.startsWith("localhost/")) { // that one cannot be pulled: pull says so in one line
                ctx.err.println("ccy: pulling " + image);
                ctx.err.flush();
            }
            ctx.podman.pull(image);
        }
        image = projectImage(worktree, ctx.store.projectFor(worktree), image, settings.buildCaFile());
        SessionStore.writeIfChanged(ctx.paths.entrypoint(), entrypointScript(), "rwxr-xr-x");

        Session session;
        try (AutoCloseable lock = ctx.store.lock()) {
            if (!alias.isEmpty()) {
                ctx.store.withAlias(alias).ifPresent(other -> {
                    throw CcyException.usage("alias '" + alias + "' is taken by " + other.name() + ": choose another");
                });
            }
            SessionName name = ctx.store.nextFree(ctx.store.projectFor(worktree));
            checkDropIns(name, version);
            Path state = ctx.paths.sessionState(name, System.currentTimeMillis() / 1000);
            Map<String, String> forwarded = envSecrets(name, settings, List.of());
            String text;
            Path file;
            try {
                text = renderer.render(spec(name, alias, worktree, settings, image, resolved, agent, state, version, forwarded,
                        request.flags()));
                createStateDir(state);
                prepareHome(state, resolved, worktree, request.prompt(), settings.gitName(), settings.gitEmail());
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
            sshAgent(settings, rt);
            lifecycle.startAndWait(session);
        } catch (CcyException e) {
            // a session that never came up is not worth keeping; its log stays in the journal
            throw new CcyException(e.getMessage() + "; " + removeUnstarted(session), e.exit());
        }
        lifecycle.used(session);
        return session;
    }

    /** The variables a session gets from its settings' env and forward_env. */
    static List<String> envNames(Settings settings) {
        java.util.LinkedHashSet<String> names = new java.util.LinkedHashSet<>(settings.env().keySet());
        names.addAll(settings.forwardEnv());
        return List.copyOf(names);
    }

    /**
     * Stores the session's environment in Podman secrets of its own, one a variable: the static
     * values of the settings, and each forwarded variable's value as the caller has it now (kept
     * when the session already has it: it was taken at ccy new). It must survive reboots (the unit
     * starts without the user's shell), yet its value must stay out of the unit file, podman
     * inspect, systemctl show and the journal. Returns variable to secret name.
     */
    private Map<String, String> envSecrets(SessionName name, Settings settings, List<String> existing) {
        Map<String, String> secrets = new LinkedHashMap<>();
        Map<String, String> values = new LinkedHashMap<>(settings.env());
        for (String var : settings.forwardEnv()) {
            String secret = secretName(name, var);
            String value = ctx.env.get(var);
            if (existing.contains(secret)) {
                values.remove(var);
                secrets.put(var, secret);
            } else if (value == null) {
                ctx.err.println("ccy: warning: forward_env names " + var + ", which is not set here; the session gets no " + var);
                values.remove(var);
            } else {
                values.put(var, value);
            }
        }
        values.forEach((var, value) -> {
            String secret = secretName(name, var);
            ctx.podman.createSecret(secret, value.getBytes(StandardCharsets.UTF_8), Map.of(SECRET_LABEL, name.name()));
            secrets.put(var, secret);
        });
        return secrets;
    }

    /** How the names of sessions' environment secrets start. */
    static final String SECRET_PREFIX = "ccy-env-";

    static String secretName(SessionName name, String var) {
        return SECRET_PREFIX + name.name() + "-" + var;
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

    /**
     * The worktree's .claude/ccy/Containerfile (or Dockerfile) when the user trusts it as it is now,
     * else null; an untrusted one is never built, and (when {@code say}) ccy says how to trust it.
     */
    private Path trustedProjectImage(Worktree worktree, boolean say) {
        Path file = dev.ccy.podman.ProjectImage.find(worktree.path());
        if (file == null) {
            return null;
        }
        String content = read(file);
        if (ctx.settings.trust().trusts(file.toAbsolutePath().normalize(), content)) {
            return file;
        }
        if (say) {
            ctx.err.println("ccy: not building " + file + ": it is project content, not trusted (or changed since); review it,"
                    + " then run: ccy trust " + file);
        }
        return null;
    }

    /** The image a session of this worktree runs: its project image (built if needed) over base, or base. */
    private String projectImage(Worktree worktree, String project, String base, String caSetting) {
        Path file = trustedProjectImage(worktree, true);
        if (file == null) {
            return base;
        }
        return new dev.ccy.podman.ProjectImage(ctx.podman).ensure(file, read(file), base, dev.ccy.podman.ProjectImage.tag(project),
                dev.ccy.podman.ImageBuilder.caFile(caSetting), ctx.err);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException | java.io.UncheckedIOException e) {
            throw new CcyException("cannot read " + file + ": " + e.getMessage());
        }
    }

    /**
     * The session's HOME before the agent first runs: the profile's first-run settings (no
     * onboarding or trust dialog), the git identity of the host user in this worktree, the context
     * text; and the --prompt text, which the agent command reads at its first start.
     */
    private void prepareHome(Path state, Agents.Resolved resolved, Worktree worktree, String prompt, String gitName, String gitEmail) {
        Path home = state.resolve("home");
        try {
            Files.createDirectories(home, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                    java.nio.file.attribute.PosixFilePermissions.fromString("rwx------")));
        } catch (IOException e) {
            throw new CcyException("cannot create the session's HOME " + home + ": " + e.getMessage());
        }
        HomeSeeder.seed(home, resolved.profile(), resolved.agent().command());
        GitIdentity.of(worktree.path(), gitName, gitEmail).seed(home);
        if (!prompt.isEmpty()) {
            SessionStore.writeIfChanged(state.resolve("prompt"), prompt, "rw-------");
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
        return ctx.settings.load(worktree, worktree, kept(session), Overrides.NONE);
    }

    /**
     * What a session keeps of how it was made: the flags its unit records; a unit of a ccy before
     * settings records none, and keeps its image (given then with --image or image=, unknowable now).
     */
    private static Overrides kept(Session session) {
        if (session.stamp().version().isEmpty() && !session.image().isEmpty()) {
            return Overrides.NONE.with(dev.ccy.settings.Key.IMAGE, session.image(), "the session's image (kept in the unit)");
        }
        return Overrides.parse(session.stamp().overrides(), "ccy new flag (kept in the unit)");
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
        Overrides kept = kept(session);
        Settings settings = settings(worktree, worktree.path(), kept, Overrides.NONE);
        Agent agent = new Agent(session.command(), session.resume());
        checkDropIns(session.name(), version);
        Map<String, String> forwarded = new LinkedHashMap<>();
        boolean changed;
        try (AutoCloseable lock = ctx.store.lock()) {
            String old = Files.readString(session.file(), StandardCharsets.UTF_8);
            if (dryRun) {
                envNames(settings).forEach(v -> forwarded.put(v, secretName(session.name(), v)));
            } else {
                forwarded.putAll(envSecrets(session.name(), settings, lifecycle.forwardedSecrets(session)));
            }
            // a session of a project with a trusted Containerfile keeps running the project's image, rebuilt if it changed
            String image = dryRun ? (trustedProjectImage(worktree, false) == null ? settings.image()
                    : dev.ccy.podman.ProjectImage.tag(session.name().project()))
                    : projectImage(worktree, session.name().project(), settings.image(), settings.buildCaFile());
            String text = renderer.render(new SessionSpec(session.name(), session.alias(), worktree, image, agent,
                    ctx.paths.entrypoint(), session.state(), session.file(), version,
                    options(settings, Agents.resolve(settings, ctx.paths.templateDirs()), forwarded),
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
            // one restart job, not stop then start: ccy killed in between would leave the session down
            lifecycle.startAndWait(session, true);
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
