package dev.ccy.session.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ccy.CcyException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorktreeTest {
    @Test
    void findsTheTopAndBranchFromASubdirectory(@TempDir Path tmp) throws Exception {
        Path repo = tmp.resolve("repo");
        Files.createDirectories(repo.resolve(".git"));
        Files.createDirectories(repo.resolve("src/deep"));
        Files.writeString(repo.resolve(".git/HEAD"), "ref: refs/heads/feature/x\n");
        Worktree w = Worktree.of(repo.resolve("src/deep"));
        assertEquals(repo.toRealPath(), w.path());
        assertEquals("feature/x", w.branch());
        assertEquals("repo", w.name());
    }

    @Test
    void linkedWorktreesFollowTheGitdirFile(@TempDir Path tmp) throws Exception {
        Path gitdir = tmp.resolve("main/.git/worktrees/wt");
        Files.createDirectories(gitdir);
        Files.writeString(gitdir.resolve("HEAD"), "0123456789abcdef0123456789abcdef01234567\n");
        Path wt = tmp.resolve("wt");
        Files.createDirectories(wt);
        Files.writeString(wt.resolve(".git"), "gitdir: " + gitdir + "\n");
        assertEquals("0123456789ab", Worktree.of(wt).branch(), "detached HEAD shows the commit");
    }

    @Test
    void outsideGitTheDirectoryItselfIsTheWorktree(@TempDir Path tmp) throws Exception {
        Worktree w = Worktree.of(tmp);
        assertEquals(tmp.toRealPath(), w.path());
        assertEquals("", w.branch());
    }

    @Test
    void aSymlinkedWorktreeIsItsRealDirectory(@TempDir Path tmp) throws Exception {
        Path real = tmp.resolve("real repo");
        Files.createDirectories(real.resolve(".git"));
        Files.writeString(real.resolve(".git/HEAD"), "ref: refs/heads/main\n");
        Path link = Files.createSymbolicLink(tmp.resolve("link"), real);
        Worktree w = Worktree.of(link);
        // the unit names the real directory, so re-pointing the link later cannot move the mount
        assertEquals(real.toRealPath(), w.path());
        assertEquals("main", w.branch());
        // a dangling link is no worktree
        Path dangling = Files.createSymbolicLink(tmp.resolve("dangling"), tmp.resolve("gone"));
        CcyException e = assertThrows(CcyException.class, () -> Worktree.of(dangling));
        assertEquals(1, e.getMessage().lines().count());
    }

    @Test
    void aNameThatIsNotUtf8IsRefusedWithTheReason(@TempDir Path tmp) throws Exception {
        // made by the shell: Java cannot write a name that is not valid in its charset
        Process bad = new ProcessBuilder("sh", "-c", "mkdir -- \"$1/caf$(printf '\\351')\"", "sh", tmp.toString()).start();
        assertEquals(0, bad.waitFor());
        Path listed;
        try (var s = Files.list(tmp)) {
            listed = s.filter(p -> p.getFileName().toString().startsWith("caf")).findFirst().orElseThrow();
        }
        assertTrue(listed.toString().contains("\uFFFD"), "the JVM shows the byte as U+FFFD: " + listed);
        // as listed (the JVM kept the bytes), and as the current directory arrives (a lossy string)
        for (Path p : List.of(listed, Path.of(listed.toString()))) {
            CcyException e = assertThrows(CcyException.class, () -> Worktree.of(p));
            assertTrue(e.getMessage().contains("not valid UTF-8"), e.getMessage());
            assertEquals(2, e.exitCode());
            assertEquals(1, e.getMessage().lines().count());
        }
    }
}
