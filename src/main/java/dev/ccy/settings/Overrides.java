package dev.ccy.settings;

import java.util.ArrayList;
import java.util.List;

/**
 * Settings given for one session rather than in a file: command-line flags of {@code ccy new} (and
 * {@code render}), and what a session keeps of them in its unit so that {@code ccy upgrade} renders
 * it with the same values. Each is {@code key=value} as a flag gives it; list flags repeat.
 */
public record Overrides(List<Assignment> assignments) {
    public static final Overrides NONE = new Overrides(List.of());

    /** One value for one key, and the flag (or unit line) it came from. */
    public record Assignment(Key key, Object raw, String origin) {
    }

    public Overrides {
        assignments = List.copyOf(assignments);
    }

    /** A builder-style copy with one more value; a null or empty value adds nothing. */
    public Overrides with(Key key, Object raw, String origin) {
        if (raw == null || (raw instanceof String s && s.isEmpty() && key.merges())) {
            return this;
        }
        List<Assignment> all = new ArrayList<>(assignments);
        all.add(new Assignment(key, raw, origin));
        return new Overrides(all);
    }

    /** As a layer, each value read and checked like a file's. */
    Layer layer(Layer.Kind kind) {
        List<Layer.Entry> entries = new ArrayList<>();
        for (Assignment a : assignments) {
            try {
                entries.add(new Layer.Entry(a.key(), a.key().read(a.raw()), a.origin()));
            } catch (dev.ccy.CcyException e) {
                throw dev.ccy.CcyException.usage(a.origin() + ": " + e.getMessage());
            }
        }
        return new Layer(kind, kind.label(), null, entries);
    }

    /**
     * The values worth keeping in a session's unit, as {@code key=value} lines. The agent command
     * and resume command are kept by the unit itself; a variable given with --env keeps only its
     * name, as a forwarded one: its value is in the session's secret, never in the unit.
     */
    public List<String> persistable() {
        List<String> out = new ArrayList<>();
        for (Assignment a : assignments) {
            if (a.key() == Key.COMMAND || a.key() == Key.RESUME || !(a.raw() instanceof String raw)) {
                continue;
            }
            if (a.key() == Key.ENV) {
                int eq = raw.indexOf('=');
                out.add(Key.FORWARD_ENV.toml() + "=" + (eq < 0 ? raw : raw.substring(0, eq)));
            } else {
                out.add(a.key().toml() + "=" + raw);
            }
        }
        return out;
    }

    /** Reads back what {@link #persistable} wrote, with the origin given. */
    public static Overrides parse(List<String> lines, String origin) {
        Overrides o = NONE;
        for (String line : lines) {
            int eq = line.indexOf('=');
            Key key = eq <= 0 ? null : Key.named(line.substring(0, eq)).orElse(null);
            if (key != null) {
                o = o.with(key, line.substring(eq + 1), origin);
            }
        }
        return o;
    }
}
