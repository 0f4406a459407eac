package dev.ccy.session.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;

/**
 * The git directories a worktree's {@code .git} file names (a linked worktree's
 * {@code .git/worktrees/NAME} and the common directory its {@code commondir} names; a submodule's
 * {@code .git/modules/NAME}), which a session must mount where git inside will look for them: an
 * absolute path at itself, a relative one where it lands from {@code /workspace}.
 *
 * <p>{@code .git}, {@code commondir} and {@code config} are in reach of the agent (and anyone), so
 * they are read as hostile: through no link, at bounded length, as UTF-8; and a directory is only
 * mounted when it is a git directory that names this worktree back, as git itself wrote it (a
 * linked worktree's {@code gitdir} file, a submodule's {@code core.worktree}): a {@code .git}
 * file pointing at another repository of the user's gets no mount. Anything else is a one-line
 * warning and no mount.
 *
 * <p>A submodule's {@code core.worktree} names its directory relative to the modules directory,
 * which inside the container is not {@code /workspace}; so the session gets a copy of that config
 * without it ({@link #configCopy()}), read-only over the real one.
 *
 * @param binds    host directory (or file) to the path inside the container, outermost first (a
 *                 linked worktree's own directory too, where its gitdir file names it)
 * @param configCopy the common directory's config without core.worktree ("" when none is needed)
 * @param configAt where git inside reads that config (when there is a copy)
 * @param warning  why git will not work inside the session ("" when it will, or needs nothing)
 */
public record GitLinks(List<Bind> binds, String configCopy, String configAt, String warning) {
    /** A bind mount: host path, container path, read-only. */
    public record Bind(Path source, String destination, boolean readOnly) {
    }

    /** Where a session's state directory keeps the config copy (mounted over the real one). */
    public static final String CONFIG_COPY = "git-config";
    private static final GitLinks NONE = new GitLinks(List.of(), "", "", "");
    /** Container paths a git directory must not cover: the session's own and the image's. */
    private static final List<String> RESERVED = List.of("/workspace", "/ccy", "/proc", "/sys", "/dev", "/run", "/usr",
            "/etc", "/bin", "/sbin", "/lib", "/lib64", "/usr/local/libexec");

    public GitLinks {
        binds = List.copyOf(binds);
    }

