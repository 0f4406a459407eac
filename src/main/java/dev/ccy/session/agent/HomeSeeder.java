package dev.ccy.session.agent;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.Strictness;
import dev.ccy.CcyException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;

/**
 * Seeds an agent's files into a session's HOME (the state directory's home/) on the host, before
 * the agent first runs, as its profile says: JSON merged into what is there, keys already there
 * kept (Claude Code writes back into .claude.json on every start, and a user's own settings win);
 * files created only when absent; and ccy's context text kept between markers in the agent's memory
 * file, the rest of that file left alone. Done on the host rather than in the entrypoint: a real
 * JSON parser (Gson: a mutable tree that keeps key order and numbers as written), tested here, and
 * any image works, with or without jq or node. Writes are a temp file then a rename, mode 0600.
 */
public final class HomeSeeder {
    static final String BEGIN = "<!-- ccy: begin (ccy rewrites this part; edit outside it) -->";
    static final String END = "<!-- ccy: end -->";
    /** Claude Code's .claude.json grows with every project it saw; far beyond this it is not one. */
    static final long MAX_READ_BYTES = 16L << 20;
    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create();

    private HomeSeeder() {
    }

    /** Seeds home for the profile and the command the session really runs; returns the files it changed. */
    public static List<Path> seed(Path home, AgentProfile profile, List<String> command) {
        return seed(home, profile, command, java.util.Set.of());
    }

    /** The same, for a session that gets the environment variables {@code env} (names only). */
    public static List<Path> seed(Path home, AgentProfile profile, List<String> command, java.util.Set<String> env) {
        List<Path> changed = new java.util.ArrayList<>();
        for (AgentProfile.Seed s : profile.seeds()) {
            if (!s.appliesTo(command) || !(s.whenEnv().isEmpty() || env.contains(s.whenEnv()))) {
                continue;
            }
            Path file = home.resolve(s.path());
            noLinks(home, file);
            boolean did = s.merge().isEmpty() ? create(file, s.create()) : merge(file, parseObject(s.merge(), "seed " + s.path()));
            if (did && !changed.contains(file)) {
                changed.add(file);
            }
        }
        if (profile.activity() != null && profile.activity().seed(home)) {
            changed.add(home.resolve(profile.activity().file()));
        }
        if (!profile.contextPath().isEmpty() && !profile.contextText().isEmpty()) {
            Path file = home.resolve(profile.contextPath());
            noLinks(home, file);
            if (context(file, profile.contextText())) {
                changed.add(file);
            }
        }
        return changed;
    }

    /**
     * Refuses a file in HOME that is reached through a link, or is no plain file: a HOME the agent
     * wrote (one kept from an earlier session) may point anywhere on the host, and ccy reads and
     * writes these files as the user, outside the container.
     */
    public static void noLinks(Path home, Path file) {
        Path rel = home.relativize(file);
        Path at = home;
        for (int i = 0; i < rel.getNameCount(); i++) {
            at = at.resolve(rel.getName(i));
            boolean last = i == rel.getNameCount() - 1;
            if (Files.isSymbolicLink(at) || Files.exists(at, LinkOption.NOFOLLOW_LINKS)
                    && (last ? !Files.isRegularFile(at, LinkOption.NOFOLLOW_LINKS) : !Files.isDirectory(at, LinkOption.NOFOLLOW_LINKS))) {
                throw new CcyException("the session's HOME has " + home.relativize(at) + " as a link or special file:"
                        + " ccy writes no file through it (" + home + ")");
            }
        }
    }

    /** The file at {@code rel} in home, checked by {@link #noLinks}. */
    static Path inside(Path home, String rel) {
        Path file = home.resolve(rel);
        noLinks(home, file);
        return file;
    }

    /** Reads a file of HOME, refusing one too large to be ccy's to merge into. */
    static String read(Path file) throws IOException {
        if (Files.size(file) > MAX_READ_BYTES) {
            throw new CcyException(file + " is larger than " + (MAX_READ_BYTES >> 20) + " MiB: not merging into it");
        }
        return Files.readString(file, StandardCharsets.UTF_8);
    }

