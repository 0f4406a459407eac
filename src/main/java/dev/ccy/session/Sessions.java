package dev.ccy.session;

import dev.ccy.CcyException;
import dev.ccy.podman.Podman;
import dev.ccy.quadlet.PodmanVersion;
import dev.ccy.quadlet.QuadletValidator;
import dev.ccy.quadlet.UnitTemplates;
import dev.ccy.systemd.Journal;
import dev.ccy.systemd.Linger;
import dev.ccy.systemd.UnitState;
import dev.ccy.systemd.UserManager;
import dev.ccy.systemd.UserRuntime;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/** The session lifecycle: what each command does, over the store, the templates, systemd and podman. */
public final class Sessions {
    /** Longer than the unit's TimeoutStartSec=900, so systemd, not ccy, decides a slow pull failed. */
    private static final Duration START_TIMEOUT = Duration.ofSeconds(960);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(120);
    private static final Duration TMUX_TIMEOUT = Duration.ofSeconds(60);
    private static final Set<String> LOADED = Set.of("loaded");

    private final UserPaths paths;
    private final Config config;
    private final Podman podman;
    private final Supplier<UserRuntime> runtime;
    private final SessionStore store;
    private final PrintStream err;

    public Sessions(UserPaths paths, Config config, Podman podman, Supplier<UserRuntime> runtime, PrintStream err) {
        this.paths = paths;
        this.config = config;
        this.podman = podman;
        this.runtime = runtime;
        this.store = new SessionStore(paths);
        this.err = err;
    }

    public SessionStore store() {
        return store;
    }

    public String defaultImage() {
        return config.image();
    }

    /** The unit {@code ccy new} would write from this directory now; touches nothing. */
    public String render(Path cwd, String image, Agent agent, PodmanVersion version) {
        Worktree worktree = Worktree.of(cwd);
        SessionName name = store.nextFree(store.projectFor(worktree));
        Path state = paths.sessionState(name, System.currentTimeMillis() / 1000);
        return renderChecked(new SessionSpec(name, worktree, image, agent, paths.entrypoint(), state, version));
    }

    private String renderChecked(SessionSpec spec) {
        String text = new UnitTemplates(paths.templateDirs()).render(SessionSpec.TEMPLATE, spec.model());
        QuadletValidator.validate(text, spec.podman(), spec.labels());
        return text;
    }

    /** {@code ccy new}: writes the session's unit, starts it and waits until its tmux answers. */
    public Session create(Path cwd, String image, Agent agent) {
        PodmanVersion version = podman.requireQuadlet();
        UserRuntime rt = runtime.get();
        rt.requireBus();
        Worktree worktree = Worktree.of(cwd);
        if (!podman.imageExists(image)) {
            if (image.startsWith("localhost/")) {
                throw new CcyException("image " + image + " does not exist, and a localhost/ image cannot be pulled:"
                        + " build it, or choose another with --image");
            }
            err.println("ccy: image " + image + " is not here yet; the session's start will pull it");
        }
        SessionStore.writeIfChanged(paths.entrypoint(), entrypointScript(), "rwxr-xr-x");

        try (UserManager systemd = UserManager.connect(rt)) {
            Session session;
            try (AutoCloseable lock = store.lock()) {
                SessionName name = store.nextFree(store.projectFor(worktree));
                Path state = paths.sessionState(name, System.currentTimeMillis() / 1000);
                String text = renderChecked(new SessionSpec(name, worktree, image, agent, paths.entrypoint(), state, version));
                createStateDir(state);
                Path file;
                try {
                    file = store.create(name, text);
                } catch (CcyException e) {
                    dev.ccy.Resources.deleteTree(state);
                    throw e;
                }
                session = new Session(name, file, name.project(), worktree.path().toString(), worktree.branch(), image, state);
                boolean loaded = false;
                try {
                    systemd.reload();
                    String load = systemd.loadState(name.unit());
                    if (!LOADED.contains(load)) {
                        String why = podman.quadletComplaint(session.file());
                        throw new CcyException("the Quadlet generator rejected " + name.fileName() + " (unit " + load + ")"
                                + (why.isEmpty() ? "; see '/usr/libexec/podman/quadlet -dryrun -user'" : ": " + why));
                    }
                    loaded = true;
                } finally {
                    if (!loaded) {
                        discard(systemd, session);
                    }
                }
            } catch (CcyException e) {
                throw e;
            } catch (Exception e) {
                throw new CcyException("cannot create the session: " + e.getMessage());
            }
            ensureLinger(rt);
            try {
                startAndWait(systemd, session);
            } catch (CcyException e) {
                // a session that never came up is not worth keeping; its log stays in the journal
                throw new CcyException(e.getMessage() + "; " + removeUnstarted(systemd, session), e.exitCode());
            }
            return session;
        }
    }

