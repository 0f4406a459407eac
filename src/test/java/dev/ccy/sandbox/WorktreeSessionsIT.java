package dev.ccy.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * Issue 18, a worktree per session: two sessions made with ccy new --worktree edit the same file
 * differently, each commits on its own branch, ccy diff and ccy status show each; a name or
 * branch that exists, a dirty base, a detached HEAD and a bad base get one line and leave
 * nothing; ccy rm refuses a dirty worktree, removes a clean one and keeps its branch and
 * commits; a vanished worktree is pruned from git too. (The agent here is a shell driven with
 * podman exec; AgentWorktreesIT has the real Claude Code take those turns.)
 */
class WorktreeSessionsIT extends SandboxTest {
    static final String IMAGE = SessionLifecycleIT.IMAGE;
    static final String WORK = "/home/dev/work";
    static final String SHOP = WORK + "/shop";
    static final String GIT = GitCheckoutsIT.GIT;
    String a;
    String b;

    @BeforeAll
    void boot() throws Exception {
        box = Sandbox.forTests("worktree-sessions");
        box.sh("set -e; mkdir -p " + SHOP + "; cd " + SHOP + "; git init -q -b main; printf 'one\\n' > file; git add file; "
                + GIT + " commit -q -m start").ok();
    }

    Sandbox.Result newIn(String name, String... more) {
        String[] args = new String[7 + more.length];
        args[0] = "new";
        args[1] = "--detach";
        args[2] = "--image=" + IMAGE;
        args[3] = "--worktree=" + name;
        System.arraycopy(more, 0, args, 4, more.length);
        args[4 + more.length] = "--";
        args[5 + more.length] = "sh";
        args[6 + more.length] = "-c";
        String[] all = java.util.Arrays.copyOf(args, args.length + 1);
        all[all.length - 1] = "echo up; exec sh";
        return ccy(SHOP, all);
    }

    Sandbox.Result inside(String session, String script) {
        return box.user(null, "podman", "exec", session, "sh", "-c", script);
    }

    String git(String args) {
        return box.sh("git -C " + SHOP + " " + args).ok().out().strip();
    }

    void oneLine(Sandbox.Result r, int exit, String says) {
        assertEquals(exit, r.exit(), r.toString());
        assertEquals(1, r.err().strip().lines().count(), r.toString());
        assertTrue(r.err().contains(says), r.toString());
        assertFalse(r.err().contains("Exception"), r.toString());
    }

    @Test
    @Order(1)
    void eachSessionGetsItsOwnWorktreeAndBranch() {
        a = newIn("a").ok().out().strip();
        b = newIn("b").ok().out().strip();
        assertEquals(WORK + "/shop-a|ccy/a", box.user(null, "podman", "inspect", "--format",
                "{{index .Config.Labels \"ccy.worktree\"}}|{{index .Config.Labels \"ccy.branch\"}}", a).ok().out().strip());
        String list = ccy(null, "list").ok().out();
        assertTrue(list.contains("ccy/a") && list.contains("ccy/b"), list);
        String worktrees = git("worktree list");
        assertTrue(worktrees.contains(WORK + "/shop-a ") && worktrees.contains("[ccy/a]") && worktrees.contains("[ccy/b]"), worktrees);
        assertEquals("", box.sh("git -C " + WORK + "/shop-a status --porcelain").ok().out().strip());
    }

    @Test
    @Order(2)
    void whatExistsOrIsDirtyOrDetachedGetsOneLineAndLeavesNothing() {
        oneLine(newIn("a"), 2, "the branch ccy/a exists");
        box.sh("mkdir -p " + WORK + "/shop-c").ok();
        oneLine(newIn("c"), 2, WORK + "/shop-c exists");
        box.sh("rmdir " + WORK + "/shop-c && printf 'two\\n' > " + SHOP + "/file").ok();
        oneLine(newIn("c"), 2, "uncommitted changes");
        box.sh("git -C " + SHOP + " checkout -q -- file && git -C " + SHOP + " checkout -q --detach").ok();
        oneLine(newIn("c"), 2, "HEAD is detached");
        box.sh("git -C " + SHOP + " checkout -q main").ok();
        oneLine(newIn("c", "--base=nope"), 2, "names no commit");
        oneLine(newIn("../x"), 2, "--worktree '../x': give a name");
        box.sh("test ! -e " + WORK + "/shop-c").ok();
        assertFalse(git("branch --list").contains("ccy/c"), git("branch --list"));
        assertEquals(3, git("worktree list").lines().count(), git("worktree list"));
        assertEquals(2, ccy(null, "list").ok().out().lines().filter(l -> l.startsWith("ccy-")).count());
    }

