package dev.ccy.session.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ccy.CcyException;
import java.util.List;
import org.junit.jupiter.api.Test;

class AgentTest {
    @Test
    void claudeCommandsResumeTheirConversationWithTheSameArguments() {
        Agent a = Agent.of(List.of("claude", "--model", "opus 4"), null);
        assertEquals("if ls \"$HOME\"/.claude/projects/-workspace/*.jsonl >/dev/null 2>&1; then exec claude --model 'opus 4'"
                + " --continue; fi; exec claude --model 'opus 4'", a.resume());
        assertTrue(Agent.CLAUDE.resume().contains("exec claude --dangerously-skip-permissions --continue"));
    }

    @Test
    void otherAgentsRunAgainUnlessToldHowToResume() {
        assertEquals("", Agent.of(List.of("aider"), null).resume());
        assertEquals("my resume", Agent.of(List.of("claude"), "my resume").resume(), "an explicit resume command wins");
        assertEquals("", Agent.of(List.of("claude", "--continue"), null).resume());
        assertEquals(List.of("sh", "-c", "a && b"), Agent.shell("a && b", null).command());
    }

    @Test
    void emptyOrUnwritableCommandsAreRefused() {
        assertThrows(CcyException.class, () -> Agent.of(List.of(), null));
        assertThrows(CcyException.class, () -> Agent.of(List.of(" "), null));
        assertThrows(CcyException.class, () -> Agent.of(List.of("a"), "x\ny"));
    }

    @Test
    void shellQuotingSurvivesSh() {
        assertEquals("'it'\\''s'", Agent.shellQuote("it's"));
        assertEquals("--flag=a/b", Agent.shellQuote("--flag=a/b"));
    }
}
