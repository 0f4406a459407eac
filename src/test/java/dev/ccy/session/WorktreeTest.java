package dev.ccy.session;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
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
}