    @Test
    @Order(3)
    void twoSessionsEditTheSameFileEachOnItsBranchAndDiffShowsEach() {
        Sandbox.Result ca = inside(a, "set -e; printf 'alpha\\n' > file; git add file; " + GIT + " commit -q -m from-a");
        assertEquals(0, ca.exit(), ca.toString());
        Sandbox.Result cb = inside(b, "set -e; printf 'beta\\n' > file; git add file; " + GIT + " commit -q -m from-b");
        assertEquals(0, cb.exit(), cb.toString());
        assertEquals("one", box.sh("cat " + SHOP + "/file").ok().out().strip(), "the main worktree is untouched");
        String da = ccy(null, "diff", a).ok().out();
        assertTrue(da.contains("-one") && da.contains("+alpha") && !da.contains("beta"), da);
        String db = ccy(null, "diff", b, "--", "--stat").ok().out();
        assertTrue(db.contains("file | 2 +-"), db);
        String st = ccy(null, "status", a).ok().out();
        assertTrue(st.contains("ccy/a: 1 commit ahead of main, no uncommitted changes"), st);
        // main moves on: the diff is still what the branch changed since it left main
        box.sh("cd " + SHOP + " && printf 'x\\n' > other && git add other && " + GIT + " commit -q -m main-moves").ok();
        assertFalse(ccy(null, "diff", a).ok().out().contains("other"));
    }

    @Test
    @Order(4)
    void rmRefusesADirtyWorktreeRemovesACleanOneAndKeepsTheBranch() {
        assertEquals(0, inside(a, "printf 'wip\\n' > wip.txt").exit());
        Sandbox.Result refused = ccy(null, "rm", a);
        oneLine(refused, 1, "wip.txt");
        assertTrue(refused.err().contains("--force"), refused.toString());
        assertTrue(ccy(null, "list").ok().out().contains(a), "nothing was removed");
        box.sh("test -f " + WORK + "/shop-a/wip.txt").ok();
        assertTrue(ccy(null, "status", a).ok().out().contains("1 file uncommitted"));

        Sandbox.Result rmB = ccy(null, "rm", b).ok();
        assertTrue(rmB.err().contains("git branch -D ccy/b"), rmB.toString());
        box.sh("test ! -e " + WORK + "/shop-b").ok();
        assertFalse(git("worktree list").contains("shop-b"));
        assertEquals("from-b", git("log --format=%s -1 ccy/b"), "the branch and its commit stay");

        ccy(null, "rm", "--force", a).ok();
        box.sh("test ! -e " + WORK + "/shop-a").ok();
        assertEquals("from-a", git("log --format=%s -1 ccy/a"));
        assertEquals(1, git("worktree list").lines().count(), git("worktree list"));
    }

    @Test
    @Order(5)
    void aVanishedWorktreeIsPrunedFromGitToo() {
        String c = newIn("c").ok().out().strip();
        box.sh("rm -rf " + WORK + "/shop-c").ok();
        ccy(null, "rm", c).ok();
        assertEquals(1, git("worktree list").lines().count(), git("worktree list"));
        assertEquals("", git("worktree prune --dry-run -v"), "git has nothing left to prune");
        Sandbox.Result prune = ccy(null, "prune", "--dry-run").ok();
        assertFalse(prune.out().contains("worktree"), prune.toString());
    }

    @Test
    @Order(6)
    void killedAtEveryPauseOfNewAndRmWithWorktreesNothingIsHalfMade() throws Exception {
        java.nio.file.Path to = box.root().resolve("usr/local/bin/robust.sh");
        java.nio.file.Files.copy(java.nio.file.Path.of("src/test/stress/robust.sh"), to,
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        to.toFile().setExecutable(true, false);
        Sandbox.Result setup = box.userFor(java.time.Duration.ofMinutes(5), null, "robust.sh", "setup");
        assertTrue(setup.out().contains("FIGURE setup"), setup.toString());
        Sandbox.Result r = box.userFor(java.time.Duration.ofMinutes(20), null, "robust.sh", "named", "worktree");
        String out = r.out() + r.err();
        System.out.println("WorktreeSessionsIT: " + out.lines().filter(l -> l.startsWith("FIGURE") || l.startsWith("note")
                || l.startsWith("VIOLATION")).collect(java.util.stream.Collectors.joining(" | ")));
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("FIGURE named points=(\\d+) killed=(\\d+)").matcher(out);
        assertTrue(m.find() && Integer.parseInt(m.group(1)) == 8 && m.group(1).equals(m.group(2)), "every pause point is reached: " + out);
        assertEquals(java.util.List.of(), RobustnessIT.violations(out), out);
        // the repair: prune removes what the kills left, and afterwards git lists only the sessions' worktrees
        Sandbox.Result prune = ccy(null, "prune").ok();
        assertFalse(prune.out().contains("kept"), prune.toString());
        String units = box.sh("cat /home/dev/.config/containers/systemd/ccy-*.container").ok().out();
        String listed = box.sh("git -C " + WORK + "/repo worktree list --porcelain | sed -n 's/^worktree //p' | tail -n +2").ok().out();
        for (String wt : listed.strip().lines().toList()) {
            assertTrue(units.contains("ccy.worktree=" + wt + "\""), wt + " has a session after prune: " + prune);
        }
        long records = box.sh("ls /home/dev/.local/share/ccy/worktrees | grep -c '[.]worktree$' || true").ok().out().strip().isEmpty() ? 0
                : Long.parseLong(box.sh("ls /home/dev/.local/share/ccy/worktrees | grep -c '[.]worktree$' || true").ok().out().strip());
        assertEquals(listed.strip().lines().count(), records, "one record per worktree ccy made, none left over: " + listed);
        Sandbox.Result after = box.userFor(java.time.Duration.ofMinutes(2), null, "robust.sh", "check", "after-prune");
        assertTrue(after.out().contains("violations=0"), after.toString());
    }
}
