package dev.ccy.quadlet;

import dev.ccy.CcyException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A parsed unit file: sections of ordered key/value entries, read the way Quadlet reads them
 * (comments {@code #}/{@code ;}, {@code [Section]}, {@code Key=Value}, a trailing backslash
 * continues the line). {@link #parseRendered} rejects continuations instead: ccy never writes
 * them, so one in a file ccy just rendered means a value escaped its line.
 */
public final class UnitFile {
    /** One {@code Key=Value} line. */
    public record Entry(String section, String key, String value, int line) {
    }

    private final List<Entry> entries;

    private UnitFile(List<Entry> entries) {
        this.entries = List.copyOf(entries);
    }

    /** Parses a file as Quadlet does, joining continued lines (a hand-edited file may have them). */
    public static UnitFile parse(String text) {
        return parse(text, false);
    }

    /** Parses a file ccy has just rendered: a continued line is an error. */
    public static UnitFile parseRendered(String text) {
        return parse(text, true);
    }

    private static UnitFile parse(String text, boolean rendered) {
        List<Entry> entries = new ArrayList<>();
        String section = null;
        String[] lines = text.split("\n", -1);
        String pending = "";
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            int nr = i + 1;
            if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) {
                continue;
            }
            if (line.endsWith("\\")) {
                if (rendered) {
                    throw new CcyException("line " + nr + " ends with a backslash (line continuation): " + line);
                }
                pending += line.substring(0, line.length() - 1);
                continue;
            }
            line = pending + line;
            pending = "";
            if (line.startsWith("[")) {
                if (!line.endsWith("]") || line.indexOf(']') != line.length() - 1) {
                    throw new CcyException("line " + nr + " is not a valid section header: " + line);
                }
                section = line.substring(1, line.length() - 1);
                continue;
            }
            int eq = line.indexOf('=');
            if (eq <= 0) {
                throw new CcyException("line " + nr + " is not a key-value pair, section or comment: " + line);
            }
            if (section == null) {
                throw new CcyException("line " + nr + " comes before any section: " + line);
            }
            entries.add(new Entry(section, line.substring(0, eq).strip(), line.substring(eq + 1).strip(), nr));
        }
        return new UnitFile(entries);
    }

    public List<Entry> entries() {
        return entries;
    }

    public List<String> sections() {
        return entries.stream().map(Entry::section).distinct().toList();
    }

    public List<String> all(String section, String key) {
        return entries.stream()
                .filter(e -> e.section().equals(section) && e.key().equals(key))
                .map(Entry::value)
                .toList();
    }

    /** The last value of a key, as Quadlet's Lookup takes it. */
    public Optional<String> last(String section, String key) {
        List<String> all = all(section, key);
        return all.isEmpty() ? Optional.empty() : Optional.of(all.get(all.size() - 1));
    }

    /**
     * The words of a word-list value (Label=, Exec=) with quoting, escapes and {@code %%}/{@code $$}
     * undone: what the container finally sees. A {@code $} or {@code %} that systemd would expand
     * in the generated ExecStart= is an error, because the result would not be the value written.
     */
    public static List<String> words(String value) {
        return words(value, true);
    }

    private static List<String> words(String value, boolean strict) {
        List<String> words = new ArrayList<>();
        StringBuilder word = null;
        char quote = 0;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (quote == 0 && (c == ' ' || c == '\t' || c == '\n' || c == '\r')) {
                if (word != null) {
                    words.add(word.toString());
                    word = null;
                }
                continue;
            }
            if (word == null) {
                word = new StringBuilder();
            }
            if ((c == '"' || c == '\'') && (quote == 0 || quote == c)) {
                quote = quote == 0 ? c : 0;
            } else if (strict && (c == '%' || c == '$') && !(i + 1 < value.length() && value.charAt(i + 1) == c)) {
                throw new CcyException("unescaped '" + c + "' in " + value + ": systemd would expand it");
            } else if (c == '\\' && i + 1 < value.length()) {
                char n = value.charAt(++i);
                word.append(switch (n) {
                    case 'n' -> '\n';
                    case 't' -> '\t';
                    default -> n;
                });
            } else if ((c == '%' || c == '$') && i + 1 < value.length() && value.charAt(i + 1) == c) {
                word.append(c);
                i++;
            } else {
                word.append(c);
            }
        }
        if (word != null) {
            words.add(word.toString());
        }
        return words;
    }

    /**
     * The labels of {@code [Container]}, key to value, with escaping undone; strict: fail on what
     * systemd would expand (for checking a render), else read on (for a file on disk).
     */
    public java.util.Map<String, String> labels(boolean strict) {
        java.util.Map<String, String> labels = new java.util.LinkedHashMap<>();
        for (String value : all("Container", "Label")) {
            for (String word : words(value, strict)) {
                int eq = word.indexOf('=');
                if (eq > 0) {
                    labels.put(word.substring(0, eq), word.substring(eq + 1));
                } else {
                    labels.put(word, "");
                }
            }
        }
        return labels;
    }
}
