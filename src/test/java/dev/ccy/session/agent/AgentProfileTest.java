package dev.ccy.session.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ccy.CcyException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AgentProfileTest {
    @TempDir
    Path dir;

    @Test
    void theBuiltInClaudeProfileSaysWhatCcyKnowsAboutClaudeCode() {
        AgentProfile p = AgentProfile.load("claude", List.of(dir.resolve("none")));
        assertEquals(List.of("claude", "--dangerously-skip-permissions"), p.command());
        assertEquals(Agent.CLAUDE.resume(), p.resume(), "the same resume as the built-in Agent.CLAUDE");
        assertEquals("claude-oauth-token", p.secrets().get("CLAUDE_CODE_OAUTH_TOKEN"));
        // the API key goes to a variable of ccy's own: with ANTHROPIC_API_KEY set, Claude Code stops at a dialog
        assertEquals("anthropic-api-key", p.secrets().get("CCY_ANTHROPIC_API_KEY"));
        assertFalse(p.secrets().containsKey("ANTHROPIC_API_KEY"));
        assertEquals("1", p.environment().get("IS_SANDBOX"));
        assertEquals(".claude/CLAUDE.md", p.contextPath());
        assertTrue(p.contextText().contains("/workspace"));
        assertEquals(3, p.seeds().size(), "two for .claude.json, the apiKeyHelper for settings.json");
        assertEquals("@anthropic-ai/claude-code", p.npmPackage());
    }

    @Test
    void theBuiltInCodexProfileParses() {
        AgentProfile p = AgentProfile.load("codex", List.of());
        assertEquals("codex", p.command().get(0));
        assertEquals("openai-api-key", p.secrets().get("OPENAI_API_KEY"));
        assertEquals("@openai/codex", p.npmPackage());
    }

    @Test
    void aUsersProfileOverridesTheSystemsWhichOverridesCcys() throws Exception {
        Path user = dir.resolve("user");
        Path system = dir.resolve("system");
        Files.createDirectories(user.resolve("agents"));
        Files.createDirectories(system.resolve("agents"));
        Files.writeString(system.resolve("agents/claude.toml"), "command = [\"claude\", \"--system\"]\n");
        Files.writeString(system.resolve("agents/aider.toml"), "command = [\"aider\"]\n");
        assertEquals(List.of("claude", "--system"), AgentProfile.load("claude", List.of(user, system)).command());
        Files.writeString(user.resolve("agents/claude.toml"), "command = [\"claude\", \"--user\"]\n");
        assertEquals(List.of("claude", "--user"), AgentProfile.load("claude", List.of(user, system)).command());
        assertEquals(List.of("aider", "claude", "codex"), AgentProfile.available(List.of(user, system)));
        CcyException e = assertThrows(CcyException.class, () -> AgentProfile.load("nope", List.of(user, system)));
        assertEquals(2, e.exitCode());
        assertTrue(e.getMessage().contains("known: aider, claude, codex"), e.getMessage());
    }

    @Test
    void aPromptBecomesTheLastArgument() {
        AgentProfile p = AgentProfile.parse("x", "command = [\"x\", \"-y\"]\n", "t");
        assertEquals(List.of("x", "-y", "fix the bug"), p.agent("fix the bug").command());
        AgentProfile f = AgentProfile.parse("x", "command = [\"x\"]\nprompt_flag = \"-p\"\n", "t");
        assertEquals(List.of("x", "-p", "do it"), f.agent("do it").command());
        assertEquals(List.of("x"), f.agent(null).command());
    }

    @Test
    void badProfilesSayWhatIsWrongInOneLine() {
        Map<String, String> bad = Map.of(
                "command = \"claude\"\n", "command must be a list of strings",
                "command = []\n", "command is empty",
                "command = [\"x\"]\n[[seed]]\npath = \"/etc/passwd\"\ncreate = \"x\"\n", "relative to HOME",
                "command = [\"x\"]\n[[seed]]\npath = \"../x\"\ncreate = \"x\"\n", "relative to HOME",
                "command = [\"x\"]\n[[seed]]\npath = \"a.json\"\nmerge = \"{nope\"\n", "not valid JSON",
                "command = [\"x\"]\n[[seed]]\npath = \"a.json\"\nmerge = \"[1]\"\n", "not a JSON object",
                "command = [\"x\"]\n[[seed]]\npath = \"a.json\"\n", "needs one of merge or create",
                "command = [\"x\"]\n[environment]\n\"A B\" = \"1\"\n", "not an environment variable name",
                "command = [\"x\"\n", ""); // the parser's own words, on one line
        bad.forEach((toml, why) -> {
            CcyException e = assertThrows(CcyException.class, () -> AgentProfile.parse("x", toml, "x.toml"), toml);
            assertTrue(e.getMessage().contains(why) && e.getMessage().startsWith("agent profile x.toml"), e.getMessage());
            assertFalse(e.getMessage().contains("\n"), e.getMessage());
            assertEquals(2, e.exitCode());
        });
        assertThrows(CcyException.class, () -> AgentProfile.checkName("../claude"));
    }

    /**
     * Issue 13: a user's profile override (templates/agents/NAME.toml) fuzzed with garbage, empty,
     * huge, wrong-type, deeply nested, non-UTF-8, fifo and directory contents: a profile or a
     * one-line usage error, never an exception or a hang.
     */
    @Test
    void profileOverridesFuzzedAreAProfileOrAOneLineError(@TempDir Path tmp) throws Exception {
        Path agents = Files.createDirectories(tmp.resolve("agents"));
        Path f = agents.resolve("fuzz.toml");
        List<String> texts = List.of("", "\n\n", "garbage ][ \u0000", "command = 5", "command = []", "command = [1, 2]",
                "command = [[\"a\"]]", "command = [\"a\"]\nresume = [1]", "command = [\"a\"]\nenvironment = 5",
                "command = [\"a\"]\n[environment]\nA = [1]", "command = [\"a\"]\n[environment]\nA = { b = 1 }",
                "command = [\"a\"]\n[secrets]\nA = 1", "command = [\"a\"]\nseed = 5", "command = [\"a\"]\nseed = [1]",
                "command = [\"a\"]\n[[seed]]\npath = 5", "command = [\"a\"]\n[[seed]]\npath = \"../../etc/passwd\"",
                "command = [\"a\"]\n[[seed]]\npath = \"/etc/passwd\"", "command = [\"a\"]\n[context]\npath = [1]",
                "command = [\"a\"]\n[tmux]\nprompt_flag = {}", "command = [\"a\\nExec=evil\"]", "command = [\"" + "x".repeat(200_000) + "\"]", "command = [\"a\"]\n[environment]\nA = \"1\"",
                "command = " + "[".repeat(3_000) + "]".repeat(3_000), "[" + "a.".repeat(1_000) + "b]");
        int tried = 0;
        int refused = 0;
        for (String text : texts) {
            Files.writeString(f, text);
            refused += profileOutcome(tmp, text.substring(0, Math.min(40, text.length()))).equals("refused") ? 1 : 0;
            tried++;
        }
        Files.write(f, new byte[] {'c', 'o', 'm', 'm', 'a', 'n', 'd', '=', '"', (byte) 0xff, '"'});
        refused += profileOutcome(tmp, "not UTF-8").equals("refused") ? 1 : 0;
        Files.delete(f);
        Files.createDirectories(f);
        refused += profileOutcome(tmp, "a directory").equals("refused") ? 1 : 0;
        Files.delete(f);
        assertEquals(0, new ProcessBuilder("mkfifo", f.toString()).start().waitFor());
        refused += profileOutcome(tmp, "a fifo").equals("refused") ? 1 : 0;
        Files.delete(f);
        tried += 3;
        assertTrue(refused < tried, "some inputs are profiles: the checks past parsing ran too");
        System.out.println("AgentProfileTest: profile overrides: " + tried + " inputs tried, " + refused
                + " refused with a one-line usage error, 0 stack traces, 0 hangs");
    }

    static String profileOutcome(Path dir, String what) throws Exception {
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newSingleThreadExecutor();
        try {
            return pool.submit(() -> {
                try {
                    AgentProfile.load("fuzz", List.of(dir));
                    return "loaded";
                } catch (CcyException e) {
                    assertEquals(1, e.getMessage().strip().lines().count(), what + ": " + e.getMessage());
                    assertTrue(e.getMessage().length() < 1_000, what + ": a short message");
                    return "refused";
                } catch (RuntimeException | StackOverflowError e) {
                    throw new AssertionError(what + ": " + e, e);
                }
            }).get(10, java.util.concurrent.TimeUnit.SECONDS);
        } finally {
            pool.shutdownNow();
        }
    }
}
