package dev.ccy.quadlet;

import dev.ccy.CcyException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A parsed unit file: sections of ordered key/value entries, read the way Quadlet reads them
 * (comments {@code #}/{@code ;}, {@code [Section]}, {@code Key=Value}). Line continuations are
 * rejected rather than joined: ccy never writes them, so one in a rendered file means a value
 * escaped its line.
 */
public final class UnitFile {
    /** One {@code Key=Value} line. */
    public record Entry(String section, String key, String value, int line) {
    }

    private final List<Entry> entries;

    private UnitFile(List<Entry> entries) {
        this.entries = List.copyOf(entries);
    }

    public static UnitFile parse(String text) {
        List<Entry> entries = new ArrayList<>();
        String section = null;
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            int nr = i + 1;
            if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) {
                continue;
            }
            if (line.endsWith("\\")) {
                throw new CcyException("line " + nr + " ends with a backslash (line continuation): " + line);
            }
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
     * undone: what the container finally sees.
     */
    public static List<String> words(String value) {
        List<String> words = new ArrayList<>();
        StringBuilder word = null;
        boolean quoted = false;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (!quoted && Character.isWhitespace(c)) {
                if (word != null) {
                    words.add(word.toString());
                    word = null;
                }
                continue;
            }
            if (word == null) {
                word = new StringBuilder();
            }
            if (c == '"') {
                quoted = !quoted;
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

    /** The labels of {@code [Container]}, key to value, with escaping undone. */
    public java.util.Map<String, String> labels() {
        java.util.Map<String, String> labels = new java.util.LinkedHashMap<>();
        for (String value : all("Container", "Label")) {
            for (String word : words(value)) {
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
