package dev.ccy.settings;

import com.electronwill.nightconfig.core.UnmodifiableConfig;
import com.electronwill.nightconfig.core.io.ParsingException;
import com.electronwill.nightconfig.toml.TomlParser;
import dev.ccy.CcyException;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * Reads a settings file into a {@link Layer}: TOML ({@code config.toml}), or the old
 * {@code key=value} format of {@code ~/.config/ccy/config}, which keeps working. An unknown key is
 * a warning naming file:line; a bad value or broken syntax is a one-line usage error naming
 * file:line (and the key).
 */
public final class TomlSource {
    /** Settings files are small; a larger one is a mistake (or an attack), not something to load. */
    static final long MAX_BYTES = 256 * 1024;
    /** Settings files are short; beyond this many lines a syntax error is reported without its line. */
    static final int MAX_ERROR_SCAN_LINES = 2000;

    static {
        // tables keep the order of the file, so ccy config show and the unit follow it
        com.electronwill.nightconfig.core.Config.setInsertionOrderPreserved(true);
    }

    private TomlSource() {
    }

    /** Reads a file if it exists; an absent file is an empty layer. */
    public static Layer read(Layer.Kind kind, Path file, Consumer<String> warn) {
        String text = text(file, kind == Layer.Kind.PROJECT);
        if (text == null) {
            return new Layer(kind, file.toString(), file, List.of());
        }
        return file.getFileName().toString().endsWith(".toml") ? parse(kind, file, text, warn) : legacy(kind, file, text, warn);
    }

    /** The built-in defaults, shipped in the jar as TOML. */
    public static Layer builtIn(String text) {
        return parse(Layer.Kind.BUILT_IN, null, text, w -> {
            throw new IllegalStateException("built-in settings: " + w);
        });
    }

