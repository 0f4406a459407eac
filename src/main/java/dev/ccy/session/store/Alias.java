package dev.ccy.session.store;

import dev.ccy.CcyException;
import dev.ccy.Names;

/**
 * A name the user gives a session ({@code ccy new --name review}). It is stored as the label
 * {@code ccy.alias}, so {@code podman ps --filter label=ccy.alias=review} finds it too, and it
 * survives reboots with the unit file. Unique per user; it never looks like a session name, so a
 * name given on the command line means one thing only.
 */
public final class Alias {
    public static final String LABEL = "ccy.alias";

    private Alias() {
    }

    /** True if the text has an alias's syntax (it may still read like a session name). */
    public static boolean looksLikeOne(String text) {
        return Names.isName(text);
    }

    /** Refuses what cannot be an alias, with a usage error. */
    public static String check(String alias) {
        if (!Names.isName(alias)) {
            throw CcyException.usage("alias " + dev.ccy.quadlet.UnitValues.printable(alias) + " is not allowed: use letters,"
                    + " digits, '.', '_' and '-' (up to 63, starting with a letter or digit)");
        }
        if (!SessionName.candidates(alias).isEmpty()) {
            throw CcyException.usage("alias '" + alias + "' reads like a session name (<project>-<n>): choose another");
        }
        return alias;
    }
}
