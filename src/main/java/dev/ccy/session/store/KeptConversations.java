package dev.ccy.session.store;

import dev.ccy.AtomicFiles;
import dev.ccy.CcyException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * The HOMEs (conversations, agent settings) of ended and removed sessions, kept for
 * {@code ccy new --resume}: {@code <data>/ccy/conversations/<worktree key>/<session>.<epoch>/home}, where
 * {@code <session>.<epoch>} is the state directory's name. Each worktree's directory has a label ccy
 * wrote ({@code worktree}: its path and project) that scopes them. A HOME is moved in by rename into
 * {@code .<name>.keep} and that renamed to its name, so an entry is whole or absent; its directory's
 * time is when it was kept. What is inside home/ the agent wrote: it is never read here, and no
 * link in it is followed.
 */
public final class KeptConversations {
    public static final String LABEL = "worktree";
    static final String KEEPING = ".keep";
    private static final long MAX_LABEL_BYTES = 16 * 1024;
    private static final LinkOption NOFOLLOW = LinkOption.NOFOLLOW_LINKS;

    /** One kept HOME: its entry directory, the session it was, when it was kept, and where from. */
    public record Kept(Path dir, String session, Instant keptAt, String worktree, String project) {
        public Path home() {
            return dir.resolve("home");
        }
    }

    private final Path root;

    public KeptConversations(Path root) {
        this.root = root;
    }

    /** A worktree's directory: its slug (for people) and a hash of its path (for uniqueness). */
    public Path dirFor(String worktree) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(worktree.getBytes(StandardCharsets.UTF_8));
            String name = Path.of(worktree).getFileName() == null ? "root" : Path.of(worktree).getFileName().toString();
            return root.resolve(SessionName.slug(name) + "-" + HexFormat.of().formatHex(h, 0, 6));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Writes a worktree's label (made by ccy, before any HOME can be kept there). */
    public Path label(String worktree, String project) {
        Path dir = dirFor(worktree);
        mkdirs(dir);
        AtomicFiles.writeIfChanged(dir.resolve(LABEL), "worktree=" + worktree + "\nproject=" + project + "\n", "rw-------");
        return dir;
    }

