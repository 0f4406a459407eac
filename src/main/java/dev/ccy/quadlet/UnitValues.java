package dev.ccy.quadlet;

import dev.ccy.CcyException;
import java.util.List;

/**
 * Escapes values for systemd unit syntax as Quadlet and systemd read them, or refuses them.
 *
 * <p>Why each rule: a newline or control character would start a new key; a trailing backslash
 * joins the next line (Quadlet's parser and systemd's both continue lines on it); {@code %} is a
 * systemd specifier; {@code $} is variable expansion in the ExecStart= that Quadlet generates
 * (Quadlet copies Label=, Volume=, Exec= words there without escaping {@code $} or {@code %});
 * double quotes and backslashes are the quoting of word lists (Label=, Environment=, Exec=).
 */
public final class UnitValues {
    private UnitValues() {
    }

    /** A value systemd takes verbatim (Description=): specifiers escaped. */
    public static String plain(String what, String value) {
        refuseControl(what, value);
        if (value.endsWith("\\")) {
            throw refused(what, value, "ends with a backslash, which would continue the line");
        }
        return value.replace("%", "%%");
    }

    /**
     * A value that Quadlet copies raw into the generated ExecStart= (Volume= sources, Image=):
     * specifiers and variables escaped; leading or trailing blanks refused because both parsers
     * trim them.
     */
    public static String raw(String what, String value) {
        refuseControl(what, value);
        if (!value.equals(value.strip())) {
            throw refused(what, value, "starts or ends with white space");
        }
        if (value.endsWith("\\")) {
            throw refused(what, value, "ends with a backslash, which would continue the line");
        }
        return value.replace("%", "%%").replace("$", "$$");
    }

    /** One double-quoted word of a word list (Label=, Environment=, Exec=). */
    public static String word(String what, String value) {
        refuseControl(what, value);
        StringBuilder out = new StringBuilder(value.length() + 2).append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '"' -> out.append("\\\"");
                case '%' -> out.append("%%");
                case '$' -> out.append("$$");
                default -> out.append(c);
            }
        }
        return out.append('"').toString();
    }

    /**
     * One CSV record of fields, as podman parses {@code --mount} (Go's encoding/csv): a field with
     * a comma, a double quote or white space is quoted and its quotes doubled, so a path may hold
     * any of them. Not unit-escaped: the record goes into a word-list key (Mount=) through
     * {@link #word}, which Quadlet unquotes before it reads the CSV.
     */
    public static String csv(String what, List<String> fields) {
        StringBuilder out = new StringBuilder();
        for (String f : fields) {
            refuseControl(what, f);
            if (out.length() > 0) {
                out.append(',');
            }
            if (f.isEmpty() || f.chars().anyMatch(c -> c == ',' || c == '"' || Character.isWhitespace(c))) {
                out.append('"').append(f.replace("\"", "\"\"")).append('"');
            } else {
                out.append(f);
            }
        }
        return out.toString();
    }

    /** The fields of one CSV record as {@link #csv} writes it (and podman reads it); a bare quote is kept. */
    public static List<String> csvFields(String record) {
        List<String> fields = new java.util.ArrayList<>();
        StringBuilder f = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < record.length(); i++) {
            char c = record.charAt(i);
            if (quoted && c == '"') {
                if (i + 1 < record.length() && record.charAt(i + 1) == '"') {
                    f.append('"');
                    i++;
                } else {
                    quoted = false;
                }
            } else if (!quoted && c == '"' && f.isEmpty()) {
                quoted = true;
            } else if (!quoted && c == ',') {
                fields.add(f.toString());
                f.setLength(0);
            } else {
                f.append(c);
            }
        }
        fields.add(f.toString());
        return fields;
    }

    static void refuseControl(String what, String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') {
                throw refused(what, value, String.format("contains the control character U+%04X", (int) c));
            }
        }
    }

    private static CcyException refused(String what, String value, String why) {
        return new CcyException(what + " cannot go into a unit file: " + printable(value) + " " + why);
    }

    /** The value with control characters shown as escapes, so the error stays on one line. */
    public static String printable(String value) {
        StringBuilder out = new StringBuilder("'");
        value.codePoints().forEach(cp -> {
            if (Character.isISOControl(cp) || cp == 0x2028 || cp == 0x2029) {
                out.append(cp == '\n' ? "\\n" : cp == '\t' ? "\\t" : String.format("\\u%04x", cp));
            } else {
                out.appendCodePoint(cp);
            }
        });
        return out.append('\'').toString();
    }
}
