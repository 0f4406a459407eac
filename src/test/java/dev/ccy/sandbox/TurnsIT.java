package dev.ccy.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * The real Claude Code taking real turns in a session: its requests go to the scripted Messages
 * API ({@link ScriptedApi}, in this JVM, reached from the session's container), which answers with
 * text and with tool calls that Claude Code really runs in the container.
 */
class TurnsIT extends AgentTurnsTest {
    static final String WORK = "/home/dev/work/turns";

    @BeforeAll
    void boot() throws Exception {
        bootWithClaude("turns", WORK);
    }

    /** ccy new for the real Claude Code, talking to the scripted API. */
    Sandbox.Result newSession(String... more) {
        return newAgentSession(WORK, more);
    }

    boolean requested(Predicate<ScriptedApi.Request> what) {
        return api.agentTurns().stream().anyMatch(what);
    }

    String session;

    @Test
    @Order(1)
    void aPromptIsDoneWithNobodyAttachedAndTheFileItWroteIsInTheWorktree() {
        api.on("TASK-WRITE", ScriptedApi.bash("echo written by the agent > /workspace/agent-wrote.txt"),
                ScriptedApi.text("I wrote agent-wrote.txt for you."));
        session = newSession("--prompt", "TASK-WRITE: put a file in the workspace").ok().out().strip();
        assertTrue(Sandbox.waitFor(Duration.ofSeconds(90), () -> box.sh("test -f " + WORK + "/agent-wrote.txt").exit() == 0),
                "the agent ran the tool call: " + api.requests().size() + " requests\n" + screen(session));
        assertEquals("written by the agent", box.sh("cat " + WORK + "/agent-wrote.txt").ok().out().strip(), "on the host");
        assertTrue(Sandbox.waitFor(Duration.ofSeconds(30), () -> screen(session).contains("I wrote agent-wrote.txt for you.")),
                "the turn ended with the scripted text: " + screen(session));
        // it sent the command's result back, in a request that carries the prompt it started with
        assertTrue(requested(r -> r.carries("tool_result") && r.carries("TASK-WRITE: put a file")), api.agentTurns().toString());
        assertEquals("", exec(session, "tmux", "list-clients").ok().out().strip(), "nobody attached");
    }

    @Test
    @Order(2)
    void theSessionsTmuxHasFocusEventsOnSoClaudeCodeDoesNotAskForThem() {
        assertEquals("on", exec(session, "tmux", "show-options", "-gv", "focus-events").ok().out().strip());
        assertFalse(screen(session).contains("focus-events off"), screen(session));
    }

    @Test
    @Order(3)
    void afterAPowerLossInTheMiddleOfATurnTheSameConversationContinuesWithNoDialog() throws Exception {
        api.on("TASK-LONG", ScriptedApi.slowText("thinking about it for a long time, " + "and more ".repeat(30), Duration.ofSeconds(120)));
        api.on("TASK-AFTER", ScriptedApi.text("Continuing where we were."));
        type(session, "TASK-LONG: take your time");
        assertTrue(Sandbox.waitFor(Duration.ofSeconds(30), () -> requested(r -> r.newInput().toString().contains("TASK-LONG"))),
                "the long turn began: " + screen(session));
        Sandbox.pause(2000); // in the middle of its stream
        box.kill();
        box.boot();
        awaitPromptWithNoDialog(session, Duration.ofSeconds(120));
        type(session, "TASK-AFTER: go on");
        assertTrue(Sandbox.waitFor(Duration.ofSeconds(60), () -> screen(session).contains("Continuing where we were.")),
                "the next turn was answered: " + screen(session));
        ScriptedApi.Request after = api.agentTurns().stream().filter(r -> r.newInput().toString().contains("TASK-AFTER"))
                .findFirst().orElseThrow();
        assertTrue(after.carries("TASK-WRITE: put a file"), "the next request carries the earlier turns: " + after.body());
        assertTrue(after.carries("I wrote agent-wrote.txt for you."), "and the agent's replies in them");
        assertTrue(after.carries("agent-wrote.txt") && after.carries("tool_use"), "and its tool call");
    }

    @Test
    @Order(4)
    void aScriptedQuestionReachesTheUserAndTheAnswerGoesBackToTheApi() {
        api.on("TASK-ASK", ScriptedApi.question("Which colour shall the file be?", "Crimson", "Teal"),
                ScriptedApi.text("Crimson it is, then."));
        type(session, "TASK-ASK: ask me something");
        assertTrue(Sandbox.waitFor(Duration.ofSeconds(30), () -> screen(session).contains("Which colour shall the file be?")),
                "Claude Code asks its user: " + screen(session));
        assertTrue(screen(session).contains("Crimson") && screen(session).contains("Teal"), screen(session));
        // the first option is preselected; a review step, where Claude Code shows one, takes another Enter
        Predicate<ScriptedApi.Request> answered = r -> r.carries("tool_result") && r.newInput().toString().contains("Crimson");
        for (int i = 0; i < 3 && !requested(answered); i++) {
            exec(session, "tmux", "send-keys", "-t", "main:^", "Enter").ok();
            Sandbox.waitFor(Duration.ofSeconds(5), () -> requested(answered));
        }
        assertTrue(requested(answered), "the answer went back as the tool's result: " + screen(session));
        assertTrue(Sandbox.waitFor(Duration.ofSeconds(30), () -> screen(session).contains("Crimson it is, then.")), screen(session));
    }

    @Test
    @Order(5)
    void anApiErrorIsShownAndThePromptComesBack() {
        api.on("TASK-FAIL", ScriptedApi.error(400, "invalid_request_error", "scripted failure for the test"));
        type(session, "TASK-FAIL: this one fails");
        assertTrue(Sandbox.waitFor(Duration.ofSeconds(30), () -> screen(session).contains("scripted failure for the test")),
                "the API's message is on the screen: " + screen(session));
        api.on("TASK-AGAIN", ScriptedApi.text("Fine again."));
        type(session, "TASK-AGAIN: and now?");
        assertTrue(Sandbox.waitFor(Duration.ofSeconds(30), () -> screen(session).contains("Fine again.")),
                "the session takes the next turn: " + screen(session));
    }
}
