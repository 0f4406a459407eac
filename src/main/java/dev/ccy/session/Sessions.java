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
import java.util.Optional;
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
    public String render(Path cwd, String image, Agent agent, String alias, PodmanVersion version) {
        Worktree worktree = Worktree.of(cwd);
        SessionName name = store.nextFree(store.projectFor(worktree));
        Path state = paths.sessionState(name, System.currentTimeMillis() / 1000);
        return renderChecked(spec(name, alias, worktree, image, agent, state, version));
    }

    private SessionSpec spec(SessionName name, String alias, Worktree worktree, String image, Agent agent, Path state,
                             PodmanVersion version) {
        return new SessionSpec(name, alias, worktree, image, agent, paths.entrypoint(), state,
                store.dir().resolve(name.fileName()), version);
    }

    private String renderChecked(SessionSpec spec) {
        String text = new UnitTemplates(paths.templateDirs()).render(SessionSpec.TEMPLATE, spec.model());
        QuadletValidator.validate(text, spec.podman(), spec.labels());
        return text;
    }

    /**
     * {@code ccy new}: writes the session's unit, starts it and waits until its tmux answers. An
     * ephemeral session is removed, file and state, when it is ended (exit, ccy stop).
     */
    public Session create(Path cwd, String image, Agent agent, String alias, boolean ephemeral) {
        if (alias != null && !alias.isEmpty()) {
            Alias.check(alias);
        }
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
                if (alias != null && !alias.isEmpty()) {
                    store.withAlias(alias).ifPresent(other -> {
                        throw new CcyException("alias '" + alias + "' is taken by " + other.name() + ": choose another", 2);
                    });
                }
                SessionName name = store.nextFree(store.projectFor(worktree));
                Path state = paths.sessionState(name, System.currentTimeMillis() / 1000);
                String text = renderChecked(spec(name, alias, worktree, image, agent, state, version));
                createStateDir(state);
                if (ephemeral) {
                    SessionStore.writeIfChanged(state.resolve(StateDir.EPHEMERAL), "ccy new --ephemeral\n", "rw-------");
                }
                Path file;
                try {
                    file = store.create(name, text);
                } catch (CcyException e) {
                    dev.ccy.Resources.deleteTree(state);
                    throw e;
                }
                session = new Session(name, file, name.project(), worktree.path().toString(), worktree.branch(), image, state,
                        alias == null ? "" : alias);
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
            used(session);
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

    /**
     * Starts a stopped session and waits for its tmux; a running one is left alone. The "stopped"
     * marker goes first: the unit's condition would otherwise keep it down.
     */
    public void start(Session session) {
        try (UserManager systemd = UserManager.connect(runtime.get())) {
            StateDir.clear(session, StateDir.STOPPED);
            startAndWait(systemd, session);
        }
        used(session);
    }

    /** Starts the session unless it runs; says so when it starts it. */
    private void ensureRunning(Session session) {
        if (TmuxUp.surely(session, runtime.get())) {
            return; // its files say tmux is up: no D-Bus connection on the way to podman exec
        }
        try (UserManager systemd = UserManager.connect(runtime.get())) {
            // a running unit goes straight on: every extra call here is latency the user feels
            if (!systemd.state(session.name().unit()).isActive()) {
                err.println("ccy: starting " + session.displayName());
                StateDir.clear(session, StateDir.STOPPED);
                startAndWait(systemd, session);
            }
        }
    }

    /**
     * Stops a session and marks it ended on purpose, so that it stays down at boot too. An
     * ephemeral session is removed by its unit as it stops; returns true then.
     */
    public boolean stop(Session session) {
        try (UserManager systemd = UserManager.connect(runtime.get())) {
            StateDir.mark(session, StateDir.STOPPED, "ccy stop");
            long since = System.currentTimeMillis() / 1000 - 1;
            String result = systemd.stop(session.name().unit(), STOP_TIMEOUT, d -> { });
            if (!result.equals("done")) {
                throw failed(session, since, "did not stop cleanly (job " + result + ")");
            }
        }
        boolean removed = !Files.exists(session.file());
        if (removed) {
            SessionIdFile.forget(Path.of(session.worktree()), session.name());
        }
        return removed;
    }

    /**
     * Stops the session, removes its file and reloads; then its state directory (the agent's HOME
     * and conversations) unless kept. Nothing else of the user's is touched.
     */
    public void remove(Session session, boolean keepState) {
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
        SessionIdFile.forget(Path.of(session.worktree()), session.name());
        if (!keepState && session.state() != null) {
            removeState(session.state());
        }
    }

    /** Deletes a state directory; files the container made under other uids go through podman unshare. */
    private void removeState(Path state) {
        dev.ccy.Resources.deleteTree(state);
        if (Files.exists(state)) {
            dev.ccy.Proc.run(List.of(podman.command(), "unshare", "rm", "-rf", "--", state.toString()),
                    Duration.ofSeconds(60), podman.env());
        }
        if (Files.exists(state)) {
            err.println("ccy: could not remove all of " + state + "; remove it by hand (podman unshare rm -rf)");
        }
    }

    /** An ephemeral session becomes an ordinary one: its end no longer removes it. False if it was not ephemeral. */
    public boolean persist(Session session) {
        if (!StateDir.has(session, StateDir.EPHEMERAL)) {
            return false;
        }
        StateDir.clear(session, StateDir.EPHEMERAL);
        return true;
    }

    /** The user's sessions with their states (all, or only those not stopped), in one call to systemd. */
    public List<SessionStatus> list(boolean all) {
        List<Session> sessions = store.list();
        if (sessions.isEmpty()) {
            return List.of();
        }
        Map<String, UnitState> states;
        try (UserManager systemd = UserManager.connect(runtime.get())) {
            states = systemd.states(sessions.stream().map(s -> s.name().unit()).toList());
        }
        java.time.Instant now = java.time.Instant.now();
        return sessions.stream().map(s -> new SessionStatus(s, states.get(s.name().unit()), now))
                .filter(st -> all || !st.status().equals("stopped")).toList();
    }

    /** The sessions of a worktree, the most recently used first. */
    public List<Session> ofWorktree(Worktree worktree) {
        String path = worktree.path().toString();
        java.time.Instant never = java.time.Instant.EPOCH;
        return store.list().stream().filter(s -> s.worktree().equals(path))
                .sorted(java.util.Comparator.comparing((Session s) -> StateDir.time(s, StateDir.LAST_USED)
                        .or(() -> StateDir.created(s)).orElse(never)).reversed())
                .toList();
    }

    /** What a bare {@code ccy} found for a worktree: the session, how many it has, whether it was made now. */
    public record Resumed(Session session, int ofWorktree, boolean created) {
    }

    /**
     * Bare {@code ccy}: the worktree's session, running. The one its .session-id file names when
     * that one really is this worktree's (a copied worktree or a removed session make the file
     * stale), else the most recently used one by label; a new one if it has none.
     */
    public Resumed resume(Path cwd, String image, Agent agent) {
        Worktree worktree = Worktree.of(cwd);
        List<Session> mine = ofWorktree(worktree);
        Optional<String> hint = SessionIdFile.read(worktree.path());
        Session pick = hint.flatMap(h -> mine.stream().filter(s -> s.name().name().equals(h)).findFirst())
                .orElse(mine.isEmpty() ? null : mine.get(0));
        if (pick == null) {
            return new Resumed(create(cwd, image, agent, null, false), 1, true);
        }
        ensureRunning(pick);
        used(pick);
        return new Resumed(pick, mine.size(), false);
    }

    /** Remembers a session as the most recently used, in its state and in its worktree's .session-id. */
    private void used(Session session) {
        StateDir.touch(session, StateDir.LAST_USED);
        SessionIdFile.write(Path.of(session.worktree()), session.name());
    }

    /** Attaches the user's terminal to the session's tmux, starting the session first if it is stopped. */
    public int attach(Session session, boolean readOnly, boolean exclusive) {
        ensureRunning(session);
        used(session);
        String marker = Podman.newMarker();
        return podman.interactive(podman.attachCommand(session.container(), marker, readOnly, exclusive), marker);
    }

    /** A shell in the session's container, in the workspace, beside the agent's window. */
    public int shell(Session session) {
        ensureRunning(session);
        String marker = Podman.newMarker();
        return podman.interactive(podman.shellCommand(session.container(), marker, SessionSpec.WORKSPACE), marker);
    }

    /** Types keys into the agent's window (tmux send-keys: key names like Enter or C-c, or literal text). */
    public void send(Session session, List<String> keys, boolean literal) {
        List<String> args = new java.util.ArrayList<>(List.of("send-keys", "-t", Podman.AGENT_WINDOW));
        if (literal) {
            args.add("-l");
        }
        args.add("--");
        args.addAll(keys);
        tmuxOrExplain(session, args.toArray(String[]::new));
    }

    /** The agent window's screen as text (with its scrollback, or with colour escapes, if asked). */
    public String capture(Session session, boolean history, boolean escapes) {
        List<String> args = new java.util.ArrayList<>(List.of("capture-pane", "-p", "-t", Podman.AGENT_WINDOW));
        if (history) {
            args.addAll(List.of("-S", "-"));
        }
        if (escapes) {
            args.add("-e");
        }
        return tmuxOrExplain(session, args.toArray(String[]::new));
    }

    private String tmuxOrExplain(Session session, String... args) {
        dev.ccy.Proc.Result r = podman.tmux(session.container(), args);
        if (r.ok()) {
            return r.out();
        }
        boolean up;
        try (UserManager systemd = UserManager.connect(runtime.get())) {
            up = systemd.state(session.name().unit()).isActive();
        }
        if (!up) {
            throw new CcyException("session " + session.displayName() + " is not running: start it with ccy start " + session.name());
        }
        throw new CcyException("tmux in " + session.name() + " failed: " + r.err().strip().lines().findFirst().orElse("exit " + r.exit()));
    }

    /** The session's journal, as journalctl --user -u shows it. */
    public int logs(Session session, boolean follow, Integer lines) {
        List<String> cmd = new java.util.ArrayList<>(List.of("journalctl", "--user", "-u", session.name().unit()));
        if (follow) {
            cmd.add("--follow");
        }
        if (lines != null) {
            cmd.add("--lines=" + lines);
        }
        return dev.ccy.Proc.interactive(cmd);
    }

    /** What prune did or would do with one session or leftover directory. */
    public record Pruned(String what, Path path, java.time.Duration age, boolean session) {
    }

    /**
     * Removes stopped (and failed) sessions, all or those down longer than {@code olderThan}, and
     * state directories no session file refers to any more. Running sessions are never touched.
     */
    public List<Pruned> prune(java.time.Duration olderThan, boolean dryRun) {
        java.time.Instant now = java.time.Instant.now();
        List<Pruned> done = new java.util.ArrayList<>();
        for (SessionStatus st : list(true)) {
            java.time.Duration age = st.age().orElse(java.time.Duration.ZERO);
            if (st.running() || (olderThan != null && age.compareTo(olderThan) < 0)) {
                continue;
            }
            if (!dryRun) {
                try (UserManager systemd = UserManager.connect(runtime.get())) {
                    // it may have been started since the listing
                    if (systemd.state(st.session().name().unit()).isActive()) {
                        continue;
                    }
                }
                remove(st.session(), false);
            }
            done.add(new Pruned(st.session().displayName(), st.session().file(), age, true));
        }
        try (AutoCloseable lock = store.lock()) {
            for (Path dir : leftoverStates()) {
                java.time.Duration age = java.time.Duration.between(Files.getLastModifiedTime(dir).toInstant(), now);
                if (olderThan != null && age.compareTo(olderThan) < 0) {
                    continue;
                }
                if (!dryRun) {
                    removeState(dir);
                }
                done.add(new Pruned("state of a removed session", dir, age, false));
            }
        } catch (CcyException e) {
            throw e;
        } catch (Exception e) {
            throw new CcyException("cannot prune: " + e.getMessage());
        }
        return done;
    }

    /** State directories of sessions whose unit file is gone (ccy rm --keep-state, older ccy). */
    private List<Path> leftoverStates() throws IOException {
        Path root = paths.sessionsDir();
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        List<Session> sessions = store.list();
        java.util.Set<Path> referenced = new java.util.HashSet<>();
        sessions.forEach(s -> referenced.add(s.state()));
        java.util.Set<String> readable = new java.util.HashSet<>();
        sessions.forEach(s -> readable.add(s.name().name()));
        try (java.util.stream.Stream<Path> dirs = Files.list(root)) {
            return dirs.filter(Files::isDirectory).filter(d -> !referenced.contains(d)).filter(d -> {
                String n = d.getFileName().toString();
                int dot = n.lastIndexOf('.');
                if (dot <= 0 || !n.substring(dot + 1).matches("[0-9]+") || SessionName.candidates(n.substring(0, dot)).isEmpty()) {
                    return false; // not a directory ccy made
                }
                // a session file ccy cannot read (hand-edited) may still use it: leave that one
                String name = n.substring(0, dot);
                return readable.contains(name) || !Files.exists(store.dir().resolve(name + ".container"));
            }).sorted().toList();
        }
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
