package dev.ccy.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * Issue 18, git in every checkout: a session started in a linked worktree made by hand, or in a
 * submodule, has a working git inside (status, commit, branch, log), and what it commits there is
 * on that checkout's branch on the host. A .git file naming another repository gets no mount.
 */
class GitCheckoutsIT extends SandboxTest {
    static final String IMAGE = SessionLifecycleIT.IMAGE;
    static final String WORK = "/home/dev/work";
    static final String SHOP = WORK + "/shop";
    static final String FIX = WORK + "/shop-fix";
    static final String SUB = SHOP + "/lib";
    static final String GIT = "git -c user.name=Dev -c user.email=dev@example.invalid -c protocol.file.allow=always";

    @BeforeAll
    void boot() throws Exception {
        box = Sandbox.forTests("git-checkouts");
        box.sh("set -e; mkdir -p " + WORK + "; cd " + WORK
                + "; git init -q -b main lib; " + GIT + " -C lib commit -q --allow-empty -m lib-start"
                + "; git init -q -b main shop; cd shop; echo one > file; git add file; " + GIT + " commit -q -m shop-start"
                + "; " + GIT + " submodule add -q " + WORK + "/lib lib; " + GIT + " commit -q -m with-lib"
                + "; git -C lib checkout -q -b work"
                + "; git worktree add -q ../shop-fix -b fix").ok();
    }

    String newSession(String cwd) {
        Sandbox.Result r = ccy(cwd, "new", "--detach", "--image=" + IMAGE, "--", "bash", "-c", "echo up; exec bash").ok();
        assertFalse(r.err().contains("warning"), r.toString());
        return r.out().strip();
    }

    /** A shell command in the session's container, in /workspace, as the agent runs. */
    Sandbox.Result inside(String session, String script) {
        return box.user(null, "podman", "exec", session, "sh", "-c", script);
    }

    String labels(String session) {
        return box.user(null, "podman", "inspect", "--format",
                "{{index .Config.Labels \"ccy.worktree\"}}|{{index .Config.Labels \"ccy.branch\"}}", session).ok().out().strip();
    }

    @Test
    @Order(1)
    void gitWorksInALinkedWorktreeAndItsCommitIsOnItsBranch() {
        String unit = ccy(FIX, "render", "--image=" + IMAGE, "--", "agent").ok().out();
        assertTrue(unit.contains("Mount=\"type=bind,source=" + SHOP + "/.git,destination=" + SHOP + "/.git,relabel=shared\""), unit);
        String session = newSession(FIX);
        assertEquals(FIX + "|fix", labels(session), "the labels show the linked worktree and its branch");
        Sandbox.Result status = inside(session, "git status");
        assertEquals(0, status.exit(), status.toString());
        assertTrue(status.out().contains("On branch fix"), status.toString());
        Sandbox.Result commit = inside(session, "set -e; echo inside > inside.txt; git add inside.txt; "
                + GIT + " commit -q -m from-the-session; git branch --show-current; git log --format=%s -1; git branch --list");
        assertEquals(0, commit.exit(), commit.toString());
        assertTrue(commit.out().startsWith("fix\nfrom-the-session\n"), commit.toString());
        assertTrue(commit.out().contains("main"), "the whole repository is in reach: its other branches " + commit);
        // git worktree prune inside finds the session's own worktree where git recorded it, and keeps it
        Sandbox.Result prune = inside(session, "git worktree prune -v && git worktree list --porcelain");
        assertEquals(0, prune.exit(), prune.toString());
        assertTrue(prune.out().contains("worktree " + FIX + "\n"), prune.toString());
        box.sh("test -d " + SHOP + "/.git/worktrees/shop-fix && git -C " + FIX + " status").ok();
        // on the host: the commit is on fix, main did not move, the worktree is clean
        assertEquals("from-the-session", box.sh("git -C " + SHOP + " log --format=%s -1 fix").ok().out().strip());
        assertEquals("with-lib", box.sh("git -C " + SHOP + " log --format=%s -1 main").ok().out().strip());
        assertEquals("", box.sh("git -C " + FIX + " status --porcelain").ok().out().strip());
        assertEquals("", box.sh("git -C " + SHOP + " status --porcelain").ok().out().strip(), "the main worktree is untouched");
        ccy(null, "rm", session).ok();
    }

