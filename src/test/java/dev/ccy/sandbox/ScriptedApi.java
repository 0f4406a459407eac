package dev.ccy.sandbox;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A scripted Anthropic Messages API, so that the real Claude Code takes real turns where there is
 * no Anthropic account (claude-code.md: it sends to {@code ANTHROPIC_BASE_URL}). It runs in the
 * test JVM: the sandbox shares the machine's network namespace (sandbox.sh makes no net
 * namespace), so listening on every address here is listening in the sandbox, and a session's
 * rootless container reaches it at {@code host.containers.internal}. No process to ship into the
 * sandbox, and the recorded requests outlive the sandbox's power losses.
 *
 * <p>A turn is scripted by a marker: the agent's request whose new input (everything after its
 * last assistant message) has the marker in its text gets the turn's first reply; the request that
 * carries the tool result of a reply's tool call gets the next one. Any other request gets a short
 * text. Requests without the Bash tool are Claude Code's side requests (titles and the like): they
 * are recorded, and answered with text, never with the script.
 */
public final class ScriptedApi implements AutoCloseable {
    /** One request as it arrived: never its headers (they carry the credential). */
    public record Request(String method, String path, JsonObject body) {
        /** Whether the whole body has {@code text} (the conversation it carries, the prompt). */
        public boolean carries(String text) {
            return body != null && body.toString().contains(text);
        }

        /** The agent's own turns: requests that offer the Bash tool. */
        public boolean agentTurn() {
            return body != null && toolNames().contains("Bash");
        }

        public List<String> toolNames() {
            List<String> names = new ArrayList<>();
            if (body != null && body.get("tools") instanceof JsonArray tools) {
                tools.forEach(t -> names.add(t.getAsJsonObject().get("name").getAsString()));
            }
            return names;
        }

        /** The messages after the last assistant message: the prompt, tool results, reminders. */
        public List<JsonObject> newInput() {
            List<JsonObject> after = new ArrayList<>();
            if (body != null && body.get("messages") instanceof JsonArray messages) {
                for (JsonElement m : messages) {
                    if ("assistant".equals(m.getAsJsonObject().get("role").getAsString())) {
                        after.clear();
                    } else {
                        after.add(m.getAsJsonObject());
                    }
                }
            }
            return after;
        }

        /** The number of messages the request carries (the conversation so far). */
        public int messageCount() {
            return body != null && body.get("messages") instanceof JsonArray m ? m.size() : 0;
        }
    }

    /** What the API answers. */
    public sealed interface Reply permits Text, ToolCall, Failure {
    }

    /** Text, streamed word by word over {@code over} (a long turn when that is long). */
    public record Text(String text, Duration over) implements Reply {
    }

    /** A tool call (stop reason tool_use); Claude Code runs it and sends the result. */
    public record ToolCall(String tool, JsonObject input) implements Reply {
    }

    /** An HTTP error with the Messages API's error body. */
    public record Failure(int status, String type, String message) implements Reply {
    }

    public static Reply text(String text) {
        return new Text(text, Duration.ZERO);
    }

    /** A long turn: the text streams for {@code over}. */
    public static Reply slowText(String text, Duration over) {
        return new Text(text, over);
    }

    /** A Bash tool call: Claude Code runs the command in its container. */
    public static Reply bash(String command) {
        JsonObject input = new JsonObject();
        input.addProperty("command", command);
        input.addProperty("description", "scripted command");
        return new ToolCall("Bash", input);
    }

    /** A question to the user, through Claude Code's AskUserQuestion tool (its answer is the tool result). */
    public static Reply question(String question, String... options) {
        JsonObject q = new JsonObject();
        q.addProperty("question", question);
        q.addProperty("header", "Question");
        q.addProperty("multiSelect", false);
        JsonArray opts = new JsonArray();
        for (String o : options) {
            JsonObject opt = new JsonObject();
            opt.addProperty("label", o);
            opt.addProperty("description", "the answer " + o);
            opts.add(opt);
        }
        q.add("options", opts);
        JsonArray qs = new JsonArray();
        qs.add(q);
        JsonObject input = new JsonObject();
        input.add("questions", qs);
        return new ToolCall("AskUserQuestion", input);
    }

    public static Reply error(int status, String type, String message) {
        return new Failure(status, type, message);
    }

    private record Turn(String marker, List<Reply> replies) {
    }

    /** A reply and where in the script it is (turn -1: not scripted). */
    private record Step(Reply reply, int turn, int index) {
        static Step unscripted(String text) {
            return new Step(text(text), -1, -1);
        }
    }

