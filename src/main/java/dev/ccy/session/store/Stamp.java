package dev.ccy.session.store;

import java.util.List;

/**
 * Which ccy rendered a unit and from what: the hash of its inputs (template, settings), and the
 * per-session settings (flags of ccy new) that an upgrade must render it with again.
 */
public record Stamp(String version, String inputs, List<String> overrides) {
    public static final Stamp NONE = new Stamp("", "", List.of());

    public Stamp {
        overrides = List.copyOf(overrides);
    }
}