    /** Merges {@code keys} into the JSON object in file (created if absent); false if nothing changed. */
    public static boolean merge(Path file, JsonObject keys) {
        return edit(file, doc -> mergeInto(doc, keys));
    }

    /** Changes the JSON object in file (created if absent) with {@code change}, which says whether it changed anything. */
    static boolean edit(Path file, java.util.function.Predicate<JsonObject> change) {
        JsonObject doc;
        String before = null;
        if (Files.exists(file)) {
            try {
                before = read(file);
            } catch (IOException e) {
                throw new CcyException("cannot read " + file + ": " + e.getMessage());
            }
            // an empty file is an empty object; anything else must be a JSON object: never clobbered
            doc = before.isBlank() ? new JsonObject() : parseObject(before, file.toString());
        } else {
            doc = new JsonObject();
        }
        if (!change.test(doc)) {
            return false;
        }
        write(file, GSON.toJson(doc) + "\n");
        return true;
    }

    /** Adds what target lacks from keys, recursively into objects both have; true if target changed. */
    static boolean mergeInto(JsonObject target, JsonObject keys) {
        boolean changed = false;
        for (Map.Entry<String, JsonElement> e : keys.entrySet()) {
            JsonElement have = target.get(e.getKey());
            if (have == null) {
                target.add(e.getKey(), e.getValue().deepCopy());
                changed = true;
            } else if (have.isJsonObject() && e.getValue().isJsonObject()) {
                changed |= mergeInto(have.getAsJsonObject(), e.getValue().getAsJsonObject());
            }
            // a key that is there keeps its value, whatever it is
        }
        return changed;
    }

    static boolean create(Path file, String text) {
        if (Files.exists(file)) {
            return false;
        }
        write(file, text.endsWith("\n") ? text : text + "\n");
        return true;
    }

    /** ccy's block in the agent's memory file: replaced where it is, else appended. */
    static boolean context(Path file, String text) {
        String block = BEGIN + "\n" + text.strip() + "\n" + END + "\n";
        String old = "";
        if (Files.exists(file)) {
            try {
                old = read(file);
            } catch (IOException e) {
                throw new CcyException("cannot read " + file + ": " + e.getMessage());
            }
        }
        String now;
        int a = old.indexOf(BEGIN);
        int b = a < 0 ? -1 : old.indexOf(END, a);
        if (a >= 0 && b >= 0) {
            int after = b + END.length();
            if (after < old.length() && old.charAt(after) == '\n') {
                after++;
            }
            now = old.substring(0, a) + block + old.substring(after);
        } else {
            now = old.isEmpty() ? block : old + (old.endsWith("\n") ? "\n" : "\n\n") + block;
        }
        if (now.equals(old)) {
            return false;
        }
        write(file, now);
        return true;
    }

    /** Parses a JSON object strictly; one-line error naming what it was. */
    static JsonObject parseObject(String json, String what) {
        try {
            var reader = new com.google.gson.stream.JsonReader(new java.io.StringReader(json));
            reader.setStrictness(Strictness.STRICT);
            // the adapter, not JsonParser.parseReader: that one reads leniently whatever the reader says
            JsonElement e = GSON.getAdapter(JsonElement.class).read(reader);
            if (reader.peek() != com.google.gson.stream.JsonToken.END_DOCUMENT) {
                throw CcyException.usage(what + ": text after the JSON object");
            }
            if (!e.isJsonObject()) {
                throw CcyException.usage(what + ": not a JSON object");
            }
            return e.getAsJsonObject();
        } catch (JsonParseException | IOException | IllegalStateException e) {
            throw CcyException.usage(what + ": not valid JSON (" + firstLine(e.getMessage()) + ")");
        }
    }

    private static String firstLine(String s) {
        return s == null ? "" : s.strip().lines().findFirst().orElse("");
    }

    /** A private directory for it, then SessionStore's temp file and rename: a crash leaves the old file or the new, never half. */
    static void write(Path file, String text) {
        Path dir = file.toAbsolutePath().getParent();
        try {
            if (!Files.isDirectory(dir)) {
                Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            }
        } catch (IOException e) {
            throw new CcyException("cannot write " + file + ": " + e.getMessage());
        }
        dev.ccy.AtomicFiles.writeIfChanged(file, text, "rw-------");
    }
}
