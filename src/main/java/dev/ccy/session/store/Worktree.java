package dev.ccy.session.store;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The git worktree a session works on: the top of the working tree that contains the current
 * directory (or the directory itself outside git), and its checked-out branch. Read from
 * {@code .git} directly rather than by running git, which is neither required nor fast.
 *
 * <p>A symlinked directory is resolved to its real path: that is what the session mounts and
 * labels, so the unit never depends on a link the agent or user could later point elsewhere.
 */
public record Worktree(Path path, String branch) {

    public static Worktree of(Path dir) {
        Path abs;
        try {
            abs = dir.toRealPath();
        } catch (IOException | java.nio.file.InvalidPathException e) {
            // the current directory's name came to the JVM lossy (U+FFFD for bytes not UTF-8), so
            // resolving it failed: say why rather than "is it still there?"
            if (dir.toAbsolutePath().toString().indexOf('\uFFFD') >= 0) {
                throw notUtf8Error(dir);
            }
            // a deleted directory, or a name the JVM's charset cannot represent: never guess a path
            throw new dev.ccy.CcyException("cannot resolve the current directory " + dir.toAbsolutePath()
                    + " (" + e.getMessage() + "); is it still there, and is the locale UTF-8?");
        }
        if (notUtf8(abs)) {
            throw notUtf8Error(abs);
        }
        for (Path p = abs; p != null; p = p.getParent()) {
            Path git = p.resolve(".git");
            if (Files.exists(git)) {
                return new Worktree(p, branch(git));
            }
        }
        return new Worktree(abs, "");
    }

    /**
     * True when the path's name is not UTF-8: the JVM shows such bytes as U+FFFD, and that text
     * names no directory (or another one), so no unit file could name it either.
     */
    private static boolean notUtf8(Path p) {
        String text = p.toString();
        if (text.indexOf('\uFFFD') < 0) {
            return false;
        }
        try {
            return !Files.isSameFile(p, Path.of(text));
        } catch (IOException | RuntimeException e) {
            return true;
        }
    }

    private static dev.ccy.CcyException notUtf8Error(Path p) {
        // systemd reads unit files as UTF-8 and would refuse the line that names it
        return dev.ccy.CcyException.usage("the directory " + p.toAbsolutePath() + " has a name that is not valid UTF-8,"
                + " which a systemd unit file cannot carry: rename it (e.g. convmv -f latin1 -t utf8)");
    }

    /** The directory name, which the project slug is made from. */
    public String name() {
        Path n = path.getFileName();
        return n == null ? "root" : n.toString();
    }

    static String branch(Path git) {
        try {
            Path gitDir = git;
            if (Files.isRegularFile(git)) {
                if (Files.size(git) > 4096) {
                    return "";
                }
                // a linked worktree or submodule: ".git" is a file "gitdir: <path>"
                String line = Files.readString(git, StandardCharsets.UTF_8).strip();
                if (!line.startsWith("gitdir:")) {
                    return "";
                }
                gitDir = git.getParent().resolve(line.substring("gitdir:".length()).strip());
            }
            Path headFile = gitDir.resolve("HEAD");
            // the agent can make HEAD a fifo (a read would block ccy forever) or a huge file
            if (!Files.isRegularFile(headFile) || Files.size(headFile) > 4096) {
                return "";
            }
            String head = Files.readString(headFile, StandardCharsets.UTF_8).strip();
            if (head.startsWith("ref:")) {
                String ref = head.substring(4).strip();
                return ref.startsWith("refs/heads/") ? ref.substring("refs/heads/".length()) : ref;
            }
            // detached HEAD: show the commit like git does
            return head.length() >= 12 ? head.substring(0, 12) : head;
        } catch (IOException e) {
            return "";
        }
    }
}
