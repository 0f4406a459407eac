package dev.ccy.cli;

import dev.ccy.CcyException;
import dev.ccy.session.store.Session;
import dev.ccy.session.SessionStatus;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code ccy list --filter KEY=VALUE}, as {@code podman ps --filter}: values of one key are
 * alternatives, different keys must all match.
 */
final class SessionFilter {
    static final List<String> KEYS = List.of("state", "activity", "project", "alias", "branch", "worktree");
    static final List<String> STATES = List.of("running", "starting", "stopping", "stopped", "failed");

    private final Map<String, Set<String>> wanted = new LinkedHashMap<>();

    static SessionFilter parse(List<String> filters) {
        SessionFilter f = new SessionFilter();
        for (String text : filters) {
            int eq = text.indexOf('=');
            String key = eq < 0 ? text : text.substring(0, eq);
            if (eq <= 0 || !KEYS.contains(key)) {
                throw CcyException.usage("'" + text + "' is not a filter: use KEY=VALUE with KEY one of " + String.join(", ", KEYS));
            }
            String value = text.substring(eq + 1);
            if (key.equals("state") && !STATES.contains(value)) {
                throw CcyException.usage("'" + value + "' is not a state: use one of " + String.join(", ", STATES));
            }
            if (key.equals("activity") && !dev.ccy.session.Activity.NAMES.contains(value)) {
                throw CcyException.usage("'" + value + "' is not an activity: use one of " + String.join(", ", dev.ccy.session.Activity.NAMES));
            }
            f.wanted.computeIfAbsent(key, k -> new LinkedHashSet<>()).add(value);
        }
        return f;
    }

    boolean isEmpty() {
        return wanted.isEmpty();
    }

    /** True when the filter needs the sessions' states, which cost a call to systemd. */
    boolean needsState() {
        return wanted.containsKey("state") || wanted.containsKey("activity");
    }

    /** Whether a session passes every key but state. */
    boolean matches(Session s) {
        return ok("project", s.project()) && ok("alias", s.alias()) && ok("branch", s.branch()) && ok("worktree", s.worktree());
    }

    boolean matches(SessionStatus st) {
        return matches(st.session()) && ok("state", st.status())
                && (!wanted.containsKey("activity") || ok("activity", st.activity().name()));
    }

    private boolean ok(String key, String value) {
        Set<String> v = wanted.get(key);
        return v == null || v.contains(value);
    }
}
