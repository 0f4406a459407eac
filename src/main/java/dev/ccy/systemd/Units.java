package dev.ccy.systemd;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * What ccy asks of the user's systemd manager. {@link UserManager} does it over D-Bus; tests of the
 * session logic (rollback, resume choice, pruning) use a fake, while the sandbox tests prove the
 * real thing.
 */
public interface Units extends AutoCloseable {
    /** daemon-reload; Quadlet regenerates every unit from its files. */
    void reload();

    /** Loads a unit and returns its LoadState: loaded, not-found, bad-setting... */
    String loadState(String unit);

    /** The states of the given units in one call; unknown units come back as not-found. */
    Map<String, UnitState> states(List<String> units);

    default UnitState state(String unit) {
        return states(List.of(unit)).get(unit);
    }

    /** Starts a unit and waits for its job; returns the job result ("done" on success). */
    String start(String unit, Duration timeout, Consumer<Duration> stillWaiting);

    /** Stops a unit and waits for its job; returns the job result ("done" on success). */
    String stop(String unit, Duration timeout, Consumer<Duration> stillWaiting);

    /**
     * Restarts a unit as one systemd job and waits for it; returns the job result. Once queued, the
     * job runs to its end even if ccy dies (a stop, then a start, would leave the unit down).
     */
    String restart(String unit, Duration timeout, Consumer<Duration> stillWaiting);

    @Override
    void close();
}
