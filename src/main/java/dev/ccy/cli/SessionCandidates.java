package dev.ccy.cli;

import java.util.Iterator;
import java.util.List;

/**
 * Completion candidates for SESSION. Sessions come and go, so the completion script cannot list
 * them when it is generated: it gets this placeholder, which {@link CompletionCommand} replaces
 * with a call to {@code ccy list --all -q --aliases} at completion time.
 */
public final class SessionCandidates implements Iterable<String> {
    static final String PLACEHOLDER = "__ccy_sessions__";

    @Override
    public Iterator<String> iterator() {
        return List.of(PLACEHOLDER).iterator();
    }
}