    private final HttpServer server;
    private final ExecutorService pool = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "scripted-api");
        t.setDaemon(true);
        return t;
    });
    private final List<Turn> turns = new CopyOnWriteArrayList<>();
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    /** Tool-use id -> the turn and the index of the reply that made it. */
    private final Map<String, int[]> issued = new ConcurrentHashMap<>();
    private final AtomicInteger ids = new AtomicInteger();

    private ScriptedApi(HttpServer server) {
        this.server = server;
    }

    /** Starts it on every address of the machine, on a free port. */
    public static ScriptedApi start() throws IOException {
        ScriptedApi api = new ScriptedApi(HttpServer.create(new InetSocketAddress(0), 50));
        api.server.setExecutor(api.pool);
        api.server.createContext("/", api::handle);
        api.server.start();
        return api;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** The base URL as a session's container reaches it. */
    public String urlFromContainers() {
        return "http://host.containers.internal:" + port();
    }

    /** Scripts a turn: the first reply to the prompt with {@code marker}, the next ones to the tool results. */
    public ScriptedApi on(String marker, Reply... replies) {
        turns.add(new Turn(marker, List.of(replies)));
        return this;
    }

    public List<Request> requests() {
        return List.copyOf(requests);
    }

    public List<Request> agentTurns() {
        return requests.stream().filter(Request::agentTurn).toList();
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String path = ex.getRequestURI().getPath();
            byte[] in = ex.getRequestBody().readAllBytes();
            JsonObject body = null;
            if (in.length > 0) {
                try {
                    body = JsonParser.parseString(new String(in, StandardCharsets.UTF_8)).getAsJsonObject();
                } catch (RuntimeException e) {
                    body = new JsonObject(); // recorded as empty: this fixture never fails on odd input
                }
            }
            Request req = new Request(ex.getRequestMethod(), path, body);
            requests.add(req);
            if (path.endsWith("/v1/messages/count_tokens")) {
                json(ex, 200, "{\"input_tokens\": " + Math.max(1, in.length / 4) + "}");
            } else if (path.endsWith("/v1/messages") && body != null) {
                answer(ex, req, pick(req));
            } else {
                json(ex, 200, "{}");
            }
        }
    }

    private Step pick(Request req) {
        if (!req.agentTurn()) {
            return Step.unscripted("Scripted title");
        }
        for (JsonObject m : req.newInput()) {
            if (m.get("content") instanceof JsonArray blocks) {
                for (JsonElement b : blocks) {
                    JsonObject block = b.getAsJsonObject();
                    int[] at = block.has("tool_use_id") ? issued.get(block.get("tool_use_id").getAsString()) : null;
                    if (at != null) {
                        List<Reply> replies = turns.get(at[0]).replies();
                        return at[1] + 1 < replies.size() ? new Step(replies.get(at[1] + 1), at[0], at[1] + 1) : Step.unscripted("Done.");
                    }
                }
            }
        }
        String input = req.newInput().toString();
        for (int i = turns.size() - 1; i >= 0; i--) {
            if (input.contains(turns.get(i).marker())) {
                Reply first = turns.get(i).replies().get(0);
                return first instanceof ToolCall call && !req.toolNames().contains(call.tool())
                        ? Step.unscripted("(the scripted tool " + call.tool() + " is not offered)") : new Step(first, i, 0);
            }
        }
        return Step.unscripted("OK.");
    }

    private void answer(HttpExchange ex, Request req, Step step) throws IOException {
        Reply reply = step.reply();
        if (reply instanceof Failure f) {
            JsonObject error = new JsonObject();
            error.addProperty("type", f.type());
            error.addProperty("message", f.message());
            JsonObject e = new JsonObject();
            e.addProperty("type", "error");
            e.add("error", error);
            json(ex, f.status(), e.toString());
            return;
        }
        String model = req.body().has("model") ? req.body().get("model").getAsString() : "claude-scripted";
        String id = "msg_scripted_" + ids.incrementAndGet();
        boolean stream = req.body().has("stream") && req.body().get("stream").getAsBoolean();
        JsonObject block = new JsonObject();
        String stop;
        if (reply instanceof ToolCall call) {
            String useId = "toolu_scripted_" + ids.incrementAndGet();
            issued.put(useId, new int[] {step.turn(), step.index()});
            block.addProperty("type", "tool_use");
            block.addProperty("id", useId);
            block.addProperty("name", call.tool());
            block.add("input", call.input());
            stop = "tool_use";
        } else {
            block.addProperty("type", "text");
            block.addProperty("text", ((Text) reply).text());
            stop = "end_turn";
        }
        if (!stream) {
            JsonObject m = message(id, model);
            m.getAsJsonArray("content").add(block);
            m.addProperty("stop_reason", stop);
            json(ex, 200, m.toString());
            return;
        }
        Sse.stream(ex, message(id, model), block, stop, reply instanceof Text t ? t.over() : Duration.ZERO);
    }

    private static JsonObject message(String id, String model) {
        JsonObject usage = new JsonObject();
        usage.addProperty("input_tokens", 10);
        usage.addProperty("output_tokens", 1);
        JsonObject m = new JsonObject();
        m.addProperty("id", id);
        m.addProperty("type", "message");
        m.addProperty("role", "assistant");
        m.addProperty("model", model);
        m.add("content", new JsonArray());
        m.add("stop_reason", null);
        m.add("stop_sequence", null);
        m.add("usage", usage);
        return m;
    }

    static void json(HttpExchange ex, int status, String body) throws IOException {
        byte[] out = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("content-type", "application/json");
        ex.sendResponseHeaders(status, out.length);
        try (OutputStream os = ex.getResponseBody()) {
            os.write(out);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        pool.shutdownNow();
    }
}