    /** Stops and removes a session that failed to come up; says what became of it. */
    private String removeUnstarted(UserManager systemd, Session session) {
        try (AutoCloseable lock = store.lock()) {
            String result = systemd.stop(session.name().unit(), STOP_TIMEOUT, d -> { });
            if (!result.equals("done")) {
                return "it did not stop either (job " + result + "): remove it with ccy rm " + session.name();
            }
            discard(systemd, session);
            return "the session was removed";
        } catch (Exception e) {
            return "it could not be removed (" + e.getMessage() + "): remove it with ccy rm " + session.name();
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

    /**
     * Deletes a session that never ran (its file and its fresh state directory) and reloads, best
     * effort: used while reporting another error.
     */
    private void discard(UserManager systemd, Session session) {
        store.delete(session);
        if (session.state() != null) {
            dev.ccy.Resources.deleteTree(session.state());
        }
        try {
            systemd.reload();
        } catch (CcyException ignored) {
            // the file is gone; the next reload forgets the unit
        }
    }

    private void ensureLinger(UserRuntime rt) {
        String why = Linger.system().ensure(rt);
        if (why != null) {
            err.println("ccy: linger is off for " + rt.user() + " and could not be turned on (" + why + "): sessions stop at"
                    + " logout and do not start at boot. Run: loginctl enable-linger " + rt.user());
        }
    }

    private void startAndWait(UserManager systemd, Session session) {
        String unit = session.name().unit();
        long since = System.currentTimeMillis() / 1000 - 1;
        String result = systemd.start(unit, START_TIMEOUT,
                d -> err.println("ccy: still starting " + unit + " after " + d.toSeconds() + " s (pulling the image?)"));
        if (!result.equals("done")) {
            throw failed(session, since, "failed to start (job " + result + ")");
        }
        long deadline = System.nanoTime() + TMUX_TIMEOUT.toNanos();
        while (!podman.tmuxAnswers(session.container())) {
            if (System.nanoTime() > deadline) {
                throw failed(session, since, "started, but its tmux did not answer within " + TMUX_TIMEOUT.toSeconds() + " s");
            }
            if (!systemd.state(unit).isActive()) {
                throw failed(session, since, "stopped right after starting");
            }
            sleep(100);
        }
    }

    /** A failure with the unit's last log lines since {@code since} (epoch seconds), on one line. */
    private CcyException failed(Session session, long since, String what) {
        String log = Journal.lastLines(session.name().unit(), 8, since).replace('\n', '|');
        return new CcyException("session " + session.name() + " " + what
                + (log.isEmpty() ? "" : "; last log lines: " + log)
                + " (see: journalctl --user -u " + session.name().unit() + ")");
    }

    /** Starts a stopped session and waits for its tmux; a running one is left alone. */
    public void start(Session session) {
        try (UserManager systemd = UserManager.connect(runtime.get())) {
            startAndWait(systemd, session);
        }
    }

    public void stop(Session session) {
        try (UserManager systemd = UserManager.connect(runtime.get())) {
            long since = System.currentTimeMillis() / 1000 - 1;
            String result = systemd.stop(session.name().unit(), STOP_TIMEOUT, d -> { });
            if (!result.equals("done")) {
                throw failed(session, since, "did not stop cleanly (job " + result + ")");
            }
        }
    }

    /** Stops the session, removes its file and reloads: nothing else of the user's is touched. */
    public void remove(Session session) {
        try (UserManager systemd = UserManager.connect(runtime.get())) {
            UnitState state = systemd.state(session.name().unit());
            if (!state.loadState().equals("not-found")) {
                long since = System.currentTimeMillis() / 1000 - 1;
                String result = systemd.stop(session.name().unit(), STOP_TIMEOUT, d -> { });
                if (!result.equals("done")) {
                    throw failed(session, since, "did not stop (job " + result + "); its file was kept");
                }
            }
            try (AutoCloseable lock = store.lock()) {
                store.delete(session);
                systemd.reload();
            } catch (CcyException e) {
                throw e;
            } catch (Exception e) {
                throw new CcyException("cannot remove " + session.name() + ": " + e.getMessage());
            }
        }
    }

    /** A session with its state. */
    public record Listed(Session session, UnitState state) {
    }

    /** Every session of this user with its state, in one call to systemd. */
    public List<Listed> list() {
        List<Session> sessions = store.list();
        if (sessions.isEmpty()) {
            return List.of();
        }
        try (UserManager systemd = UserManager.connect(runtime.get())) {
            Map<String, UnitState> states = systemd.states(sessions.stream().map(s -> s.name().unit()).toList());
            return sessions.stream().map(s -> new Listed(s, states.get(s.name().unit()))).toList();
        }
    }

    /** The sessions of the worktree containing cwd. */
    public List<Session> ofWorktree(Path cwd) {
        String path = Worktree.of(cwd).path().toString();
        return store.list().stream().filter(s -> s.worktree().equals(path)).toList();
    }

    /** Attaches the user's terminal to the session's tmux, starting the session first if it is stopped. */
    public int attach(Session session) {
        try (UserManager systemd = UserManager.connect(runtime.get())) {
            // a running unit goes straight to attach: every extra podman call here is latency the user feels
            if (!systemd.state(session.name().unit()).isActive()) {
                err.println("ccy: starting " + session.name());
                startAndWait(systemd, session);
            }
        }
        return dev.ccy.Proc.interactive(podman.attachCommand(session.container()));
    }

    /** The podman ccy runs (CCY_PODMAN or podman), for the commands that talk to it directly. */
    public Podman podman() {
        return podman;
    }

    /** The session entrypoint script: the user's or admin's override, else ccy's own. */
    public String entrypointScript() {
        for (Path dir : paths.templateDirs()) {
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

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CcyException("interrupted");
        }
    }
}
