package dev.ccy.session.agent;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.Strictness;
import com.google.gson.TypeAdapter;
import com.google.gson.stream.JsonReader;
import java.io.IOException;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the agent last said it is doing: the file {@code activity} in the session's state directory,
 * written by the agent's hooks ({@link ActivityHooks}) as a header line
 * {@code ccy-activity 1 ACTIVITY SINCE EVENT} and then the hook's own JSON input. The agent can write
 * anything there, so it is read as hostile input: never through a link, only a regular file, at
 * most {@link #MAX_BYTES}, the header matched exactly, the JSON parsed with a nesting limit, the
 * message cut to one short line of printable text. Anything else reads as nothing (unknown).
 */
public record ActivityRecord(String activity, Instant since, String event, String message, Instant written) {
    public static final String FILE = "activity";
    /** What the hooks write: the header line and at most 64 KiB of the hook's input, with room to spare. */
    static final int MAX_BYTES = 72 * 1024;
    static final int MAX_MESSAGE = 200;
    public static final List<String> ACTIVITIES = List.of("starting", "working", "waiting", "idle", "exited");
    private static final Pattern HEADER = Pattern.compile("ccy-activity 1 (starting|working|waiting|idle|exited) (\\d{1,12}) ([A-Za-z]{1,40})");
    private static final TypeAdapter<JsonElement> JSON = new com.google.gson.Gson().getAdapter(JsonElement.class);

    /** The record in {@code stateDir}, if there is a sound one. */
    public static Optional<ActivityRecord> read(Path stateDir) {
        if (stateDir == null) {
            return Optional.empty();
        }
        Path file = stateDir.resolve(FILE);
        try {
            // a fifo would block the reader for ever, a device or a huge file fill its memory
            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            if (!a.isRegularFile() || a.size() > MAX_BYTES) {
                return Optional.empty();
            }
            ByteBuffer buf = ByteBuffer.allocate(MAX_BYTES + 1);
            // NOFOLLOW_LINKS is O_NOFOLLOW: a link put there between the check and the open is not followed
            try (SeekableByteChannel ch = Files.newByteChannel(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
                while (buf.hasRemaining() && ch.read(buf) > 0) {
                    // read up to one byte more than allowed: more than that is not a record
                }
            }
            if (buf.position() > MAX_BYTES) {
                return Optional.empty();
            }
            buf.flip();
            String text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPLACE)
                    .onUnmappableCharacter(CodingErrorAction.REPLACE).decode(buf).toString();
            return parse(text, a.lastModifiedTime().toInstant());
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Parses a record's text; {@code written} is when the file was written (its mtime). */
    static Optional<ActivityRecord> parse(String text, Instant written) {
        int nl = text.indexOf('\n');
        String header = nl < 0 ? text : text.substring(0, nl);
        Matcher m = HEADER.matcher(header);
        if (!m.matches()) {
            return Optional.empty();
        }
        Instant since = Instant.ofEpochSecond(Long.parseLong(m.group(2)));
        // a since after the write is made up (or a clock jump): the write is when it is known to hold
        if (since.isAfter(written)) {
            since = written;
        }
        String body = nl < 0 ? "" : text.substring(nl + 1);
        return Optional.of(new ActivityRecord(m.group(1), since, m.group(3), message(m.group(1), body), written));
    }

    /**
     * The agent's short message: for waiting its notification or question, for idle its last reply;
     * empty when the input is not a JSON object, has no such string, or is cut short.
     */
    static String message(String activity, String body) {
        if (!activity.equals("waiting") && !activity.equals("idle")) {
            return "";
        }
        JsonObject o;
        try {
            JsonReader r = new JsonReader(new StringReader(body));
            r.setStrictness(Strictness.LEGACY_STRICT);
            r.setNestingLimit(32);
            JsonElement e = JSON.read(r);
            if (e == null || !e.isJsonObject()) {
                return "";
            }
            o = e.getAsJsonObject();
        } catch (IOException | RuntimeException | StackOverflowError e) {
            return "";
        }
        String s = activity.equals("idle") ? string(o.get("last_assistant_message")) : string(o.get("message"));
        if (s.isEmpty() && activity.equals("waiting") && o.get("tool_input") instanceof JsonObject in
                && in.get("questions") instanceof com.google.gson.JsonArray qs && !qs.isEmpty() && qs.get(0) instanceof JsonObject q) {
            s = string(q.get("question"));
        }
        return clean(s);
    }

    private static String string(JsonElement e) {
        return e != null && e.isJsonPrimitive() && e.getAsJsonPrimitive().isString() ? e.getAsString() : "";
    }

    /** One line of printable text, at most {@link #MAX_MESSAGE} characters: it goes to terminals. */
    static String clean(String s) {
        StringBuilder out = new StringBuilder();
        boolean space = false;
        for (int i = 0; i < s.length() && out.length() < MAX_MESSAGE; i++) {
            char c = s.charAt(i);
            boolean blank = Character.isWhitespace(c) || Character.isISOControl(c) || Character.getType(c) == Character.FORMAT
                    || Character.isSurrogate(c);
            if (blank) {
                space = out.length() > 0;
            } else {
                if (space) {
                    out.append(' ');
                    space = false;
                }
                out.append(c);
            }
        }
        String r = out.toString();
        return r.length() >= MAX_MESSAGE ? r.substring(0, MAX_MESSAGE - 1) + "…" : r;
    }
}