    /**
     * Keeps a state directory's HOME under the worktree's directory, if its agent ever ran (an
     * agent that never started has no conversation); false if there was nothing to keep.
     */
    public boolean keep(Path state, String worktree, String project) {
        Path home = state.resolve("home");
        if (!Files.exists(state.resolve(StateDir.STARTED), NOFOLLOW) || !Files.isDirectory(home, NOFOLLOW)) {
            return false;
        }
        Path dir = label(worktree, project);
        String name = state.getFileName().toString();
        Path keeping = dir.resolve("." + name + KEEPING);
        try {
            if (!Files.isDirectory(keeping, NOFOLLOW)) {
                Files.createDirectory(keeping, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            }
            dev.ccy.TestPause.at("conversation.keep");
            Files.move(home, keeping.resolve("home"), StandardCopyOption.ATOMIC_MOVE);
            Files.setLastModifiedTime(keeping, FileTime.from(Instant.now()));
            Files.move(keeping, dir.resolve(name), StandardCopyOption.ATOMIC_MOVE);
            return true;
        } catch (IOException e) {
            throw new CcyException("cannot keep the conversation of " + name + " in " + dir + ": " + AtomicFiles.oneLine(e));
        }
    }

    /** The kept HOMEs of one worktree, newest first. */
    public List<Kept> ofWorktree(String worktree) {
        return entries(dirFor(worktree)).stream().filter(k -> k.worktree().equals(worktree)).toList();
    }

    /** The kept HOMEs of every worktree of a project, newest first. */
    public List<Kept> ofProject(String project) {
        return all().stream().filter(k -> k.project().equals(project)).toList();
    }

    /** Every kept HOME, newest first; a worktree directory without ccy's label is not looked into. */
    public List<Kept> all() {
        List<Kept> all = new ArrayList<>();
        for (Path d : children(root)) {
            if (!d.getFileName().toString().startsWith(".") && Files.isDirectory(d, NOFOLLOW)) {
                all.addAll(entries(d));
            }
        }
        all.sort(NEWEST_FIRST);
        return all;
    }

    static final Comparator<Kept> NEWEST_FIRST = Comparator.comparing(Kept::keptAt).reversed().thenComparing(k -> k.dir().toString());

    /**
     * The one to continue: the newest, or the newest of the session {@code session} names (its
     * full name, {@code ccy-<project>-<n>}); empty when there is none.
     */
    public static Optional<Kept> pick(List<Kept> kept, List<String> sessionNames) {
        return kept.stream().filter(k -> sessionNames.isEmpty() || sessionNames.contains(k.session())).min(NEWEST_FIRST);
    }

    /** Those kept longer than {@code keep} by {@code now}. */
    public static List<Kept> expired(List<Kept> kept, Duration keep, Instant now) {
        return kept.stream().filter(k -> Duration.between(k.keptAt(), now).compareTo(keep) > 0).toList();
    }

    /** Moves a kept HOME into a new session's state directory (as its home/) and drops its entry. */
    public void take(Kept kept, Path state) {
        try {
            Files.move(kept.home(), state.resolve("home"), StandardCopyOption.ATOMIC_MOVE);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new CcyException("the conversation of " + kept.session() + " was taken by another ccy new meanwhile");
        } catch (IOException e) {
            throw new CcyException("cannot move the conversation of " + kept.session() + " from " + kept.dir() + ": "
                    + AtomicFiles.oneLine(e));
        }
        try {
            Files.deleteIfExists(kept.dir());
        } catch (IOException ignored) {
            // an empty entry is never offered (no home/) and prune removes it
        }
    }

    /**
     * What a kill left: a {@code .<name>.keep} with its home/ is completed; one without, and an
     * entry without home/ (taken, or never whole), are returned for removal.
     */
    public List<Path> repair() {
        List<Path> leftovers = new ArrayList<>();
        for (Path d : children(root)) {
            for (Path e : readLabel(d.resolve(LABEL)).isEmpty() ? List.<Path>of() : children(d)) {
                String n = e.getFileName().toString();
                String done = n.startsWith(".") && n.endsWith(KEEPING) ? n.substring(1, n.length() - KEEPING.length()) : null;
                if (!Files.isDirectory(e, NOFOLLOW) || !entryName(done == null ? n : done)) {
                    continue;
                }
                if (!Files.exists(e.resolve("home"), NOFOLLOW)) {
                    leftovers.add(e);
                } else if (done != null && !Files.exists(d.resolve(done), NOFOLLOW)) {
                    try {
                        Files.move(e, d.resolve(done), StandardCopyOption.ATOMIC_MOVE);
                    } catch (IOException ignored) {
                        // tried again at the next prune
                    }
                }
            }
        }
        return leftovers;
    }

    private List<Kept> entries(Path dir) {
        Optional<String[]> label = readLabel(dir.resolve(LABEL));
        if (label.isEmpty()) {
            return List.of();
        }
        List<Kept> kept = new ArrayList<>();
        for (Path e : children(dir)) {
            String n = e.getFileName().toString();
            if (!entryName(n) || !Files.isDirectory(e, NOFOLLOW) || !Files.isDirectory(e.resolve("home"), NOFOLLOW)) {
                continue;
            }
            try {
                Instant at = Files.getLastModifiedTime(e, NOFOLLOW).toInstant();
                kept.add(new Kept(e, n.substring(0, n.lastIndexOf('.')), at, label.get()[0], label.get()[1]));
            } catch (IOException ignored) {
                // gone meanwhile
            }
        }
        kept.sort(NEWEST_FIRST);
        return kept;
    }

    /** {@code <session>.<epoch seconds>}, as state directories are named. */
    static boolean entryName(String n) {
        int dot = n.lastIndexOf('.');
        return dot > 0 && n.substring(dot + 1).matches("[0-9]{1,12}") && SessionName.isName(n.substring(0, dot));
    }

    /** The label's worktree and project, if it is a small plain file with both. */
    static Optional<String[]> readLabel(Path file) {
        try {
            if (!Files.isRegularFile(file, NOFOLLOW) || Files.size(file) > MAX_LABEL_BYTES) {
                return Optional.empty();
            }
            String w = null;
            String p = null;
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (line.startsWith("worktree=")) {
                    w = line.substring("worktree=".length());
                } else if (line.startsWith("project=")) {
                    p = line.substring("project=".length());
                }
            }
            return w == null || p == null ? Optional.empty() : Optional.of(new String[] {w, p});
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static List<Path> children(Path dir) {
        if (!Files.isDirectory(dir, NOFOLLOW)) {
            return List.of();
        }
        List<Path> out = new ArrayList<>();
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
            s.forEach(out::add);
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
        out.sort(null);
        return out;
    }

    private static void mkdirs(Path dir) {
        try {
            Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } catch (IOException e) {
            throw new CcyException("cannot create " + dir + ": " + AtomicFiles.oneLine(e));
        }
    }
}
