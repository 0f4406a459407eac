package dev.ccy.sandbox;

import com.google.gson.JsonObject;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A Messages API reply as Server-Sent Events, the way the API streams one: message_start, the
 * content block's start, deltas and stop, message_delta with the stop reason, message_stop. Every
 * event is flushed as it is written, so a slow reply really arrives piece by piece.
 */
final class Sse {
    private Sse() {
    }

    static void stream(HttpExchange ex, JsonObject message, JsonObject block, String stopReason, Duration over) throws IOException {
        ex.getResponseHeaders().set("content-type", "text/event-stream");
        ex.getResponseHeaders().set("cache-control", "no-cache");
        ex.sendResponseHeaders(200, 0);
        OutputStream out = ex.getResponseBody();
        JsonObject start = event("message_start");
        start.add("message", message);
        send(out, start);
        JsonObject blockStart = event("content_block_start");
        blockStart.addProperty("index", 0);
        JsonObject empty = block.deepCopy();
        List<JsonObject> deltas = new ArrayList<>();
        if ("tool_use".equals(block.get("type").getAsString())) {
            empty.add("input", new JsonObject());
            String json = block.get("input").toString();
            int half = json.length() / 2; // in two pieces, as the API splits it anywhere
            deltas.add(delta("input_json_delta", "partial_json", json.substring(0, half)));
            deltas.add(delta("input_json_delta", "partial_json", json.substring(half)));
        } else {
            empty.addProperty("text", "");
            for (String word : block.get("text").getAsString().split("(?<= )")) {
                deltas.add(delta("text_delta", "text", word));
            }
        }
        blockStart.add("content_block", empty);
        send(out, blockStart);
        send(out, event("ping"));
        long pause = deltas.isEmpty() ? 0 : over.toMillis() / deltas.size();
        for (JsonObject d : deltas) {
            if (pause > 0 && !Sandbox.pause(pause)) {
                return;
            }
            send(out, d);
        }
        JsonObject blockStop = event("content_block_stop");
        blockStop.addProperty("index", 0);
        send(out, blockStop);
        JsonObject messageDelta = event("message_delta");
        JsonObject d = new JsonObject();
        d.addProperty("stop_reason", stopReason);
        d.add("stop_sequence", null);
        messageDelta.add("delta", d);
        JsonObject usage = new JsonObject();
        usage.addProperty("output_tokens", Math.max(1, deltas.size()));
        messageDelta.add("usage", usage);
        send(out, messageDelta);
        send(out, event("message_stop"));
        out.close();
    }

    private static JsonObject event(String type) {
        JsonObject e = new JsonObject();
        e.addProperty("type", type);
        return e;
    }

    private static JsonObject delta(String type, String field, String value) {
        JsonObject e = event("content_block_delta");
        e.addProperty("index", 0);
        JsonObject d = new JsonObject();
        d.addProperty("type", type);
        d.addProperty(field, value);
        e.add("delta", d);
        return e;
    }

    private static void send(OutputStream out, JsonObject event) throws IOException {
        out.write(("event: " + event.get("type").getAsString() + "\ndata: " + event + "\n\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }
}
