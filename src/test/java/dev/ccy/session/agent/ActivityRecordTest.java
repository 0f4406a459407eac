package dev.ccy.session.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The agent writes the activity record: everything odd in it reads as no record, never an exception. */
class ActivityRecordTest {
    static final Instant T = Instant.parse("2026-12-03T07:00:00Z");

    @TempDir
    Path dir;

    Optional<ActivityRecord> parse(String text) {
        return ActivityRecord.parse(text, T);
    }

    @Test
    void aHooksRecordGivesActivitySinceEventAndMessage() {
        ActivityRecord r = parse("ccy-activity 1 waiting " + (T.getEpochSecond() - 60) + " Notification\n"
                + "{\"hook_event_name\":\"Notification\",\"message\":\"Claude needs your permission to use Bash\"}").orElseThrow();
        assertEquals("waiting", r.activity());
        assertEquals(T.minusSeconds(60), r.since());
        assertEquals("Notification", r.event());
        assertEquals("Claude needs your permission to use Bash", r.message());
        assertEquals(T, r.written());
    }

    @Test
    void aQuestionIsTheWaitingMessageAndTheLastReplyTheIdleOne() {
        String ask = "{\"tool_name\":\"AskUserQuestion\",\"tool_input\":{\"questions\":[{\"question\":\"Which colour?\",\"options\":[]}]}}";
        assertEquals("Which colour?", parse("ccy-activity 1 waiting 1 PreToolUse\n" + ask).orElseThrow().message());
        assertEquals("Done: two files.", parse("ccy-activity 1 idle 1 Stop\n{\"last_assistant_message\":\"Done:\\n\\n two files.\"}")
                .orElseThrow().message(), "one line");
        assertEquals("", parse("ccy-activity 1 working 1 PreToolUse\n{\"message\":\"not for working\"}").orElseThrow().message());
        assertEquals("", parse("ccy-activity 1 idle 1 SessionStart\n").orElseThrow().message(), "no input: no message");
    }

    @Test
    void badHeadersAreNoRecord() {
        for (String bad : List.of("", "\n", "garbage", "ccy-activity 2 idle 1 Stop", "ccy-activity 1 sleeping 1 Stop",
                "ccy-activity 1 idle -5 Stop", "ccy-activity 1 idle 1 Stop extra", "ccy-activity 1 idle 99999999999999 Stop",
                "ccy-activity 1 idle 1 St\u0000op", " ccy-activity 1 idle 1 Stop", "ccy-activity 1 idle 1 " + "E".repeat(41),
                "\u00ff\u00fe")) {
            assertEquals(Optional.empty(), parse(bad), bad);
        }
    }

    @Test
    void aBodyOfTheWrongShapeLeavesTheActivityButNoMessage() {
        for (String body : List.of("[1,2]", "\"text\"", "{\"message\": 42}", "{\"message\": {\"a\": 1}}", "{\"message\": [\"x\"]}",
                "{\"message\": \"cut sh", "{\"tool_input\": {\"questions\": [7]}}", "{\"tool_input\": {\"questions\": \"x\"}}",
                "[".repeat(100_000), "{\"a\":" + "{\"a\":".repeat(5000), "\u0000\u0001", "{} trailing", "null")) {
            ActivityRecord r = parse("ccy-activity 1 waiting 1 Notification\n" + body).orElseThrow();
            assertEquals("waiting", r.activity(), body.length() > 40 ? body.substring(0, 40) : body);
            assertTrue(r.message().isEmpty() || r.message().equals("{} trailing"), r.message());
        }
    }

    @Test
    void messagesAreShortPrintableLines() {
        String m = parse("ccy-activity 1 waiting 1 Notification\n{\"message\":\"\\u001b[31mred\\u0007 \\u202eevil " + "x".repeat(1000) + "\"}")
                .orElseThrow().message();
        assertTrue(m.length() <= ActivityRecord.MAX_MESSAGE, m);
        assertTrue(m.startsWith("[31mred evil x"), m);
        assertTrue(m.chars().noneMatch(c -> c < 0x20 || c == 0x7f || c == 0x202e), m);
        assertTrue(m.endsWith("…"));
    }

    @Test
    void aSinceAfterTheWriteIsTheWrite() {
        assertEquals(T, parse("ccy-activity 1 idle " + (T.getEpochSecond() + 3600) + " Stop").orElseThrow().since());
    }

    @Test
    void readsOnlyASmallRegularFileAndNeverThroughALink() throws Exception {
        Path f = dir.resolve(ActivityRecord.FILE);
        Files.writeString(f, "ccy-activity 1 idle 1 Stop\n{}");
        Files.setLastModifiedTime(f, FileTime.from(T));
        assertEquals("idle", ActivityRecord.read(dir).orElseThrow().activity());
        assertEquals(T, ActivityRecord.read(dir).orElseThrow().written());
        Files.writeString(f, "ccy-activity 1 idle 1 Stop\n" + " ".repeat(ActivityRecord.MAX_BYTES));
        assertEquals(Optional.empty(), ActivityRecord.read(dir), "too big");
        Files.delete(f);
        Path elsewhere = Files.writeString(dir.resolve("elsewhere"), "ccy-activity 1 idle 1 Stop\n");
        Files.createSymbolicLink(f, elsewhere);
        assertEquals(Optional.empty(), ActivityRecord.read(dir), "a link");
        assertEquals(Optional.empty(), ActivityRecord.read(dir.resolve("nothing-here")));
        assertEquals(Optional.empty(), ActivityRecord.read(null));
    }
}
