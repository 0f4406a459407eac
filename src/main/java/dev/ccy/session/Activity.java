package dev.ccy.session;

import dev.ccy.session.agent.ActivityRecord;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What a session's agent is doing: {@code starting}, {@code working} (a turn or tool runs),
 * {@code waiting} (it asks its user), {@code idle} (the turn is done), {@code exited} (the agent
 * process ended, or the session is down), or {@code unknown} (its agent says nothing we can read),
 * since when, and for waiting and idle the agent's short message.
 */
public record Activity(String name, Optional<Instant> since, String message) {
    public static final String UNKNOWN = "unknown";
    /** Every activity, as --filter and ccy wait take them. */
    public static final List<String> NAMES = List.of("starting", "working", "waiting", "idle", "exited", UNKNOWN);

    /**
     * The state machine: the unit's status (running, starting, stopping, stopped, failed) decides
     * first, then the agent's record, which counts only when written since the session came up
     * (one from before a reboot or crash says nothing of the agent running now).
     *
     * @param status    the session's status (SessionStatus#status)
     * @param upSince   when the unit last came up, if known
     * @param downSince when it went down, for a session that is not running
     */
    public static Activity of(String status, Optional<Instant> upSince, Optional<Instant> downSince, Optional<ActivityRecord> record) {
        switch (status) {
            case "starting":
                return new Activity("starting", Optional.empty(), "");
            case "stopping", "stopped", "failed":
                return new Activity("exited", downSince, "");
            default:
                break;
        }
        if (record.isEmpty()) {
            return new Activity(UNKNOWN, Optional.empty(), "");
        }
        ActivityRecord r = record.get();
        if (upSince.isPresent() && r.written().isBefore(upSince.get())) {
            return new Activity("starting", upSince, "");
        }
        Instant since = upSince.isPresent() && r.since().isBefore(upSince.get()) ? upSince.get() : r.since();
        return new Activity(r.activity(), Optional.of(since), r.message());
    }

    /** Whether {@code until} (idle, waiting, exited, or any of them) is reached. */
    public boolean reached(String until) {
        return until.equals("any") ? List.of("idle", "waiting", "exited").contains(name) : name.equals(until);
    }
}
