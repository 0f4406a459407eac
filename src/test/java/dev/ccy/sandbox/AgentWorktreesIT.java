package dev.ccy.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * Issue 18 with the real Claude Code taking real turns (the scripted Messages API): two sessions
 * made with ccy new --worktree edit the same file differently, each commits on its own branch from
 * inside its container, ccy diff shows each one's change alone, ccy rm keeps both branches; and a
 * conversation kept from a linked worktree continues with --resume --same-project in the main
 * worktree and in a new one (--worktree), carrying that session's turns and not the other's.
 * (WorktreeSessionsIT drives the same verbs with a shell instead of an agent.)
 */
class AgentWorktreesIT extends AgentTurnsTest {
    static final String WORK = "/home/dev/work";
    static final String SHOP = WORK + "/shop";
    static final String GIT = GitCheckoutsIT.GIT;
    /** The agent commits with an identity of its own: the sandbox's user has none configured. */
    static final String AGENT_GIT = "git -c user.name=Agent -c user.email=agent@example.invalid";

    String a;
    String b;

    @BeforeAll
    void boot() throws Exception {
        bootWithClaude("agent-worktrees", WORK + "/plain");
        box.sh("set -e; mkdir -p " + SHOP + "; cd " + SHOP + "; git init -q -b main; printf 'one\\n' > app.txt; git add app.txt; "
                + GIT + " commit -q -m start").ok();
    }

    String git(String args) {
        return box.sh("git -C " + SHOP + " " + args).ok().out().strip();
    }

    /** The scripted turn: one Bash tool call that writes content into app.txt and commits it in /workspace. */
    void scriptCommit(String marker, String content, String message) {
        api.on(marker, ScriptedApi.bash("cd /workspace && printf '" + content + "\\n' > app.txt && " + AGENT_GIT
                        + " commit -q -am " + message + " && git log -1 --format=%s"),
                ScriptedApi.text("Committed " + content + " on my branch."));
    }

    boolean committed(String branch, String message) {
        return box.sh("git -C " + SHOP + " log -1 --format=%s " + branch + " 2>/dev/null").out().strip().equals(message);
    }

    @Test
    @Order(1)
    void twoAgentsEditTheSameFileEachCommitsOnItsOwnBranch() {
        scriptCommit("TASK-ALPHA", "alpha", "from-a");
        scriptCommit("TASK-BETA", "beta", "from-b");
        a = newAgentSession(SHOP, "--worktree", "a", "--prompt", "TASK-ALPHA: write alpha into app.txt and commit").ok().out().strip();
        b = newAgentSession(SHOP, "--worktree", "b", "--prompt", "TASK-BETA: write beta into app.txt and commit").ok().out().strip();
        assertTrue(Sandbox.waitFor(Duration.ofSeconds(120), () -> committed("ccy/a", "from-a")),
                "a's agent committed on ccy/a: " + git("log --all --oneline") + "\n" + screen(a));
        assertTrue(Sandbox.waitFor(Duration.ofSeconds(120), () -> committed("ccy/b", "from-b")),
                "b's agent committed on ccy/b: " + git("log --all --oneline") + "\n" + screen(b));
        assertTrue(Sandbox.waitFor(Duration.ofSeconds(30), () -> screen(a).contains("Committed alpha on my branch.")), screen(a));
        assertTrue(Sandbox.waitFor(Duration.ofSeconds(30), () -> screen(b).contains("Committed beta on my branch.")), screen(b));

        assertEquals("alpha", git("show ccy/a:app.txt"));
        assertEquals("beta", git("show ccy/b:app.txt"));
        assertEquals("1", git("rev-list --count main..ccy/a"), "one commit each, on top of main");
        assertEquals("1", git("rev-list --count main..ccy/b"));
        assertEquals("Agent", git("log -1 --format=%an ccy/a"), "made inside, by the agent");
        assertEquals("alpha", box.sh("cat " + WORK + "/shop-a/app.txt").ok().out().strip(), "each worktree has its own");
        assertEquals("beta", box.sh("cat " + WORK + "/shop-b/app.txt").ok().out().strip());
        assertEquals("one", box.sh("cat " + SHOP + "/app.txt").ok().out().strip(), "the main worktree is untouched");
        assertEquals("", git("status --porcelain"), "and clean");
        assertEquals("start", git("log -1 --format=%s main"), "main has no commit of theirs");
        assertTrue(api.agentTurns().stream().anyMatch(r -> r.carries("tool_result") && r.carries("TASK-ALPHA") && r.carries("from-a")),
                "the command's output went back to the API");
    }

    @Test
    @Order(2)
    void ccyDiffShowsEachSessionsChangeAndNotTheOthers() {
        String da = ccy(null, "diff", a).ok().out();
        assertTrue(da.contains("-one") && da.contains("+alpha"), da);
        assertFalse(da.contains("beta"), da);
        String db = ccy(null, "diff", b).ok().out();
        assertTrue(db.contains("-one") && db.contains("+beta"), db);
        assertFalse(db.contains("alpha"), db);
        String st = ccy(null, "status", a).ok().out();
        assertTrue(st.contains("ccy/a: 1 commit ahead of main, no uncommitted changes"), st);
    }

