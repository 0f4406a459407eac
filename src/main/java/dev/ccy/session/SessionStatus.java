package dev.ccy.session;

import dev.ccy.session.store.Session;
import dev.ccy.session.store.StateDir;
import dev.ccy.systemd.UnitState;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/** A session with its unit's state and what its state directory says, as ccy list shows it. */
public record SessionStatus(Session session, UnitState unit, Instant now) {

    /** Up or on its way: anything but inactive or failed. */
    public boolean running() {
        return !stoppedState();
    }

    private boolean stoppedState() {
        return unit.activeState().equals("inactive") || unit.activeState().equals("failed");
    }

    /** running, starting, stopping, stopped or failed. */
    public String status() {
        return switch (unit.activeState()) {
            case "activating" -> "starting";
            case "deactivating" -> "stopping";
            case "inactive" -> "stopped";
            case "failed" -> "failed";
            default -> "running";
        };
    }

    /** Attached tmux clients; empty when the session is not running. */
    public Optional<Integer> clients() {
        return running() ? StateDir.clients(session) : Optional.empty();
    }

    /** When it came up (running) or went down (stopped, failed). */
    public Optional<Instant> since() {
        if (running()) {
            return StateDir.time(session, StateDir.UP_SINCE);
        }
        Optional<Instant> stopped = StateDir.time(session, StateDir.STOPPED_AT);
        return stopped.isPresent() ? stopped : StateDir.time(session, StateDir.STOPPED).or(() -> created());
    }

    /** Uptime of a running session, or how long a stopped one has been down. */
    public Optional<Duration> age() {
        return since().map(t -> Duration.between(t, now)).map(d -> d.isNegative() ? Duration.ZERO : d);
    }

    public Optional<Instant> created() {
        return StateDir.created(session);
    }

    public Optional<Instant> lastUsed() {
        return StateDir.time(session, StateDir.LAST_USED);
    }

    /** What its agent is doing, from the record its hooks write in the state directory. */
    public Activity activity() {
        Optional<Instant> up = running() ? StateDir.time(session, StateDir.UP_SINCE) : Optional.empty();
        return Activity.of(status(), up, running() ? Optional.empty() : since(),
                running() ? dev.ccy.session.agent.ActivityRecord.read(session.state()) : Optional.empty());
    }

    public boolean ephemeral() {
        return StateDir.has(session, StateDir.EPHEMERAL);
    }
}
