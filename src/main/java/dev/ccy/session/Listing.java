package dev.ccy.session;

import dev.ccy.session.store.Session;
import dev.ccy.session.store.StateDir;
import dev.ccy.session.store.Worktree;
import dev.ccy.systemd.UnitState;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Which sessions there are, in what state, and which one a bare {@code ccy} resumes. */
public final class Listing {
    private final SessionContext ctx;

    public Listing(SessionContext ctx) {
        this.ctx = ctx;
    }

    /** The user's sessions with their states (all, or only those not stopped), in one call to systemd. */
    public List<SessionStatus> list(boolean all) {
        return list(ctx.store.list(), all);
    }

    /** The same, for sessions already read from the store. */
    public List<SessionStatus> list(List<Session> sessions, boolean all) {
        if (sessions.isEmpty()) {
            return List.of();
        }
        Map<String, UnitState> states = ctx.systemd().states(sessions.stream().map(s -> s.name().unit()).toList());
        Instant now = Instant.now();
        return sessions.stream().map(s -> new SessionStatus(s, states.get(s.name().unit()), now))
                .filter(st -> all || !st.status().equals("stopped")).toList();
    }

    /** The sessions of a worktree, the most recently used first. */
    public List<Session> ofWorktree(Worktree worktree) {
        return mostRecentFirst(ctx.store.list(), worktree.path());
    }

    static List<Session> mostRecentFirst(List<Session> all, Path worktree) {
        String path = worktree.toString();
        return all.stream().filter(s -> s.worktree().equals(path))
                .sorted(Comparator.comparing((Session s) -> StateDir.time(s, StateDir.LAST_USED)
                        .or(() -> StateDir.created(s)).orElse(Instant.EPOCH)).reversed())
                .toList();
    }

    /**
     * The session a bare {@code ccy} resumes among a worktree's (most recently used first): the one
     * its .session-id file names when that one really is this worktree's (a copied worktree or a
     * removed session make the file stale), else the most recently used; none if it has none.
     */
    static Optional<Session> choose(List<Session> mine, Optional<String> hint) {
        return hint.flatMap(h -> mine.stream().filter(s -> s.name().name().equals(h)).findFirst())
                .or(() -> mine.stream().findFirst());
    }
}
