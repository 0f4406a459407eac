package dev.ccy.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The scripted Messages API speaks the API's stream and follows its script (no sandbox needed). */
class ScriptedApiTest {
    final ScriptedApi api;
    final HttpClient http = HttpClient.newHttpClient();

    ScriptedApiTest() throws Exception {
        api = ScriptedApi.start();
    }

    @AfterEach
    void stop() {
        api.close();
    }

    /** A request as Claude Code sends it: streamed, with tools, the conversation so far. */
    static String request(boolean stream, JsonArray messages, String... tools) {
        JsonObject body = new JsonObject();
        body.addProperty("model", "claude-test-model");
        body.addProperty("stream", stream);
        body.add("messages", messages);
        JsonArray ts = new JsonArray();
        for (String t : tools) {
            JsonObject tool = new JsonObject();
            tool.addProperty("name", t);
            ts.add(tool);
        }
        body.add("tools", ts);
        return body.toString();
    }

    static JsonArray conversation(String... roleAndContent) {
        JsonArray a = new JsonArray();
        for (int i = 0; i < roleAndContent.length; i += 2) {
            JsonObject m = new JsonObject();
            m.addProperty("role", roleAndContent[i]);
            m.add("content", JsonParser.parseString(roleAndContent[i + 1]));
            a.add(m);
        }
        return a;
    }