    /** The file's text, or null if there is none; a project file must not be a link out of the worktree. */
    static String text(Path file, boolean noLinks) {
        if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            return null;
        }
        if (noLinks) {
            // the file and the directories between it and the worktree (.claude, .claude/ccy): a link
            // in any of them could lead out of the worktree
            Path p = file;
            for (int i = Path.of(SettingsLoader.PROJECT_FILE).getNameCount(); i > 0 && p != null; i--, p = p.getParent()) {
                if (Files.isSymbolicLink(p)) {
                    throw CcyException.usage(p + " is a symbolic link: ccy reads a project's settings only from a plain file"
                            + " in it");
                }
            }
        }
        if (!Files.isRegularFile(file)) {
            throw CcyException.usage(file + " is not a regular file");
        }
        try {
            if (Files.size(file) > MAX_BYTES) {
                throw CcyException.usage(file + " is larger than " + MAX_BYTES / 1024 + " KiB: not a settings file");
            }
            byte[] bytes = Files.readAllBytes(file);
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw CcyException.usage(file + " is not UTF-8 text");
        } catch (IOException e) {
            throw new CcyException("cannot read " + file + ": " + e.getMessage());
        }
    }

    static Layer parse(Layer.Kind kind, Path file, String text, Consumer<String> warn) {
        String name = file == null ? "built-in" : file.toString();
        Map<String, Object> top;
        try {
            top = plain(new TomlParser().parse(text));
        } catch (StackOverflowError e) {
            // the parser recurses per nesting level: a file of "[[[[..." must not end ccy with a stack trace
            throw CcyException.usage(name + ": not valid TOML: nested too deeply");
        } catch (ParsingException | IllegalArgumentException | IllegalStateException | ClassCastException e) {
            int line = errorLine(text);
            throw CcyException.usage(name + (line > 0 ? ":" + line : "") + ": not valid TOML: "
                    + String.valueOf(e.getMessage()).lines().findFirst().orElse(""));
        }
        List<Layer.Entry> entries = new ArrayList<>();
        for (Map.Entry<String, Object> e : top.entrySet()) {
            String k = e.getKey();
            if (e.getValue() instanceof Map<?, ?> table && !k.equals("env") && !k.equals("secrets") && Key.isTable(k)) {
                for (Map.Entry<?, ?> inner : table.entrySet()) {
                    entry(kind, name, text, k + "." + inner.getKey(), inner.getValue(), entries, warn);
                }
            } else {
                entry(kind, name, text, k, e.getValue(), entries, warn);
            }
        }
        return new Layer(kind, name, file, entries);
    }

    private static void entry(Layer.Kind kind, String file, String text, String dotted, Object raw, List<Layer.Entry> entries,
                              Consumer<String> warn) {
        int line = lineOf(text, dotted);
        String where = file + (line > 0 ? ":" + line : "");
        Key key = Key.named(dotted).orElse(null);
        if (key == null) {
            warn.accept(where + ": unknown setting '" + dotted + "' (ignored; see 'ccy config show')");
            return;
        }
        try {
            entries.add(new Layer.Entry(key, key.read(raw), where));
        } catch (CcyException e) {
            throw CcyException.usage(where + ": " + dotted + ": " + e.getMessage());
        }
    }

    /** The old format: {@code key=value} lines, '#' comments. */
    static Layer legacy(Layer.Kind kind, Path file, String text, Consumer<String> warn) {
        List<Layer.Entry> entries = new ArrayList<>();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#") || line.startsWith("!")) {
                continue;
            }
            String where = file + ":" + (i + 1);
            int eq = line.indexOf('=');
            if (eq <= 0) {
                throw CcyException.usage(where + ": expected key=value");
            }
            String k = line.substring(0, eq).strip();
            String v = line.substring(eq + 1).strip();
            Key key = Key.named(k).filter(x -> x.env().isPresent()).orElse(null);
            if (key == null) {
                warn.accept(where + ": unknown setting '" + k + "' (ignored; the old format knows image=, use config.toml)");
                continue;
            }
            if (!v.isEmpty()) {
                try {
                    entries.add(new Layer.Entry(key, key.read(v), where));
                } catch (CcyException e) {
                    throw CcyException.usage(where + ": " + k + ": " + e.getMessage());
                }
            }
        }
        return new Layer(kind, file.toString(), file, entries);
    }

    /** night-config's tables as plain maps and lists, so settings code sees one shape. */
    private static Map<String, Object> plain(UnmodifiableConfig config) {
        Map<String, Object> out = new LinkedHashMap<>();
        config.valueMap().forEach((k, v) -> out.put(k, plainValue(v)));
        return out;
    }

    private static Object plainValue(Object v) {
        if (v instanceof UnmodifiableConfig c) {
            return plain(c);
        }
        if (v instanceof List<?> l) {
            return l.stream().map(TomlSource::plainValue).toList();
        }
        if (v instanceof java.time.temporal.Temporal) {
            return v.toString();
        }
        return v;
    }

    /**
     * The line a syntax error is on: the line after the longest prefix of the file that parses
     * (the parser's own messages have no position). Only runs when the file is already broken.
     */
    static int errorLine(String text) {
        String[] lines = text.split("\n", -1);
        if (lines.length > MAX_ERROR_SCAN_LINES) {
            return 0; // parsing every prefix is quadratic: a huge broken file would hang ccy
        }
        int good = 0;
        StringBuilder prefix = new StringBuilder();
        for (int i = 0; i < lines.length; i++) {
            prefix.append(lines[i]).append('\n');
            try {
                new TomlParser().parse(prefix.toString());
                good = i + 1;
            } catch (RuntimeException | StackOverflowError e) {
                // an unclosed value here may close on a later line
            }
        }
        return good < lines.length ? good + 1 : 0;
    }

    /**
     * The line that sets a dotted key, for messages: a {@code [table]} header followed by
     * {@code key =}, or {@code table.key =} / {@code key =} at the top. 0 when it cannot tell.
     */
    static int lineOf(String text, String dotted) {
        int dot = dotted.indexOf('.');
        String table = dot < 0 ? "" : dotted.substring(0, dot);
        String leaf = dot < 0 ? dotted : dotted.substring(dot + 1);
        Pattern header = Pattern.compile("\\s*\\[\\[?\\s*\"?([^\\]\"]*)\"?\\s*\\]\\]?\\s*(#.*)?");
        Pattern inTable = Pattern.compile("\\s*[\"']?" + Pattern.quote(leaf) + "[\"']?\\s*=.*");
        Pattern dottedAtTop = Pattern.compile("\\s*" + Pattern.quote(dotted) + "\\s*=.*");
        String current = "";
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            var h = header.matcher(lines[i]);
            if (h.matches()) {
                current = h.group(1).strip();
                if (current.equals(dotted)) {
                    return i + 1; // [env], [[mounts]]
                }
                continue;
            }
            if ((current.equals(table) && inTable.matcher(lines[i]).matches())
                    || (current.isEmpty() && !table.isEmpty() && dottedAtTop.matcher(lines[i]).matches())) {
                return i + 1;
            }
        }
        return 0;
    }
}