    /** What a session of this worktree (its real path, top of the checkout) needs mounted for git to work inside. */
    public static GitLinks of(Path worktree, String workspace) {
        Path dotGit = worktree.resolve(".git");
        BasicFileAttributes a;
        try {
            a = Files.readAttributes(dotGit, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            return NONE; // not a git checkout
        }
        if (a.isDirectory() || a.isSymbolicLink() && inside(dotGit, worktree)) {
            return NONE; // a repository of its own: in the worktree's mount
        }
        try {
            return links(worktree, dotGit, a, workspace);
        } catch (GitFiles.Refused r) {
            return new GitLinks(List.of(), "", "", shown(dotGit.toString()) + " " + r.getMessage() + ": git will not work inside the session");
        }
    }

    private static GitLinks links(Path worktree, Path dotGit, BasicFileAttributes a, String workspace) {
        if (!a.isRegularFile()) {
            throw new GitFiles.Refused(a.isSymbolicLink() ? "is a symbolic link out of the worktree" : "is neither a directory nor a plain file");
        }
        String text = GitFiles.read(dotGit, GitFiles.MAX_LINK_BYTES);
        if (!text.startsWith("gitdir: ")) {
            throw new GitFiles.Refused("does not start with 'gitdir: '");
        }
        String written = GitFiles.path(text.substring("gitdir: ".length()));
        Path gitDir = real(worktree.resolve(written), "names " + shown(written) + ", which");
        String gitDirIn = inContainer(workspace, written);
        requireHead(gitDir, written);
        Path common = gitDir;
        String commonIn = gitDirIn;
        Path commondirFile = gitDir.resolve("commondir");
        if (Files.exists(commondirFile, LinkOption.NOFOLLOW_LINKS)) {
            String c = GitFiles.path(GitFiles.read(commondirFile, GitFiles.MAX_LINK_BYTES));
            common = real(gitDir.resolve(c), "names a common directory " + shown(c) + ", which");
            commonIn = Path.of(gitDirIn).resolve(c).normalize().toString();
        }
        if (!Files.isDirectory(common.resolve("objects")) || !Files.isDirectory(common.resolve("refs"))) {
            throw new GitFiles.Refused("names " + shown(common.toString()) + ", which is not a git directory (no objects/ or refs/)");
        }
        String configCopy = "";
        String back = namesBack(gitDir, worktree, gitDir.resolve("gitdir"));
        if (back == null) {
            // not a linked worktree of it: a submodule's modules directory names its worktree in core.worktree
            String config = Files.exists(common.resolve("config")) ? GitFiles.read(common.resolve("config"), GitFiles.MAX_CONFIG_BYTES) : "";
            String coreWorktree = GitFiles.coreWorktree(config);
            if (coreWorktree == null || !same(gitDir.resolve(coreWorktree), worktree)) {
                // a separate git directory (git init --separate-git-dir) names nothing back until its user says so
                throw new GitFiles.Refused("names " + shown(gitDir.toString()) + ", which does not name this directory back"
                        + " (neither its gitdir file nor its core.worktree; a separate git directory of yours does after: git"
                        + " --git-dir=" + shown(gitDir.toString()) + " config core.worktree " + shown(worktree.toString()) + ")");
            }
            configCopy = GitFiles.withoutCoreWorktree(config);
        }
        List<Bind> binds = new ArrayList<>();
        if (!visible(common, commonIn, worktree, workspace)) {
            binds.add(bind(common, commonIn));
        }
        boolean inCommon = gitDir.startsWith(common) && Path.of(gitDirIn).equals(Path.of(commonIn).resolve(common.relativize(gitDir)));
        if (!inCommon && !visible(gitDir, gitDirIn, worktree, workspace)) {
            binds.add(bind(gitDir, gitDirIn));
        }
        // a linked worktree also where its gitdir file names it: git worktree prune (and gc's) inside
        // would otherwise take the session's own worktree for deleted and drop it from the repository
        String self = back == null ? null : Path.of(gitDirIn).resolve(back).normalize().getParent().toString();
        if (self != null && !self.equals(workspace) && !reserved(self)) {
            binds.add(bind(worktree, self));
        }
        if (binds.isEmpty() && !configCopy.isEmpty()) {
            throw new GitFiles.Refused("has its git directory inside it and a core.worktree, which the session cannot follow");
        }
        return new GitLinks(binds, configCopy, configCopy.isEmpty() ? "" : commonIn + "/config", "");
    }

    /** The binds, with the config copy (kept at {@code state}/{@value #CONFIG_COPY}) over the common directory's config. */
    public List<Bind> binds(Path state) {
        if (configCopy.isEmpty()) {
            return binds;
        }
        List<Bind> all = new ArrayList<>(binds);
        all.add(new Bind(state.resolve(CONFIG_COPY), configAt, true));
        return List.copyOf(all);
    }

    private static boolean inside(Path link, Path worktree) {
        try {
            return link.toRealPath().startsWith(worktree);
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** True when a directory is in the worktree's own mount already, where git inside looks for it. */
    private static boolean visible(Path source, String destination, Path worktree, String workspace) {
        return source.startsWith(worktree) && Path.of(destination).equals(Path.of(workspace).resolve(worktree.relativize(source)));
    }

    private static boolean reserved(String destination) {
        return destination.equals("/") || RESERVED.stream().anyMatch(r -> destination.equals(r) || destination.startsWith(r + "/"));
    }

    private static Bind bind(Path source, String destination) {
        // a unit file carries neither a control character nor a name that is not UTF-8 (U+FFFD here)
        if ((source + destination).chars().anyMatch(c -> c < 0x20 || c == 0x7f || c == 0xfffd)) {
            throw new GitFiles.Refused("names " + shown(source.toString()) + ", whose path a unit file cannot carry");
        }
        if (reserved(destination)) {
            throw new GitFiles.Refused("would put " + shown(source.toString()) + " at " + shown(destination)
                    + " in the container, which is the session's or the image's");
        }
        return new Bind(source, destination, false);
    }

    /**
     * What a linked worktree's gitdir file says when it names this worktree's .git (as git writes
     * it: absolute, or relative to the gitdir); null when it has none or names another.
     */
    private static String namesBack(Path gitDir, Path worktree, Path gitdirFile) {
        if (!Files.exists(gitdirFile, LinkOption.NOFOLLOW_LINKS)) {
            return null;
        }
        String back = GitFiles.path(GitFiles.read(gitdirFile, GitFiles.MAX_LINK_BYTES));
        return same(gitDir.resolve(back), worktree.resolve(".git")) ? back : null;
    }

    private static boolean same(Path a, Path b) {
        try {
            return a.normalize().equals(b.normalize()) || Files.isSameFile(a, b);
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** Where git inside finds a path the .git file gives: absolute as it is, relative from the workspace. */
    private static String inContainer(String workspace, String written) {
        return Path.of(workspace).resolve(written).normalize().toString();
    }

    private static void requireHead(Path gitDir, String written) {
        if (!Files.isRegularFile(gitDir.resolve("HEAD"), LinkOption.NOFOLLOW_LINKS)) {
            throw new GitFiles.Refused("names " + shown(written) + ", which is not a git directory (no HEAD)");
        }
    }

    private static Path real(Path p, String what) {
        try {
            Path r = p.toRealPath();
            if (!Files.isDirectory(r)) {
                throw new GitFiles.Refused(what + " is not a directory");
            }
            return r;
        } catch (IOException | RuntimeException e) {
            if (e instanceof GitFiles.Refused refused) {
                throw refused;
            }
            throw new GitFiles.Refused(what + " does not exist");
        }
    }

    private static String shown(String path) {
        return dev.ccy.quadlet.UnitValues.printable(path);
    }

}
