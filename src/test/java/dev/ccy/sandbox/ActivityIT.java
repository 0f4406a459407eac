package dev.ccy.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * What the agent is doing, as the real Claude Code's hooks tell it while it takes real turns
 * against the scripted API, logged in with an API key only (the dialog that key used to bring up
 * is gone): ccy list and status show the activity, ccy wait waits for it.
 */
class ActivityIT extends SandboxTest {
    static final String WORK = "/home/dev/work/activity";
    static final String KEY = "sk-ant-api03-MADEUP" + Long.toHexString(System.nanoTime()) + "-not-real";
    static final List<String> KEY_DIALOG = List.of("Detected a custom API key", "Do you want to use this API key");

    ScriptedApi api;
    String session;

    @BeforeAll
    void boot() throws Exception {
        api = ScriptedApi.start();
        boot("activity", WORK);
        AgentImage.prepare(box, WORK);
        // an API key and no OAuth token: the login path that stopped at a dialog
        box.sh("printf '%s' '" + KEY + "' | ccy auth --api-key").ok();
    }

    @AfterAll
    void stopApi() {
        if (api != null) {
            api.close();
        }
    }

    Sandbox.Result newSession(String... more) {
        List<String> args = new ArrayList<>(List.of("new", "--detach", "--image", AgentImage.IMAGE,
                "--env", "ANTHROPIC_BASE_URL=" + api.urlFromContainers(), "--env", "CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC=1"));
        args.addAll(List.of(more));
        return ccy(WORK, args.toArray(String[]::new));
    }

    String screen() {
        return exec(session, "tmux", "capture-pane", "-p", "-J", "-t", "main:^").out();
    }

    JsonObject status() {
        return JsonParser.parseString(ccy(null, "status", session, "--json").ok().out()).getAsJsonObject();
    }

    String activity() {
        return status().get("activity").getAsString();
    }

    void type(String text) {
        exec(session, "tmux", "send-keys", "-t", "main:^", "-l", text).ok();
        Sandbox.pause(500);
        exec(session, "tmux", "send-keys", "-t", "main:^", "Enter").ok();
    }

    Sandbox.Result await(String... args) {
        List<String> cmd = new ArrayList<>(List.of("ccy", "wait", session));
        cmd.addAll(List.of(args));
        return box.userFor(Duration.ofMinutes(3), null, cmd.toArray(String[]::new));
    }

    @Test
    @Order(1)
    void anApiKeySessionsPromptTurnGoesStartingWorkingIdleWithNoDialog() {
        api.on("TASK-SLOW", ScriptedApi.bash("sleep 5; echo slow > /workspace/slow.txt"),
                ScriptedApi.slowText("Finished the slow task.", Duration.ofSeconds(3)));
        // looked at from the start, while ccy new still runs: Claude Code is up within a second or two
        List<String> seen = java.util.Collections.synchronizedList(new ArrayList<>());
        java.util.concurrent.atomic.AtomicBoolean done = new java.util.concurrent.atomic.AtomicBoolean();
        Thread watcher = new Thread(() -> {
            long end = System.nanoTime() + Duration.ofSeconds(150).toNanos();
            while (!done.get() && System.nanoTime() < end) {
                Sandbox.Result r = ccy(null, "list", "--json");
                var rows = r.exit() == 0 ? JsonParser.parseString(r.out()).getAsJsonArray() : new com.google.gson.JsonArray();
                if (!rows.isEmpty()) {
                    String a = rows.get(0).getAsJsonObject().get("activity").getAsString();
                    if (seen.isEmpty() || !seen.get(seen.size() - 1).equals(a)) {
                        seen.add(a);
                    }
                    if (a.equals("idle") && seen.contains("working")) {
                        return;
                    }
                }
                Sandbox.pause(100);
            }
        });
        watcher.start();
        session = newSession("--prompt", "TASK-SLOW: take a few seconds").ok().out().strip();
        try {
            watcher.join(Duration.ofSeconds(160).toMillis());
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        } finally {
            done.set(true);
        }
        System.out.println("ActivityIT: activities seen for the --prompt session: " + seen);
        int starting = seen.indexOf("starting");
        int working = seen.indexOf("working");
        assertTrue(starting >= 0 && working > starting && seen.lastIndexOf("idle") > working, "starting, then working, then idle: " + seen
                + "\n" + screen());
        assertTrue(box.sh("test -f " + WORK + "/slow.txt").exit() == 0, "the turn ran its tool call");
        JsonObject st = status();
        assertFalse(st.get("activity_since").isJsonNull(), st.toString());
        System.out.println("ActivityIT: idle message: " + st.get("activity_message"));
        String table = ccy(null, "list").ok().out();
        assertTrue(table.contains("ACTIVITY") && table.matches("(?s).*\\bidle \\d+s\\b.*"), table);
        String screen = screen();
        for (String dialog : KEY_DIALOG) {
            assertFalse(screen.contains(dialog), "no API-key dialog:\n" + screen);
        }
        assertTrue(screen.contains("Finished the slow task."), screen);
        // the key is in no file of the session: its state (HOME), its unit
        String state = st.get("state_dir").getAsString();
        Sandbox.Result grep = box.sh("grep -rlF -e '" + KEY + "' -e '" + KEY.substring(KEY.length() - 20) + "' " + state
                + " ~/.config/containers/systemd");
        assertEquals(1, grep.exit(), "no file has the key or its end: " + grep);
        assertTrue(box.sh("grep -q apiKeyHelper " + state + "/home/.claude/settings.json").exit() == 0);
    }

