package dev.ccy.session.agent;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.ccy.CcyException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * An agent profile's {@code [activity]}: which of the agent's hook events mean which activity,
 * and the hooks file (Claude Code's settings.json format) they go into. Each event gets one hook
 * command that writes {@link ActivityRecord}'s file in the session's state directory: its input
 * bounded, a temp file then a rename (a reader never sees half), nothing on stdout (Claude Code
 * adds SessionStart's and UserPromptSubmit's stdout to the conversation), always exit 0. The
 * activity's start time is kept while the activity stays the same (tool after tool is one
 * working), except at SessionStart: a new agent process starts afresh. The first event of a
 * session given a task (ccy new --prompt: ccy's own "starting" record is still there, and the
 * prompt file) is working, not idle: the agent is about to take the task, and a ccy wait --until
 * idle right after ccy new must not end in the moment before it does.
 *
 * @param tools a tool's name to the activity its PreToolUse means (AskUserQuestion: waiting)
 */
public record ActivityHooks(String file, Map<String, String> events, Map<String, String> tools) {
    /** Marks ccy's own entries, so that seeding again adds nothing and the user's stay as they are. */
    static final String TAG = "ccy-activity";
    static final List<String> TOOL_EVENTS = List.of("PreToolUse", "PostToolUse");
    private static final String SCRIPT = String.join(" ",
            "d=${CCY_STATE:-/ccy/state}; f=$d/activity; t=$d/.activity.$$; e=$1; a=$2; shift 2;",
            "head -c 65536 > \"$t.in\"; cat > /dev/null;",
            "for r in \"$@\"; do grep -q \"\\\"tool_name\\\": *\\\"${r%%=*}\\\"\" \"$t.in\" && a=${r#*=}; done;",
            "m=; v=; o=; os=; x=; read -r m v o os x < \"$f\";",
            "if [ \"$m $v $o $x\" = \"ccy-activity 1 starting ccy\" ] && [ \"$a\" = idle ] && [ -e \"$d/prompt\" ]; then a=working; fi;",
            "s=$(date +%s);",
            "if [ \"$e\" != SessionStart ] && [ \"$m $v $o\" = \"ccy-activity 1 $a\" ]; then s=$os; fi;",
            "{ echo \"ccy-activity 1 $a $s $e\"; cat \"$t.in\"; } > \"$t\" && mv -f \"$t\" \"$f\"; rm -f \"$t.in\" \"$t\"; exit 0");

    public ActivityHooks {
        events = Map.copyOf(events);
        tools = Map.copyOf(tools);
    }

    static void check(Map<String, String> events, Map<String, String> tools, String source) {
        events.forEach((k, v) -> checkPair(k, v, source));
        tools.forEach((k, v) -> checkPair(k, v, source));
    }

    private static void checkPair(String key, String activity, String source) {
        if (!key.matches("[A-Za-z][A-Za-z0-9_]{0,39}") || !ActivityRecord.ACTIVITIES.contains(activity)) {
            throw CcyException.usage("agent profile " + source + ": [activity] maps a hook event or tool name to one of "
                    + String.join(", ", ActivityRecord.ACTIVITIES) + ": " + key);
        }
    }

    /** The shell command for one event (names and activities are checked words: no quoting needed). */
    String command(String event) {
        StringBuilder cmd = new StringBuilder("sh -c '" + SCRIPT + "' " + TAG + " " + event + " " + events.get(event));
        if (event.equals("PreToolUse")) {
            new java.util.TreeMap<>(tools).forEach((tool, act) -> cmd.append(' ').append(tool).append('=').append(act));
        }
        return cmd.append(" >/dev/null 2>&1").toString();
    }

    /**
     * Adds ccy's hook to each event's list in the settings object, beside whatever is there (the
     * user's hooks stay, in their order); a ccy hook already there is replaced by the current one.
     * True if the settings changed.
     */
    boolean mergeInto(JsonObject settings) {
        String before = settings.toString();
        if (!(settings.get("hooks") instanceof JsonObject)) {
            if (settings.has("hooks")) {
                return false; // not an object: not ours to repair, and the agent reports it
            }
            settings.add("hooks", new JsonObject());
        }
        JsonObject hooks = settings.getAsJsonObject("hooks");
        for (String event : new java.util.TreeSet<>(events.keySet())) {
            JsonElement have = hooks.get(event);
            if (have != null && !have.isJsonArray()) {
                continue;
            }
            JsonArray list = have == null ? new JsonArray() : have.getAsJsonArray();
            for (int i = list.size() - 1; i >= 0; i--) {
                if (ours(list.get(i))) {
                    list.remove(i);
                }
            }
            JsonObject entry = new JsonObject();
            if (TOOL_EVENTS.contains(event)) {
                entry.addProperty("matcher", "*");
            }
            JsonObject hook = new JsonObject();
            hook.addProperty("type", "command");
            hook.addProperty("command", command(event));
            hook.addProperty("timeout", 10);
            JsonArray one = new JsonArray();
            one.add(hook);
            entry.add("hooks", one);
            list.add(entry);
            hooks.add(event, list);
        }
        return !settings.toString().equals(before);
    }

    private static boolean ours(JsonElement entry) {
        if (entry instanceof JsonObject o && o.get("hooks") instanceof JsonArray hs && hs.size() == 1
                && hs.get(0) instanceof JsonObject h && h.get("command") instanceof com.google.gson.JsonPrimitive c && c.isString()) {
            return c.getAsString().contains("' " + TAG + " ");
        }
        return false;
    }

    /** Merges the hooks into the file in HOME; true if it changed. */
    boolean seed(Path home) {
        return HomeSeeder.edit(HomeSeeder.inside(home, file), this::mergeInto);
    }
}