    @Test
    @Order(3)
    void rmOfBothRemovesTheWorktreesAndKeepsTheBranches() {
        Sandbox.Result rmA = ccy(null, "rm", a).ok();
        assertTrue(rmA.err().contains("git branch -D ccy/a"), rmA.toString());
        assertTrue(rmA.err().contains("kept the conversation of " + a), rmA.toString());
        Sandbox.Result rmB = ccy(null, "rm", b).ok();
        assertTrue(rmB.err().contains("git branch -D ccy/b"), rmB.toString());
        box.sh("test ! -e " + WORK + "/shop-a && test ! -e " + WORK + "/shop-b").ok();
        assertEquals(1, git("worktree list").lines().count(), git("worktree list"));
        assertEquals("from-a", git("log -1 --format=%s ccy/a"), "the branches and their commits stay");
        assertEquals("from-b", git("log -1 --format=%s ccy/b"));
        assertEquals("alpha", git("show ccy/a:app.txt"));
        assertEquals("beta", git("show ccy/b:app.txt"));
        assertEquals("one", box.sh("cat " + SHOP + "/app.txt").ok().out().strip());
    }

    @Test
    @Order(4)
    void aConversationOfALinkedWorktreeContinuesInTheMainWorktreeWithSameProject() {
        Sandbox.Result mineOnly = newAgentSession(SHOP, "--resume");
        assertEquals(3, mineOnly.exit(), "the main worktree has none of its own: " + mineOnly);
        assertEquals(1, mineOnly.err().strip().lines().count(), mineOnly.toString());
        assertTrue(mineOnly.err().contains("no kept conversation of " + SHOP + " "), mineOnly.toString());

        api.on("TASK-NEXT", ScriptedApi.text("Earlier I committed alpha."));
        Sandbox.Result made = newAgentSession(SHOP, "--resume", a, "--same-project").ok();
        assertTrue(made.err().contains("continuing the conversation of " + a) && made.err().contains(" in " + WORK + "/shop-a"),
                made.toString());
        String resumed = made.out().strip();
        assertEquals(SHOP, box.user(null, "podman", "inspect", "--format", "{{index .Config.Labels \"ccy.worktree\"}}", resumed)
                .ok().out().strip(), "the new session works in the main worktree");
        awaitPromptWithNoDialog(resumed, Duration.ofSeconds(90));
        sayAndAwait(resumed, "TASK-NEXT: what did you commit?", "Earlier I committed alpha.");
        ScriptedApi.Request next = turn("TASK-NEXT");
        assertTrue(next.carries("TASK-ALPHA: write alpha"), "the request carries a's prompt: " + next.body());
        assertTrue(next.carries("Committed alpha on my branch."), "and a's reply");
        assertFalse(next.carries("TASK-BETA"), "and nothing of b's conversation");
        assertEquals("one", exec(resumed, "cat", "/workspace/app.txt").ok().out().strip(), "its /workspace is the main worktree");
        ccy(null, "rm", "--purge", resumed).ok();
    }

    @Test
    @Order(5)
    void aConversationOfALinkedWorktreeContinuesInANewWorktreeOfTheProject() {
        api.on("TASK-AFTER-B", ScriptedApi.text("Earlier I committed beta."));
        Sandbox.Result made = newAgentSession(SHOP, "--worktree", "c", "--resume", b, "--same-project").ok();
        assertTrue(made.err().contains("continuing the conversation of " + b) && made.err().contains(" in " + WORK + "/shop-b"),
                made.toString());
        String c = made.out().strip();
        assertEquals(WORK + "/shop-c|ccy/c", box.user(null, "podman", "inspect", "--format",
                "{{index .Config.Labels \"ccy.worktree\"}}|{{index .Config.Labels \"ccy.branch\"}}", c).ok().out().strip());
        awaitPromptWithNoDialog(c, Duration.ofSeconds(90));
        sayAndAwait(c, "TASK-AFTER-B: and you?", "Earlier I committed beta.");
        ScriptedApi.Request next = turn("TASK-AFTER-B");
        assertTrue(next.carries("TASK-BETA: write beta") && next.carries("Committed beta on my branch."), next.body().toString());
        assertFalse(next.carries("TASK-ALPHA"), "nothing of a's conversation");
        assertEquals("one", exec(c, "cat", "/workspace/app.txt").ok().out().strip(), "the new worktree starts from main");
        ccy(null, "rm", "--purge", c).ok();
        box.sh("test ! -e " + WORK + "/shop-c").ok();
        assertEquals("from-b", git("log -1 --format=%s ccy/b"), "b's branch is still there");
        assertEquals(1, git("worktree list").lines().count(), git("worktree list"));
    }
}
