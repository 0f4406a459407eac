package dev.ccy.session;

import dev.ccy.CcyException;
import dev.ccy.session.store.Session;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchService;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code ccy wait}: blocks until every session's activity reaches {@code until}. It asks systemd
 * once at the start and then only when something in a state directory changes: the agent's hooks
 * rename their record into it, the unit touches stopped-at when it stops. The directories are
 * watched with inotify (Java's WatchService on Linux), so nothing polls podman or systemd.
 */
public final class ActivityWait {
    public enum Outcome { REACHED, TIMEOUT, STOPPED }

    /** The end of the wait, and the sessions that did not get there with what they were doing. */
    public record Result(Outcome outcome, Map<String, Activity> pending) {
    }

    private final Sessions sessions;

    public ActivityWait(Sessions sessions) {
        this.sessions = sessions;
    }

    public Result await(List<Session> wanted, String until, Duration timeout) {
        Instant deadline = timeout == null ? null : Instant.now().plus(timeout);
        try (WatchService watch = FileSystems.getDefault().newWatchService()) {
            for (Session s : wanted) {
                if (s.state() == null) {
                    throw new CcyException("session " + s.name() + " has no state directory in its unit file: its activity cannot be watched");
                }
                // before the first look, so that nothing written in between is missed
                s.state().register(watch, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY,
                        StandardWatchEventKinds.ENTRY_DELETE);
            }
            List<Session> left = new ArrayList<>(wanted);
            while (true) {
                Map<String, Activity> pending = new LinkedHashMap<>();
                for (SessionStatus st : sessions.list(left, true)) {
                    Activity a = st.activity();
                    if (a.reached(until)) {
                        left.remove(st.session());
                    } else if (!st.running() || a.name().equals("exited")) {
                        // down, or the agent ended: it will not get there by itself
                        pending.put(st.session().name().name(), a);
                        return new Result(Outcome.STOPPED, pending);
                    } else {
                        pending.put(st.session().name().name(), a);
                    }
                }
                if (left.isEmpty()) {
                    return new Result(Outcome.REACHED, Map.of());
                }
                if (!next(watch, deadline)) {
                    return new Result(Outcome.TIMEOUT, pending);
                }
            }
        } catch (IOException e) {
            throw new CcyException("cannot watch the sessions' state directories: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CcyException("interrupted");
        }
    }

    /** Waits for a change that may matter; false when the deadline passed first. */
    private static boolean next(WatchService watch, Instant deadline) throws InterruptedException {
        while (true) {
            var key = deadline == null ? watch.take()
                    : watch.poll(Math.max(0, Duration.between(Instant.now(), deadline).toMillis()), TimeUnit.MILLISECONDS);
            if (key == null) {
                return false;
            }
            boolean relevant = false;
            for (var ev : key.pollEvents()) {
                // overflow: events were lost, look again; otherwise only the record and the unit's markers matter
                relevant |= ev.kind() == StandardWatchEventKinds.OVERFLOW || !(ev.context() instanceof Path p)
                        || !p.getFileName().toString().startsWith(".");
            }
            key.reset();
            if (relevant) {
                return true;
            }
        }
    }
}
