package dev.ccy.session.worktree;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ccy.CcyException;
import dev.ccy.Exit;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where ccy new --worktree puts a worktree, its record, and the git it asks (a real git, in a temp repository). */
class WorktreeLogicTest {
    static final Path HOME = Path.of("/home/dev");
    static final Path SHOP = Path.of("/home/dev/work/shop");

    @TempDir
    Path tmp;

    @Test
    void theDefaultIsBesideTheRepositoryOnBranchCcySlashName() {
        Plan p = Plan.of(SHOP, "fix-1", "", "ccy/", HOME);
        assertEquals(Path.of("/home/dev/work/shop-fix-1"), p.dir());
        assertEquals("ccy/fix-1", p.branch());
    }

    @Test
    void theSettingsMoveTheDirectoryAndRenameTheBranch() {
        assertEquals(Path.of("/home/dev/wt/shop-a"), Plan.of(SHOP, "a", "~/wt", "ccy/", HOME).dir());
        assertEquals(Path.of("/srv/trees/shop-a"), Plan.of(SHOP, "a", "/srv/trees", "ccy/", HOME).dir());
        assertEquals(Path.of("/home/dev/work/shop/.worktrees/shop-a"), Plan.of(SHOP, "a", ".worktrees", "", HOME).dir());
        assertEquals(Path.of("/home/dev/work/trees/shop-a"), Plan.of(SHOP, "a", "../trees", "", HOME).dir());
        assertEquals("a", Plan.of(SHOP, "a", "", "", HOME).branch());
        assertEquals("agents/a", Plan.of(SHOP, "a", "", "agents/", HOME).branch());
    }

    @Test
    void aNameThatIsAPathAnOptionOrNoBranchIsUsage() {
        for (String bad : new String[] {"../x", "a/b", "-rf", ".hidden", "a..b", "x.lock", "a b", "", "x".repeat(65), "a\nb"}) {
            CcyException e = assertThrows(CcyException.class, () -> Plan.of(SHOP, bad, "", "ccy/", HOME), bad);
            assertEquals(Exit.USAGE, e.exit());
            assertFalse(e.getMessage().contains("\n"), e.getMessage());
        }
    }

    @Test
    void aRecordIsFoundByItsPathAndCarriesItsBase() {
        Path dir = tmp.resolve("records");
        MadeWorktree m = new MadeWorktree(Path.of("/w/shop-a"), Path.of("/w/shop"), "ccy/a", "main", "abc123", "", MadeWorktree.self());
        m.save(dir);
        assertEquals(m, MadeWorktree.of(dir, "/w/shop-a").orElseThrow());
        assertTrue(m.pending() && m.ownerAlive(), "this process is the ccy new making it");
        MadeWorktree done = m.withSession("ccy-shop-a-1");
        done.save(dir);
        assertFalse(done.pending() || done.ownerAlive());
        assertEquals(List.of(done), MadeWorktree.all(dir));
        assertTrue(MadeWorktree.of(dir, "/w/shop-b").isEmpty());
        MadeWorktree dead = new MadeWorktree(Path.of("/w/shop-c"), Path.of("/w/shop"), "ccy/c", "main", "abc", "", "999999999@1");
        assertFalse(dead.ownerAlive(), "a ccy new that is gone does not hold its record");
        done.forget(dir);
        assertTrue(MadeWorktree.of(dir, "/w/shop-a").isEmpty());
    }

    @Test
    void aDamagedRecordIsNotOne() throws Exception {
        Path dir = tmp.resolve("records");
        Files.createDirectories(dir);
        Files.writeString(MadeWorktree.fileFor(dir, Path.of("/w/x")), "path=/w/x\nbranch=\n");
        assertTrue(MadeWorktree.of(dir, "/w/x").isEmpty());
        assertTrue(MadeWorktree.all(dir).isEmpty());
    }

    Git git() {
        return new Git("git");
    }

    Path repo() throws Exception {
        Path r = tmp.resolve("shop");
        Files.createDirectories(r);
        Git g = git();
        g.ok(r, "init", "init", "-q", "-b", "main");
        Files.writeString(r.resolve("file"), "one\n");
        g.ok(r, "add", "add", "file");
        g.ok(r, "commit", "-c", "user.name=T", "-c", "user.email=t@example.invalid", "commit", "-q", "-m", "start");
        return r;
    }

    @Test
    void gitTellsTheTopTheBranchTheChangesAndTheCommitsAhead() throws Exception {
        Path r = repo();
        Git g = git();
        Files.createDirectories(r.resolve("sub"));
        assertEquals(r.toRealPath(), g.top(r.resolve("sub")).toRealPath());
        assertNull(g.top(Path.of("/")));
        assertEquals("main", g.currentBranch(r));
        assertTrue(g.changes(r).isEmpty());
        Files.writeString(r.resolve("new.txt"), "x");
        assertEquals(List.of("?? new.txt"), g.changes(r));
        assertNull(g.commit(r, "nope"));
        assertNull(g.commit(r, "--output=/tmp/x"), "a revision is never an option");
        String head = g.commit(r, "main");
        assertEquals(40, head.length());
        assertTrue(g.validBranch(r, "ccy/a") && !g.validBranch(r, "ccy/a..b"));
        Path wt = tmp.resolve("shop-a");
        g.ok(r, "add", "worktree", "add", "--quiet", "-b", "ccy/a", "--", wt.toString(), head);
        assertTrue(g.branchExists(r, "ccy/a"));
        assertEquals("ccy/a", g.currentBranch(wt));
        Files.writeString(wt.resolve("file"), "two\n");
        g.ok(wt, "commit", "-c", "user.name=T", "-c", "user.email=t@example.invalid", "commit", "-q", "-am", "two");
        assertEquals(1, g.ahead(r, "main", "refs/heads/ccy/a"));
        assertEquals(2, g.worktrees(r).size());
        g.ok(r, "checkout", "checkout", "-q", "--detach");
        assertEquals("", g.currentBranch(r), "a detached HEAD has no branch");
    }
}