    @Test
    @Order(2)
    void gitWorksInASubmoduleAndItsCommitIsOnItsBranch() {
        String unit = ccy(SUB, "render", "--image=" + IMAGE, "--", "agent").ok().out();
        assertTrue(unit.contains("destination=/.git/modules/lib,relabel=shared") && unit.contains("destination=/.git/modules/lib/config,readonly=true"), unit);
        String session = newSession(SUB);
        assertEquals(SUB + "|work", labels(session));
        Sandbox.Result status = inside(session, "git status && git rev-parse --show-toplevel");
        assertEquals(0, status.exit(), status.toString());
        assertTrue(status.out().contains("On branch work") && status.out().strip().endsWith("/workspace"), status.toString());
        Sandbox.Result commit = inside(session, "set -e; mkdir -p d; echo x > d/x; cd d; git add x; "
                + GIT + " commit -q -m sub-from-the-session; git log --format=%s -2");
        assertEquals(0, commit.exit(), commit.toString());
        assertEquals("sub-from-the-session\nlib-start", commit.out().strip(), commit.toString());
        assertEquals("sub-from-the-session", box.sh("git -C " + SUB + " log --format=%s -1 work").ok().out().strip());
        assertEquals("", box.sh("git -C " + SUB + " status --porcelain").ok().out().strip());
        // the host's config is the one git keeps using: core.worktree is still there
        assertEquals("../../../lib", box.sh("git config --file " + SHOP + "/.git/modules/lib/config core.worktree").ok().out().strip());
        ccy(null, "rm", session).ok();
    }

    @Test
    @Order(3)
    void aGitFileNamingAnotherRepositoryGetsNoMountAndOneLine() {
        String dir = WORK + "/impostor";
        box.sh("mkdir -p " + dir + " && printf 'gitdir: %s\\n' " + SHOP + "/.git > " + dir + "/.git").ok();
        Sandbox.Result r = ccy(dir, "render", "--image=" + IMAGE, "--", "agent").ok();
        assertEquals(1, r.err().lines().filter(l -> l.startsWith("ccy: warning: ")).count(), r.toString());
        assertTrue(r.err().contains("does not name this directory back"), r.toString());
        assertFalse(r.err().contains("Exception") || r.err().contains("\tat "), r.toString());
        assertFalse(r.out().contains("destination=" + SHOP + "/.git"), r.out());
    }

    @Test
    @Order(4)
    void aSeparateGitDirectoryWorksOnceItNamesTheWorktreeBack() {
        String dir = WORK + "/sep";
        String gitDir = WORK + "/sep.git";
        box.sh("git init -q -b main --separate-git-dir " + gitDir + " " + dir + " && echo a > " + dir + "/a && git -C " + dir
                + " add a && " + GIT + " -C " + dir + " commit -q -m sep-start").ok();
        Sandbox.Result refused = ccy(dir, "render", "--image=" + IMAGE, "--", "agent").ok();
        assertTrue(refused.err().contains("config core.worktree"), "the warning says the one command: " + refused);
        box.sh("git --git-dir=" + gitDir + " config core.worktree " + dir).ok();
        String session = newSession(dir);
        Sandbox.Result commit = inside(session, "set -e; git status; echo b > b; git add b; " + GIT
                + " commit -q -m sep-from-the-session; git rev-parse --show-toplevel");
        assertEquals(0, commit.exit(), commit.toString());
        assertTrue(commit.out().contains("On branch main") && commit.out().strip().endsWith("/workspace"), commit.toString());
        assertEquals("sep-from-the-session", box.sh("git -C " + dir + " log --format=%s -1 main").ok().out().strip());
        assertEquals("", box.sh("git -C " + dir + " status --porcelain").ok().out().strip());
        ccy(null, "rm", session).ok();
    }
}
