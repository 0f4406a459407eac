package dev.ccy.session.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.ccy.CcyException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ActivityHooksTest {
    @TempDir
    Path dir;

    AgentProfile claude = AgentProfile.load("claude", List.of());

    JsonObject settings(Path home) throws Exception {
        return JsonParser.parseString(Files.readString(home.resolve(".claude/settings.json"))).getAsJsonObject();
    }

    @Test
    void theClaudeProfileHooksEveryEventTheIssueNames() {
        ActivityHooks h = claude.activity();
        assertEquals(".claude/settings.json", h.file());
        assertEquals(Map.of("SessionStart", "idle", "UserPromptSubmit", "working", "PreToolUse", "working", "PostToolUse", "working",
                "Notification", "waiting", "Stop", "idle", "SessionEnd", "exited"), h.events());
        assertEquals(Map.of("AskUserQuestion", "waiting"), h.tools());
    }

    @Test
    void theHooksGoBesideTheUsersOwnAndSeedingAgainAddsNothing() throws Exception {
        Path home = dir.resolve("home");
        Files.createDirectories(home.resolve(".claude"));
        Files.writeString(home.resolve(".claude/settings.json"), """
                {"model": "opus", "hooks": {"Stop": [{"hooks": [{"type": "command", "command": "notify-me"}]}],
                 "PreToolUse": [{"matcher": "Bash", "hooks": [{"type": "command", "command": "audit"}]}]}}
                """);
        HomeSeeder.seed(home, claude, claude.command());
        JsonObject s = settings(home);
        assertEquals("opus", s.get("model").getAsString());
        JsonArray stop = s.getAsJsonObject("hooks").getAsJsonArray("Stop");
        assertEquals(2, stop.size(), stop.toString());
        assertEquals("notify-me", stop.get(0).getAsJsonObject().getAsJsonArray("hooks").get(0).getAsJsonObject().get("command").getAsString());
        assertTrue(stop.get(1).toString().contains("ccy-activity Stop idle"), stop.toString());
        JsonArray pre = s.getAsJsonObject("hooks").getAsJsonArray("PreToolUse");
        assertEquals("Bash", pre.get(0).getAsJsonObject().get("matcher").getAsString());
        assertEquals("*", pre.get(1).getAsJsonObject().get("matcher").getAsString());
        assertTrue(pre.get(1).toString().contains("AskUserQuestion=waiting"), pre.toString());
        for (String e : claude.activity().events().keySet()) {
            assertTrue(s.getAsJsonObject("hooks").has(e), e);
        }
        String once = Files.readString(home.resolve(".claude/settings.json"));
        HomeSeeder.seed(home, claude, claude.command());
        assertEquals(once, Files.readString(home.resolve(".claude/settings.json")), "idempotent");
    }

    @Test
    void hooksThatAreNotAnObjectAreLeftAlone() throws Exception {
        JsonObject s = JsonParser.parseString("{\"hooks\": \"mine\"}").getAsJsonObject();
        assertFalse(claude.activity().mergeInto(s));
        assertEquals("mine", s.get("hooks").getAsString());
        JsonObject t = JsonParser.parseString("{\"hooks\": {\"Stop\": 5}}").getAsJsonObject();
        claude.activity().mergeInto(t);
        assertEquals(5, t.getAsJsonObject("hooks").get("Stop").getAsInt(), "an event's non-list value is kept");
    }

    @Test
    void aProfilesActivityTableIsChecked() {
        for (String bad : List.of("[activity]\nhooks_file = \"/etc/x\"\n", "[activity]\nhooks_file = \"s.json\"\n[activity.events]\nStop = \"asleep\"\n",
                "[activity]\nhooks_file = \"s.json\"\n[activity.events]\n\"St op\" = \"idle\"\n", "activity = 3\n",
                "[activity]\nhooks_file = \"s.json\"\n[activity.tools]\nX = 1\n")) {
            assertEquals(2, assertThrows(CcyException.class, () -> AgentProfile.parse("x", "command = [\"x\"]\n" + bad, "x.toml")).exitCode(), bad);
        }
        assertEquals(null, AgentProfile.parse("x", "command = [\"x\"]\n", "x.toml").activity());
    }

    /** Runs the hook command for {@code event} as Claude Code does: through sh, its JSON on stdin. */
    String[] run(Path state, String event, String input) throws Exception {
        ProcessBuilder pb = new ProcessBuilder("sh", "-c", claude.activity().command(event));
        pb.environment().put("CCY_STATE", state.toString());
        Process p = pb.start();
        p.getOutputStream().write(input.getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8)
                + new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), event);
        assertEquals("", out, "a hook prints nothing (SessionStart's stdout would go into the conversation)");
        String text = Files.readString(state.resolve(ActivityRecord.FILE));
        return text.substring(0, text.indexOf('\n')).split(" ");
    }

    @Test
    void theHookCommandsWriteTheRecordTheHostReads() throws Exception {
        Path state = Files.createDirectories(dir.resolve("state"));
        String[] start = run(state, "SessionStart", "{\"hook_event_name\":\"SessionStart\"}");
        assertEquals(List.of("ccy-activity", "1", "idle"), List.of(start).subList(0, 3));
        assertEquals("SessionStart", start[4]);
        String[] prompt = run(state, "UserPromptSubmit", "{\"prompt\":\"do it\"}");
        assertEquals("working", prompt[2]);
        // the same activity keeps its start: make the recorded one older, then a tool call
        Path f = state.resolve(ActivityRecord.FILE);
        Files.writeString(f, Files.readString(f).replaceFirst(" working \\d+ ", " working 1000 "));
        String[] tool = run(state, "PreToolUse", "{\"tool_name\":\"Bash\",\"tool_input\":{\"command\":\"ls\"}}");
        assertEquals("working", tool[2]);
        assertEquals("1000", tool[3], "tool after tool is one working");
        String[] ask = run(state, "PreToolUse", "{\"tool_name\": \"AskUserQuestion\",\"tool_input\":{\"questions\":[{\"question\":\"Which?\"}]}}");
        assertEquals("waiting", ask[2]);
        assertNotEquals("1000", ask[3]);
        ActivityRecord r = ActivityRecord.read(state).orElseThrow();
        assertEquals("Which?", r.message());
        assertEquals("PreToolUse", r.event());
        run(state, "Stop", "{\"last_assistant_message\":\"All done.\"}");
        assertEquals("All done.", ActivityRecord.read(state).orElseThrow().message());
        // SessionStart after a restart starts afresh even when the activity is the same
        Files.writeString(f, Files.readString(f).replaceFirst(" idle \\d+ ", " idle 1000 "));
        assertNotEquals("1000", run(state, "SessionStart", "{}")[3]);
        // a big input is cut, not a failure; no temp files are left behind
        String big = "{\"message\":\"" + "x".repeat(200_000) + "\"}";
        assertEquals("waiting", run(state, "Notification", big)[2]);
        assertTrue(Files.size(f) <= ActivityRecord.MAX_BYTES);
        try (var files = Files.list(state)) {
            assertEquals(List.of(ActivityRecord.FILE), files.map(p -> p.getFileName().toString()).toList());
        }
        assertEquals("exited", run(state, "SessionEnd", "{}")[2]);
    }

    @Test
    void aSessionGivenATaskIsWorkingFromItsFirstEventNotIdle() throws Exception {
        Path state = Files.createDirectories(dir.resolve("task"));
        Files.writeString(state.resolve(ActivityRecord.FILE), "ccy-activity 1 starting 1000 ccy\n");
        Files.writeString(state.resolve("prompt"), "do the task");
        assertEquals("working", run(state, "SessionStart", "{\"source\":\"startup\"}")[2]);
        assertEquals("idle", run(state, "Stop", "{}")[2]);
        assertEquals("idle", run(state, "SessionStart", "{\"source\":\"resume\"}")[2], "a later start is idle again");
        Path plain = Files.createDirectories(dir.resolve("plain"));
        Files.writeString(plain.resolve(ActivityRecord.FILE), "ccy-activity 1 starting 1000 ccy\n");
        assertEquals("idle", run(plain, "SessionStart", "{}")[2], "no task: the prompt waits for its user");
    }
}