    HttpResponse<String> post(String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api.port() + path))
                .header("content-type", "application/json").header("x-api-key", "sk-made-up")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The data of each event, checked against its event: line. */
    static List<JsonObject> events(HttpResponse<String> r) {
        assertEquals("text/event-stream", r.headers().firstValue("content-type").orElse(""));
        List<JsonObject> events = new ArrayList<>();
        for (String chunk : r.body().split("\n\n")) {
            String[] lines = chunk.split("\n");
            assertTrue(lines[0].startsWith("event: ") && lines[1].startsWith("data: "), chunk);
            JsonObject data = JsonParser.parseString(lines[1].substring(6)).getAsJsonObject();
            assertEquals(lines[0].substring(7), data.get("type").getAsString());
            events.add(data);
        }
        return events;
    }

    static List<String> types(List<JsonObject> events) {
        return events.stream().map(e -> e.get("type").getAsString()).toList();
    }

    static String streamed(List<JsonObject> events, String field) {
        StringBuilder b = new StringBuilder();
        events.stream().filter(e -> e.get("type").getAsString().equals("content_block_delta"))
                .forEach(e -> b.append(e.getAsJsonObject("delta").get(field).getAsString()));
        return b.toString();
    }

    @Test
    void aTextReplyStreamsAsTheApiDoes() throws Exception {
        api.on("SAY-HELLO", ScriptedApi.text("Hello there, human."));
        HttpResponse<String> r = post("/v1/messages?beta=true", request(true,
                conversation("user", "[{\"type\":\"text\",\"text\":\"please SAY-HELLO\"},{\"type\":\"text\",\"text\":\"<system-reminder>x</system-reminder>\"}]"),
                "Bash", "Read"));
        assertEquals(200, r.statusCode());
        List<JsonObject> events = events(r);
        assertEquals("message_start", types(events).get(0));
        assertEquals(List.of("message_delta", "message_stop"), types(events).subList(events.size() - 2, events.size()));
        JsonObject message = events.get(0).getAsJsonObject("message");
        assertEquals("assistant", message.get("role").getAsString());
        assertEquals("claude-test-model", message.get("model").getAsString());
        assertEquals(0, message.getAsJsonArray("content").size());
        assertEquals("text", events.get(1).getAsJsonObject("content_block").get("type").getAsString());
        assertEquals("Hello there, human.", streamed(events, "text"));
        assertEquals("end_turn", events.get(events.size() - 2).getAsJsonObject("delta").get("stop_reason").getAsString());
    }

    @Test
    void aToolCallThenItsResultGetTheTurnsNextReplyAndEveryRequestIsRecordedWithoutItsKey() throws Exception {
        api.on("WRITE-IT", ScriptedApi.bash("echo hi > /workspace/hi.txt"), ScriptedApi.text("Wrote it."));
        List<JsonObject> call = events(post("/v1/messages", request(true, conversation("user", "\"WRITE-IT now\""), "Bash")));
        JsonObject block = call.get(1).getAsJsonObject("content_block");
        assertEquals("tool_use", block.get("type").getAsString());
        assertEquals("Bash", block.get("name").getAsString());
        assertEquals(0, block.getAsJsonObject("input").size(), "the input comes as deltas");
        JsonObject input = JsonParser.parseString(streamed(call, "partial_json")).getAsJsonObject();
        assertEquals("echo hi > /workspace/hi.txt", input.get("command").getAsString());
        assertEquals("tool_use", call.get(call.size() - 2).getAsJsonObject("delta").get("stop_reason").getAsString());

        String id = block.get("id").getAsString();
        JsonArray next = conversation("user", "\"WRITE-IT now\"",
                "assistant", "[" + block + "]",
                "user", "[{\"type\":\"tool_result\",\"tool_use_id\":\"" + id + "\",\"content\":\"\"}]");
        assertEquals("Wrote it.", streamed(events(post("/v1/messages", request(true, next, "Bash"))), "text"));
        assertEquals(2, api.agentTurns().size());
        assertTrue(api.agentTurns().get(1).carries("WRITE-IT now"), "the next request carries the earlier turn");
        assertEquals(3, api.agentTurns().get(1).messageCount());
        assertFalse(api.requests().toString().contains("sk-made-up"), "no credential is recorded");
    }

    @Test
    void sideRequestsQuestionsErrorsAndOtherPathsGetWhatTheyNeed() throws Exception {
        api.on("ASK-ME", ScriptedApi.question("Which one?", "Red", "Blue"));
        api.on("FAIL-ME", ScriptedApi.error(400, "invalid_request_error", "scripted \"failure\""));
        // a side request (no Bash tool) with the marker is not the agent's turn: plain text, not JSON
        HttpResponse<String> side = post("/v1/messages", request(false, conversation("user", "\"title for: ASK-ME\"")));
        JsonObject m = JsonParser.parseString(side.body()).getAsJsonObject();
        assertEquals("text", m.getAsJsonArray("content").get(0).getAsJsonObject().get("type").getAsString());
        assertEquals("end_turn", m.get("stop_reason").getAsString());

        List<JsonObject> asked = events(post("/v1/messages", request(true, conversation("user", "\"ASK-ME\""), "Bash", "AskUserQuestion")));
        assertEquals("AskUserQuestion", asked.get(1).getAsJsonObject("content_block").get("name").getAsString());
        assertTrue(streamed(asked, "partial_json").contains("Which one?"));
        // not offered the tool: said as text, never a call of a tool Claude Code does not have
        List<JsonObject> noTool = events(post("/v1/messages", request(true, conversation("user", "\"ASK-ME\""), "Bash")));
        assertEquals("text", noTool.get(1).getAsJsonObject("content_block").get("type").getAsString());

        HttpResponse<String> failed = post("/v1/messages", request(true, conversation("user", "\"FAIL-ME\""), "Bash"));
        assertEquals(400, failed.statusCode());
        JsonObject err = JsonParser.parseString(failed.body()).getAsJsonObject();
        assertEquals("error", err.get("type").getAsString());
        assertEquals("scripted \"failure\"", err.getAsJsonObject("error").get("message").getAsString());

        assertEquals("{}", http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api.port() + "/api/hello")).build(),
                HttpResponse.BodyHandlers.ofString()).body());
        assertTrue(post("/v1/messages/count_tokens", request(false, conversation("user", "\"x\""))).body().contains("input_tokens"));
    }

    @Test
    void aLongTurnArrivesPieceByPieceOverItsTime() throws Exception {
        api.on("TAKE-LONG", ScriptedApi.slowText("one two three four", Duration.ofMillis(800)));
        long t = System.nanoTime();
        List<JsonObject> events = events(post("/v1/messages", request(true, conversation("user", "\"TAKE-LONG\""), "Bash")));
        assertTrue((System.nanoTime() - t) / 1_000_000 >= 700, "it took its time");
        assertEquals("one two three four", streamed(events, "text"));
        assertEquals(4, events.stream().filter(e -> e.get("type").getAsString().equals("content_block_delta")).count());
    }
}
