package dev.ccy.session.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a session mounts for a checkout whose .git is a file: the layouts git writes (linked
 * worktrees, absolute and relative; submodules), and .git, commondir and gitdir files turned
 * hostile (garbage, huge, links, fifos, other repositories): those get no mount and one line.
 */
class GitLinksTest {
    static final String WS = "/workspace";

    /** A git directory: HEAD, and objects/ and refs/ when it is a common one. */
    static Path gitDir(Path dir, boolean common) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("HEAD"), "ref: refs/heads/main\n");
        if (common) {
            Files.createDirectories(dir.resolve("objects"));
            Files.createDirectories(dir.resolve("refs/heads"));
        }
        return dir;
    }

    /** main/ with .git, and fix/ linked to it as git worktree add writes it (absolute, or relative paths). */
    static Path linked(Path tmp, boolean relative) throws IOException {
        Path common = gitDir(tmp.resolve("main/.git"), true);
        Path admin = gitDir(common.resolve("worktrees/fix"), false);
        Files.writeString(admin.resolve("HEAD"), "ref: refs/heads/fix\n");
        Files.writeString(admin.resolve("commondir"), "../..\n");
        Path wt = Files.createDirectories(tmp.resolve("fix"));
        Files.writeString(admin.resolve("gitdir"), (relative ? "../../../../fix/.git" : wt.resolve(".git").toString()) + "\n");
        Files.writeString(wt.resolve(".git"), "gitdir: " + (relative ? "../main/.git/worktrees/fix" : admin.toString()) + "\n");
        return wt;
    }

    /** super/ with the submodule sub/, as git submodule add writes it. */
    static Path submodule(Path tmp) throws IOException {
        gitDir(tmp.resolve("super/.git"), true);
        Path modules = gitDir(tmp.resolve("super/.git/modules/sub"), true);
        Files.writeString(modules.resolve("config"), "[core]\n\trepositoryformatversion = 0\n\tbare = false\n"
                + "\tworktree = ../../../sub\n[remote \"origin\"]\n\turl = ../lib\n");
        Path wt = Files.createDirectories(tmp.resolve("super/sub"));
        Files.writeString(wt.resolve(".git"), "gitdir: ../.git/modules/sub\n");
        return wt;
    }

    @Test
    void aLinkedWorktreeGetsTheMainRepositorysGitDirectoryAtItsOwnPath(@TempDir Path tmp) throws Exception {
        Path t = tmp.toRealPath();
        GitLinks g = GitLinks.of(linked(t, false), WS);
        assertEquals("", g.warning());
        // the worktree's own gitdir is inside the common directory, where git looks for it; the worktree
        // also where its gitdir file names it, so that git worktree prune inside does not drop it
        assertEquals(List.of(new GitLinks.Bind(t.resolve("main/.git"), t.resolve("main/.git").toString(), false),
                new GitLinks.Bind(t.resolve("fix"), t.resolve("fix").toString(), false)), g.binds());
        assertEquals("", g.configCopy());
        assertEquals(g.binds(), g.binds(t.resolve("state")));
        assertEquals("fix", Worktree.of(t.resolve("fix")).branch(), "the label shows the linked worktree's branch");
    }

    @Test
    void relativePathsLandWhereGitInsideResolvesThemFromTheWorkspace(@TempDir Path tmp) throws Exception {
        Path t = tmp.toRealPath();
        GitLinks g = GitLinks.of(linked(t, true), WS);
        assertEquals("", g.warning());
        assertEquals(List.of(new GitLinks.Bind(t.resolve("main/.git"), "/main/.git", false),
                new GitLinks.Bind(t.resolve("fix"), "/fix", false)), g.binds());
    }

    @Test
    void aSubmoduleGetsItsModulesDirectoryAndAConfigWithoutCoreWorktree(@TempDir Path tmp) throws Exception {
        Path t = tmp.toRealPath();
        GitLinks g = GitLinks.of(submodule(t), WS);
        assertEquals("", g.warning());
        Path modules = t.resolve("super/.git/modules/sub");
        assertEquals(List.of(new GitLinks.Bind(modules, "/.git/modules/sub", false)), g.binds());
        assertFalse(g.configCopy().contains("worktree"), g.configCopy());
        assertTrue(g.configCopy().contains("\turl = ../lib") && g.configCopy().contains("repositoryformatversion"), g.configCopy());
        Path state = t.resolve("state");
        assertEquals(List.of(new GitLinks.Bind(modules, "/.git/modules/sub", false),
                new GitLinks.Bind(state.resolve(GitLinks.CONFIG_COPY), "/.git/modules/sub/config", true)), g.binds(state));
    }

    @Test
    void aSeparateGitDirectoryIsMountedOnceItNamesTheWorktreeBack(@TempDir Path tmp) throws Exception {
        Path t = tmp.toRealPath();
        Path wt = t.resolve("wt");
        Path sep = t.resolve("sep.git");
        git(t, "init", "-q", "--separate-git-dir", sep.toString(), wt.toString());
        GitLinks refused = GitLinks.of(wt, WS);
        assertEquals(List.of(), refused.binds());
        assertTrue(refused.warning().contains("git --git-dir='" + sep + "' config core.worktree '" + wt + "'"), refused.warning());
        git(t, "--git-dir=" + sep, "config", "core.worktree", wt.toString());
        GitLinks g = GitLinks.of(wt, WS);
        assertEquals("", g.warning());
        assertEquals(List.of(new GitLinks.Bind(sep, sep.toString(), false)), g.binds());
        assertFalse(g.configCopy().contains("worktree"), "inside, the worktree is /workspace: " + g.configCopy());
    }

    static void git(Path dir, String... args) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of("git"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor(), out);
    }

    @Test
    void aRepositoryOfItsOwnOrNoneNeedsNothing(@TempDir Path tmp) throws Exception {
        Path t = tmp.toRealPath();
        gitDir(t.resolve("repo/.git"), true);
        assertEquals(new GitLinks(List.of(), "", "", ""), GitLinks.of(t.resolve("repo"), WS));
        Files.createDirectories(t.resolve("plain"));
        assertEquals(new GitLinks(List.of(), "", "", ""), GitLinks.of(t.resolve("plain"), WS));
        // a .git link into the worktree itself is in its mount already
        Files.createDirectories(t.resolve("linked"));
        gitDir(t.resolve("linked/real-git"), true);
        Files.createSymbolicLink(t.resolve("linked/.git"), Path.of("real-git"));
        assertEquals(new GitLinks(List.of(), "", "", ""), GitLinks.of(t.resolve("linked"), WS));
    }

    /** Every way a .git file (or what it names) is turned: no mount, and one line that says it. */
    @Test
    void hostileGitFilesGetNoMountAndOneLine(@TempDir Path tmp) throws Exception {
        Path t = tmp.toRealPath();
        Path other = gitDir(t.resolve("other/.git"), true); // another repository of the user's
        Files.createDirectories(t.resolve("nohead/objects"));
        String[][] cases = {
            {"garbage", "\u0000\u00ff\n[Container]\nx=y"},
            {"empty", ""},
            {"no path", "gitdir: \n"},
            {"two lines", "gitdir: " + other + "\nExec=evil\n"},
            {"another repository", "gitdir: " + other + "\n"},
            {"relative to another repository", "gitdir: ../other/.git\n"},
            {"missing", "gitdir: /nowhere/at/all\n"},
            {"not a git dir", "gitdir: " + t.resolve("nohead") + "\n"},
            {"a file", "gitdir: " + other.resolve("HEAD") + "\n"},
        };
        for (String[] c : cases) {
            Path wt = Files.createDirectories(t.resolve("wt-" + c[0].replace(' ', '-')));
            Files.writeString(wt.resolve(".git"), c[1]);
            assertRefused(wt, c[0]);
        }
        for (HostileFilesTest.Kind kind : HostileFilesTest.Kind.values()) {
            Path wt = Files.createDirectories(t.resolve("kind-" + kind));
            HostileFilesTest.make(wt.resolve(".git"), kind, Files.writeString(t.resolve("secret"), "gitdir: " + other + "\n"));
            if (kind != HostileFilesTest.Kind.DIRECTORY) {
                assertRefused(wt, kind.toString());
            }
        }
    }

    /** A linked worktree whose commondir or gitdir file is hostile, or that points where the session lives. */
    @Test
    void hostileCommondirAndGitdirFilesGetNoMount(@TempDir Path tmp) throws Exception {
        Path t = tmp.toRealPath();
        for (HostileFilesTest.Kind kind : HostileFilesTest.Kind.values()) {
            Path base = Files.createDirectories(t.resolve("c-" + kind));
            Path wt = linked(base, false);
            Path commondir = base.resolve("main/.git/worktrees/fix/commondir");
            Files.delete(commondir);
            HostileFilesTest.make(commondir, kind, gitDir(base.resolve("elsewhere"), true));
            assertRefused(wt, "commondir " + kind);
            Path base2 = Files.createDirectories(t.resolve("g-" + kind));
            Path wt2 = linked(base2, false);
            Path gitdir = base2.resolve("main/.git/worktrees/fix/gitdir");
            Files.delete(gitdir);
            HostileFilesTest.make(gitdir, kind, wt2.resolve(".git"));
            assertRefused(wt2, "gitdir " + kind);
        }
        // a real linked worktree whose directory would land on the session's own paths inside
        Path base = Files.createDirectories(t.resolve("reserved/a"));
        Path common = gitDir(base.resolve("usr"), true);
        Path admin = gitDir(common.resolve("worktrees/wt"), false);
        Files.writeString(admin.resolve("commondir"), "../..\n");
        Path wt = Files.createDirectories(base.resolve("wt"));
        Files.writeString(admin.resolve("gitdir"), wt.resolve(".git") + "\n");
        Files.writeString(wt.resolve(".git"), "gitdir: ../usr/worktrees/wt\n");
        assertRefused(wt, "reserved");
    }

    static void assertRefused(Path wt, String what) throws Exception {
        GitLinks[] g = new GitLinks[1];
        Throwable thrown = HostileFilesTest.within(() -> g[0] = GitLinks.of(wt, WS));
        assertNull(thrown, what + ": " + thrown);
        assertEquals(List.of(), g[0].binds(), what);
        assertEquals("", g[0].configCopy(), what);
        assertTrue(g[0].warning().contains(".git") && g[0].warning().endsWith("git will not work inside the session"), what + ": " + g[0]);
        assertFalse(g[0].warning().contains("\n") || g[0].warning().contains("\u0000"), what + ": " + g[0].warning());
    }

    @Test
    void coreWorktreeIsReadOnlyFromTheCoreSection() {
        assertEquals("../../../sub", GitFiles.coreWorktree("[core]\n\tworktree = ../../../sub\n"));
        assertEquals("/a b/c", GitFiles.coreWorktree("[Core]\n  WorkTree=\"/a b/c\"  \n"));
        assertNull(GitFiles.coreWorktree("[core \"x\"]\n\tworktree = /x\n[remote \"o\"]\n\tworktree = /y\n"));
        assertNull(GitFiles.coreWorktree("[core]\n\tbare = false\n"));
        assertNull(GitFiles.coreWorktree("garbage \u0000 ] [ = ="));
        assertEquals("[core]\n\tbare = false\n[remote \"o\"]\n\tworktree = /kept\n",
                GitFiles.withoutCoreWorktree("[core]\n\tworktree = ../x\n\tbare = false\n[remote \"o\"]\n\tworktree = /kept\n"));
    }

    @Test
    void pathsAreReadAsGitReadsThem() {
        assertEquals("/a/b", GitFiles.path("/a/b\r\n\n"));
        assertEquals("../.git/modules/x y", GitFiles.path("../.git/modules/x y\n"));
        for (String bad : new String[] {"", "\n", "/a\nb", "/a\u0000b", "/a\tb", "/a\u007fb"}) {
            Throwable e = thrown(() -> GitFiles.path(bad));
            assertTrue(e instanceof GitFiles.Refused, bad + ": " + e);
        }
    }

    /** What an action threw (null when nothing). */
    static Throwable thrown(Runnable r) {
        try {
            r.run();
            return null;
        } catch (RuntimeException e) {
            return e;
        }
    }
}
