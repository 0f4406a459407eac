package dev.ccy.session.store;

import dev.ccy.CcyException;
import dev.ccy.quadlet.UnitFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The user's session files in the Quadlet directory. Only files named {@code ccy-<project>-<n>.container}
 * that carry a {@code ccy.session} label are sessions; nothing else there is read or touched.
 */
public final class SessionStore {

    /** A unit file ccy wrote is a few KiB; anything far larger was not written by ccy. */
    static final long MAX_UNIT_BYTES = 1 << 20;

    private final Path dir;
    private final Path lockFile;
    private final Path sessionsDir;

    public SessionStore(UserPaths paths) {
        this(paths.quadletDir(), paths.lockFile(), paths.sessionsDir());
    }

    public SessionStore(Path dir, Path lockFile) {
        this(dir, lockFile, null);
    }

    /** {@code sessionsDir}: where state directories must be (null: anywhere, for tests). */
    public SessionStore(Path dir, Path lockFile, Path sessionsDir) {
        this.dir = dir;
        this.lockFile = lockFile;
        this.sessionsDir = sessionsDir;
    }

    public Path dir() {
        return dir;
    }

    /** All sessions, ordered by project then slot. */
    public List<Session> list() {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        List<Session> sessions = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : (Iterable<Path>) files.sorted()::iterator) {
                String fn = f.getFileName().toString();
                if (SessionName.isSessionFile(fn)) {
                    read(SessionName.parse(fn), f).ifPresent(sessions::add);
                }
            }
        } catch (IOException e) {
            throw new CcyException("cannot list " + dir + ": " + e.getMessage());
        }
        sessions.sort(Comparator.comparing((Session s) -> s.name().project()).thenComparingInt(s -> s.name().slot()));
        return sessions;
    }

    public Optional<Session> find(SessionName name) {
        Path f = dir.resolve(name.fileName());
        return Files.isRegularFile(f) ? read(name, f) : Optional.empty();
    }

    /**
     * The session a user means: its unit name, its name, its short name or its alias. Unknown or
     * ambiguous names are one-line errors that list the candidates.
     */
    public Session get(String nameText) {
        String text = nameText.strip();
        if (SessionName.candidates(text).isEmpty() && !Alias.looksLikeOne(text)) {
            throw CcyException.usage(dev.ccy.quadlet.UnitValues.printable(text)
                    + " is not a session name or alias (expected ccy-<project>-<n>, <project>-<n> or an alias)");
        }
        List<Session> found = new ArrayList<>(SessionName.candidates(text).stream().map(this::find).flatMap(Optional::stream).toList());
        List<Session> all = null;
        if (SessionName.candidates(text).isEmpty() || found.isEmpty()) {
            all = list();
            all.stream().filter(s -> s.alias().equals(text)).forEach(found::add);
        }
        if (found.size() > 1) {
            throw CcyException.usage("'" + text + "' could be " + found.stream().map(s -> s.name().name())
                    .collect(java.util.stream.Collectors.joining(" or ")) + ": give the full name");
        }
        if (!found.isEmpty()) {
            return found.get(0);
        }
        String there = all.isEmpty() ? "there are no sessions" : "sessions: " + all.stream().limit(12)
                .map(Session::displayName).collect(java.util.stream.Collectors.joining(", ")) + (all.size() > 12 ? ", ..." : "");
        throw CcyException.noSession("no session " + dev.ccy.quadlet.UnitValues.printable(text) + " (" + there + ")");
    }

    /** The session that carries an alias, if any. */
    public Optional<Session> withAlias(String alias) {
        return list().stream().filter(s -> s.alias().equals(alias)).findFirst();
    }

    private Optional<Session> read(SessionName name, Path f) {
        return readFile(name, f).map(s -> s.state() == null || ownStateDir(name, s.state()) ? s
                // a hand-edited Volume= must not make ccy rm delete (or ccy stop write into) another directory
                : new Session(s.name(), s.file(), s.project(), s.worktree(), s.branch(), s.image(), null, s.alias(),
                        s.command(), s.resume(), s.stamp()));
    }

    /** The session a file describes, if it is one of ccy's (carries its own ccy.session label). */
    public static Optional<Session> readFile(SessionName name, Path f) {
        try {
            // a fifo would block the read forever, a device or a huge file would exhaust memory
            if (!Files.isRegularFile(f) || Files.size(f) > MAX_UNIT_BYTES) {
                return Optional.empty();
            }
            UnitFile unit = UnitFile.parse(Files.readString(f, StandardCharsets.UTF_8));
            if (!name.name().equals(unit.labels(false).get("ccy.session"))) {
                return Optional.empty();
            }
            return Optional.of(Session.from(name, f, unit));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException | RuntimeException e) {
            // a hand-edited or foreign file: not ours to interpret
            return Optional.empty();
        }
    }

    /** Whether a path is one ccy makes for this session: {@code <sessions dir>/<session>.<epoch seconds>}. */
    boolean ownStateDir(SessionName name, Path state) {
        Path fn = state.getFileName();
        if (!state.isAbsolute() || fn == null || !state.normalize().equals(state)) {
            return false;
        }
        String n = fn.toString();
        if (!n.startsWith(name.name() + ".") || !n.substring(name.name().length() + 1).matches("[0-9]{1,12}")) {
            return false;
        }
        return sessionsDir == null || sessionsDir.equals(state.getParent());
    }

    /**
     * The project slug for a worktree: the slug of its directory name, unless another worktree's
     * sessions already use that slug; then the slug qualified by a hash of the path.
     */
    public String projectFor(Worktree worktree) {
        String plain = SessionName.slug(worktree.name());
        String qualified = SessionName.qualifiedSlug(worktree.name(), worktree.path().toString());
        String path = worktree.path().toString();
        List<Session> all = list();
        boolean plainTakenByOther = all.stream()
                .anyMatch(s -> s.name().project().equals(plain) && !s.worktree().equals(path));
        return plainTakenByOther ? qualified : plain;
    }

    /** The lowest free slot of a project. Call under {@link #lock()}. */
    public SessionName nextFree(String project) {
        for (int n = 1; ; n++) {
            SessionName name = new SessionName(project, n);
            if (!Files.exists(dir.resolve(name.fileName()))) {
                return name;
            }
        }
    }

    /** Writes a new session file; fails if the name is taken. The file appears whole or not at all. */
    public Path create(SessionName name, String content) {
        Path target = dir.resolve(name.fileName());
        try {
            Files.createDirectories(dir);
            // private: the agent command line is in it
            Path tmp = dev.ccy.AtomicFiles.writeTemp(dir, "." + name.fileName(), content, "rw-------");
            dev.ccy.TestPause.at("store.create.temp");
            try {
                // link(2) fails if the target exists, so a slot is never overwritten
                Files.createLink(target, tmp);
            } catch (FileAlreadyExistsException e) {
                throw new CcyException("session " + name + " already exists");
            } finally {
                Files.deleteIfExists(tmp);
            }
            dev.ccy.TestPause.at("store.create.linked");
            return target;
        } catch (IOException e) {
            throw new CcyException("cannot write " + target + ": " + e.getMessage());
        }
    }

    public void delete(Session session) {
        dev.ccy.TestPause.at("store.delete");
        try {
            Files.deleteIfExists(session.file());
        } catch (IOException e) {
            throw new CcyException("cannot remove " + session.file() + ": " + e.getMessage());
        }
    }

    /** Holds ccy's per-user lock until closed: slot choice, file writes and reloads are serialised. */
    public StoreLock lock() {
        StoreLock lock = StoreLock.take(lockFile);
        removeStaleTemps();
        dev.ccy.TestPause.at("store.locked");
        return lock;
    }

    /**
     * Temp files of session files whose writer died (killed between writing and linking): every
     * writer holds the lock, so under the lock none of them is in use. Their names do not end in
     * .container, so Quadlet never read them; this only keeps them from piling up.
     */
    private void removeStaleTemps() {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                String n = f.getFileName().toString();
                if (n.startsWith(".ccy-") && n.matches("\\.ccy-.*\\.container[0-9]+\\.tmp")
                        && Files.isRegularFile(f, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                    Files.deleteIfExists(f);
                }
            }
        } catch (IOException | UncheckedIOException e) {
            // only tidiness depends on it
        }
    }
}
