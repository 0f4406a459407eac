package dev.ccy;

import java.util.regex.Pattern;

/**
 * The name grammars, in one place: what ccy accepts as a name, a variable, an image, a session.
 * Every user of a grammar checks it here; each keeps its own message, which says what the name is for.
 * They sit at the bottom of the layering so that settings, podman and session code may all use them.
 */
public final class Names {
    /**
     * A name of ccy's or podman's (a secret, an alias, a network, a NAME setting), e.g. gh-token.2:
     * 1-63 letters, digits, '.', '_', '-', first a letter or digit. No ',' or '=', which would end
     * a Quadlet {@code Secret=} or {@code Label=} value.
     */
    public static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,62}");
    /** An environment variable name, e.g. CLAUDE_CODE_OAUTH_TOKEN: what a shell takes in {@code VAR=value}. */
    public static final Pattern ENV_VAR = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    /**
     * What Podman accepts as an image reference (name[:tag][@digest]), e.g. docker.io/library/node:22;
     * nothing a unit file would care about (no space, quote, '%' or '$').
     */
    public static final Pattern IMAGE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._/:@+-]*");
    /**
     * The project of a session name, e.g. my-app: only {@code [a-z0-9-]}, a subset of what systemd
     * allows in unit names, so no escaping is ever needed.
     */
    public static final Pattern PROJECT = Pattern.compile("[a-z0-9][a-z0-9-]*");
    /** A session name, e.g. ccy-my-app-1: group 1 is the project, group 2 the slot (1-999999). */
    public static final Pattern SESSION = Pattern.compile("ccy-(" + PROJECT.pattern() + ")-([1-9][0-9]{0,5})");
    /** An agent profile name, e.g. claude: what --agent takes and a file name can hold. */
    public static final Pattern AGENT_PROFILE = Pattern.compile("[a-z0-9][a-z0-9_-]{0,31}");

    private Names() {
    }

    public static boolean isName(String s) {
        return matches(NAME, s);
    }

    public static boolean isEnvVar(String s) {
        return matches(ENV_VAR, s);
    }

    public static boolean isImage(String s) {
        return matches(IMAGE, s);
    }

    public static boolean isProject(String s) {
        return matches(PROJECT, s);
    }

    public static boolean isAgentProfile(String s) {
        return matches(AGENT_PROFILE, s);
    }

    /** True if the whole of {@code s} (null: never) is in the grammar. */
    public static boolean matches(Pattern grammar, String s) {
        return s != null && grammar.matcher(s).matches();
    }
}