    @Test
    @Order(2)
    void ccyWaitUntilIdleReturnsWhenTheTurnEnds() {
        api.on("TASK-WAIT", ScriptedApi.bash("sleep 6"), ScriptedApi.text("Waited long enough."));
        type("TASK-WAIT: sleep a little");
        assertTrue(Sandbox.waitFor(Duration.ofSeconds(30), () -> activity().equals("working")), screen());
        long t = System.nanoTime();
        Sandbox.Result r = await("--until", "idle", "--timeout", "90s");
        double took = (System.nanoTime() - t) / 1e9;
        System.out.println("ActivityIT: ccy wait --until idle returned after " + took + " s: " + r);
        assertEquals(0, r.exit(), r.toString());
        assertEquals("idle", activity());
        assertTrue(screen().contains("Waited long enough."), "it returned when the turn had ended: " + screen());
    }

    @Test
    @Order(3)
    void ccyWaitTimesOutWithItsCodeWhileTheTurnGoesOn() {
        api.on("TASK-LONG", ScriptedApi.slowText("a long answer, " + "word ".repeat(40), Duration.ofSeconds(25)));
        type("TASK-LONG: talk for a while");
        assertTrue(Sandbox.waitFor(Duration.ofSeconds(30), () -> activity().equals("working")), screen());
        long t = System.nanoTime();
        Sandbox.Result r = await("--until", "idle", "--timeout", "3s");
        double took = (System.nanoTime() - t) / 1e9;
        assertEquals(4, r.exit(), "Exit.TIMEOUT: " + r);
        assertTrue(r.err().contains("timed out") && r.err().contains("is working"), r.err());
        assertTrue(took >= 3 && took < 20, "after the timeout: " + took);
        assertEquals(0, await("--until", "idle", "--timeout", "90s").exit(), "and the turn does end");
    }

    @Test
    @Order(4)
    void aScriptedQuestionIsWaitingWithTheQuestionAsItsMessage() {
        api.on("TASK-ASK", ScriptedApi.question("Which colour shall the file be?", "Crimson", "Teal"),
                ScriptedApi.text("Crimson it is, then."));
        type("TASK-ASK: ask me something");
        assertEquals(0, await("--until", "waiting", "--timeout", "60s").exit(), screen());
        JsonObject st = status();
        assertEquals("waiting", st.get("activity").getAsString());
        assertEquals("Which colour shall the file be?", st.get("activity_message").getAsString(), st.toString());
        assertEquals(session, ccy(null, "list", "--filter", "activity=waiting", "-q").ok().out().strip());
        assertEquals("", ccy(null, "list", "--filter", "activity=working", "-q").ok().out().strip());
        assertTrue(ccy(null, "status", session).ok().out().contains("Which colour shall the file be?"));
        for (int i = 0; i < 3 && !activity().equals("idle"); i++) {
            exec(session, "tmux", "send-keys", "-t", "main:^", "Enter").ok();
            Sandbox.waitFor(Duration.ofSeconds(10), () -> !activity().equals("waiting"));
        }
        assertEquals(0, await("--until", "idle", "--timeout", "60s").exit(), screen());
        assertTrue(screen().contains("Crimson it is, then."), screen());
    }

    @Test
    @Order(5)
    void aStoppedSessionEndsTheWaitWithItsOwnCode() {
        ccy(null, "stop", session).ok();
        Sandbox.Result r = await("--until", "idle", "--timeout", "30s");
        assertEquals(5, r.exit(), "Exit.STOPPED: " + r);
        assertEquals(0, await("--until", "exited", "--timeout", "5s").exit());
        assertEquals("exited", activity());
        assertEquals(2, await("--until", "asleep").exit(), "usage");
        assertEquals(3, box.user(null, "ccy", "wait", "no-such-session").exit(), "no session");
    }

    @Test
    @Order(6)
    void aScriptWaitsForATaskRightAfterCcyNew() {
        api.on("TASK-SCRIPT", ScriptedApi.bash("sleep 3; echo scripted > /workspace/script.txt"), ScriptedApi.text("Script task done."));
        // the moment between Claude Code's start and its taking the task must not count as idle
        Sandbox.Result r = box.userFor(Duration.ofMinutes(4), WORK, "sh", "-c", "s=$(ccy new --detach --image " + AgentImage.IMAGE
                + " --env ANTHROPIC_BASE_URL=" + api.urlFromContainers() + " --env CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC=1"
                + " --prompt 'TASK-SCRIPT: write a file') && ccy wait \"$s\" --until idle --timeout 120s && cat script.txt && echo \"$s\"");
        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.out().startsWith("scripted\n"), "the task was done when ccy wait returned: " + r);
        session = r.out().strip().lines().reduce((a, b) -> b).orElseThrow();
        assertTrue(screen().contains("Script task done."), screen());
    }

    @Test
    @Order(7)
    void afterAPowerLossInTheMiddleOfATurnTheActivityIsNotTheOldOne() {
        api.on("TASK-CUT", ScriptedApi.slowText("cut short, " + "word ".repeat(40), Duration.ofSeconds(120)));
        api.on("TASK-NEXT", ScriptedApi.text("Back again."));
        type("TASK-CUT: a long one");
        assertTrue(Sandbox.waitFor(Duration.ofSeconds(30), () -> activity().equals("working")), screen());
        box.kill();
        box.boot();
        // the record still says working, but that agent died with the machine
        assertTrue(Sandbox.waitFor(Duration.ofSeconds(120), () -> List.of("starting", "idle").contains(activity())), activity());
        assertEquals(0, await("--until", "idle", "--timeout", "120s").exit(), screen());
        type("TASK-NEXT: go on");
        assertEquals(0, await("--until", "idle", "--timeout", "60s").exit());
        assertTrue(Sandbox.waitFor(Duration.ofSeconds(10), () -> screen().contains("Back again.")), screen());
    }
}
