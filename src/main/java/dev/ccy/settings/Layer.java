package dev.ccy.settings;

import java.nio.file.Path;
import java.util.List;

/**
 * One source of settings, with where each value came from: the built-in defaults, a file, the
 * environment, a session's own flags, or the command line.
 */
public record Layer(Kind kind, String source, Path file, List<Entry> entries) {
    /** The layers, lowest first. */
    public enum Kind {
        BUILT_IN("built-in"), SYSTEM("system"), USER("user"), PROJECT("project"), ENVIRONMENT("environment"),
        SESSION("session"), FLAGS("command line");

        private final String label;

        Kind(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /** A key's value as this layer gives it, and where exactly (file:line, variable or flag). */
    public record Entry(Key key, Object value, String origin) {
    }

    public Layer {
        entries = List.copyOf(entries);
    }
}
