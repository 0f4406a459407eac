package dev.ccy.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * Conversations that outlive their container, with the real Claude Code taking real turns against
 * the scripted Messages API: ccy rm (and an ephemeral session's end) keeps the session's HOME,
 * ccy new --resume continues it in a new container, only in its own worktree, and rm --purge
 * leaves nothing.
 */
class ConversationsIT extends AgentTurnsTest {
    static final String WORK = "/home/dev/work/convo";
    static final String OTHER = "/home/dev/work/elsewhere";
    static final String KEPT = "/home/dev/.local/share/ccy/conversations";

    @BeforeAll
    void boot() throws Exception {
        bootWithClaude("conversations", WORK);
        box.sh("mkdir -p " + OTHER + "/.git && echo 'ref: refs/heads/main' > " + OTHER + "/.git/HEAD").ok();
    }

    Sandbox.Result newSession(String cwd, String... more) {
        return newAgentSession(cwd, more);
    }

    String containerId(String s) {
        return box.user(null, "podman", "inspect", "--format", "{{.Id}}", s).ok().out().strip();
    }

    /** The kept HOMEs' entries, as paths under KEPT. */
    String keptEntries() {
        return box.sh("cd " + KEPT + " 2>/dev/null && ls -d */ccy-* 2>/dev/null; true").out().strip();
    }

    String first;
    String firstContainer;
    String resumed;

    @Test
    @Order(1)
    void aPromptedSessionsConversationIsKeptWhenItIsRemoved() {
        api.on("TASK-ONE", ScriptedApi.text("The answer to task one is PINEAPPLE."));
        first = newSession(WORK, "--prompt", "TASK-ONE: remember a fruit").ok().out().strip();
        assertTrue(Sandbox.waitFor(Duration.ofSeconds(90), () -> screen(first).contains("PINEAPPLE")),
                "the first turn was answered: " + screen(first));
        firstContainer = containerId(first);
        Sandbox.pause(2000); // Claude Code writes the turn to its transcript as it ends
        Sandbox.Result rm = ccy(WORK, "rm", first).ok();
        assertTrue(rm.err().contains("kept the conversation of " + first), rm.err());
        String entries = keptEntries();
        assertEquals(1, entries.lines().count(), entries);
        assertTrue(box.sh("ls " + KEPT + "/" + entries + "/home/.claude/projects/-workspace/*.jsonl").exit() == 0,
                "the transcript is in the kept HOME: " + box.sh("find " + KEPT).out());
        assertEquals("", box.sh("ls /home/dev/.local/share/ccy/sessions/").out().strip(), "the state directory is gone");
        assertTrue(box.sh("grep -q 'worktree=" + WORK + "' " + KEPT + "/*/worktree").exit() == 0, "labelled with its worktree");
    }

    @Test
    @Order(2)
    void anotherWorktreeIsNotOfferedThisWorktreesHistory() {
        Sandbox.Result none = newSession(OTHER, "--resume");
        assertEquals(3, none.exit(), none.toString());
        assertEquals(1, none.err().strip().lines().count(), none.err());
        assertTrue(none.err().contains("no kept conversation of " + OTHER), none.err());
        assertEquals("", box.sh("ls /home/dev/.config/containers/systemd/ | grep elsewhere; true").out().strip(), "nothing made");
        assertEquals(1, keptEntries().lines().count(), "still kept for its own worktree");
        Sandbox.Result named = newSession(WORK, "--resume", "ccy-nosuch-1");
        assertEquals(3, named.exit(), named.toString());
    }

    @Test
    @Order(3)
    void newResumeContinuesItInANewContainerWithTheEarlierTurns() {
        api.on("TASK-TWO", ScriptedApi.text("Continued: it was PINEAPPLE."));
        Sandbox.Result made = newSession(WORK, "--resume").ok();
        assertTrue(made.err().contains("continuing the conversation of " + first + ", kept "), made.err());
        resumed = made.out().strip();
        assertNotEquals(firstContainer, containerId(resumed), "a new container");
        assertEquals("", keptEntries(), "the kept HOME moved into the new session");
        awaitPromptWithNoDialog(resumed, Duration.ofSeconds(90));
        type(resumed, "TASK-TWO: which fruit was it?");
        assertTrue(Sandbox.waitFor(Duration.ofSeconds(60), () -> screen(resumed).contains("Continued: it was PINEAPPLE.")),
                "the next turn was answered: " + screen(resumed));
        ScriptedApi.Request next = turn("TASK-TWO");
        assertTrue(next.carries("TASK-ONE: remember a fruit"), "the recorded request carries the earlier prompt: " + next.body());
        assertTrue(next.carries("The answer to task one is PINEAPPLE."), "and the earlier reply");
    }

    @Test
    @Order(4)
    void rmPurgeLeavesNothing() {
        Sandbox.Result rm = ccy(WORK, "rm", "--purge", resumed).ok();
        assertFalse(rm.err().contains("kept the conversation"), rm.err());
        assertEquals("", keptEntries());
        assertEquals("", box.sh("ls /home/dev/.local/share/ccy/sessions/").out().strip());
        assertEquals("", box.sh("grep -rl PINEAPPLE /home/dev/.local/share/ccy 2>/dev/null; true").out().strip(),
                "no transcript anywhere in ccy's data");
        Sandbox.Result none = newSession(WORK, "--resume");
        assertEquals(3, none.exit(), none.toString());
    }

    @Test
    @Order(5)
    void anEphemeralSessionsEndKeepsItsConversationToo() {
        api.on("TASK-EPH", ScriptedApi.text("Ephemeral answer MANGO."));
        String eph = newSession(WORK, "--ephemeral", "--prompt", "TASK-EPH: one more").ok().out().strip();
        assertTrue(Sandbox.waitFor(Duration.ofSeconds(90), () -> screen(eph).contains("MANGO")), screen(eph));
        Sandbox.pause(2000);
        ccy(WORK, "stop", eph).ok();
        assertTrue(Sandbox.waitFor(Duration.ofSeconds(30), () -> !keptEntries().isEmpty()), "kept by the unit's end: "
                + box.sh("find " + KEPT + " -maxdepth 3").out());
        assertEquals("", box.sh("ls -A /home/dev/.local/share/ccy/sessions/; ls /home/dev/.config/containers/systemd/ | grep '^ccy-'; true")
                        .out().strip(),
                "the session is gone");
        assertEquals("", box.sh("ls -a " + KEPT + "/*/ | grep '[.]keep$'; true").out().strip(), "nothing half-kept");
        api.on("TASK-EPH2", ScriptedApi.text("Still MANGO."));
        String again = newSession(WORK, "--resume").ok().out().strip();
        awaitPromptWithNoDialog(again, Duration.ofSeconds(90));
        type(again, "TASK-EPH2: and?");
        assertTrue(Sandbox.waitFor(Duration.ofSeconds(60), () -> screen(again).contains("Still MANGO.")), screen(again));
        assertTrue(turn("TASK-EPH2").carries("Ephemeral answer MANGO."), turn("TASK-EPH2").body().toString());
    }

    @Test
    @Order(6)
    void pruneRemovesConversationsKeptLongerThanTheSetting() {
        ccy(WORK, "rm", "--all", "--yes").ok();
        assertEquals(1, keptEntries().lines().count(), "kept again");
        assertFalse(ccy(WORK, "prune", "--dry-run").out().contains("conversation"), "30 days by default: not yet");
        Sandbox.pause(2100);
        Sandbox.Result dry = box.sh("CCY_CONVERSATIONS_KEEP=1s ccy prune --dry-run").ok();
        assertTrue(dry.out().contains("would remove " + KEPT) && dry.out().contains("conversation of ccy-convo-1 in " + WORK), dry.out());
        assertEquals(1, keptEntries().lines().count());
        Sandbox.Result pruned = box.sh("CCY_CONVERSATIONS_KEEP=1s ccy prune").ok();
        assertTrue(pruned.out().contains("removed " + KEPT), pruned.out());
        assertEquals("", keptEntries());
    }
}
