package dev.ccy.systemd;

import dev.ccy.CcyException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.freedesktop.dbus.DBusPath;
import org.freedesktop.dbus.connections.impl.DBusConnection;
import org.freedesktop.dbus.connections.impl.DBusConnectionBuilder;
import org.freedesktop.dbus.exceptions.DBusException;
import org.freedesktop.dbus.exceptions.DBusExecutionException;
import org.freedesktop.dbus.interfaces.Properties;
import org.freedesktop.dbus.messages.MethodCall;
import org.freedesktop.dbus.types.Variant;

/** The user's systemd manager over D-Bus: reload, load, start, stop and status of units. */
public final class UserManager implements Units {
    /** systemctl allows a daemon-reload about 180 s; dbus-java's default reply wait is 20 s. */
    static final Duration RELOAD_TIMEOUT = Duration.ofSeconds(180);
    static final Duration CALL_TIMEOUT = Duration.ofSeconds(25);

    private final DBusConnection conn;
    private final Systemd1Manager manager;
    private final Map<String, String> finishedJobs = new ConcurrentHashMap<>();
    private AutoCloseable jobHandler;

    private UserManager(DBusConnection conn) {
        this.conn = conn;
        this.manager = remote(Systemd1Manager.PATH, Systemd1Manager.class);
    }

    public static UserManager connect(UserRuntime runtime) {
        runtime.requireBus();
        MethodCall.setDefaultTimeout(CALL_TIMEOUT.toMillis());
        DBusConnection conn;
        try {
            conn = DBusConnectionBuilder.forAddress(runtime.busAddress()).withShared(false).build();
        } catch (DBusException | RuntimeException e) {
            throw new CcyException("cannot connect to the user bus at " + runtime.busAddress() + ": " + message(e));
        }
        try {
            return new UserManager(conn);
        } catch (RuntimeException e) {
            conn.disconnect();
            throw e;
        }
    }

    private <T extends org.freedesktop.dbus.interfaces.DBusInterface> T remote(String path, Class<T> type) {
        try {
            return conn.getRemoteObject(Systemd1Manager.BUS_NAME, path, type);
        } catch (DBusException e) {
            throw new CcyException("cannot reach systemd on the user bus: " + message(e));
        }
    }

    @Override
    public void reload() {
        dev.ccy.TestPause.at("systemd.reload");
        MethodCall.setDefaultTimeout(RELOAD_TIMEOUT.toMillis());
        try {
            manager.reload();
        } catch (DBusExecutionException e) {
            throw new CcyException("systemd daemon-reload failed: " + message(e));
        } finally {
            MethodCall.setDefaultTimeout(CALL_TIMEOUT.toMillis());
        }
    }

    @Override
    public String loadState(String unit) {
        try {
            DBusPath path = manager.loadUnit(unit);
            Properties props = remote(path.getPath(), Properties.class);
            return String.valueOf(unwrap(props.Get("org.freedesktop.systemd1.Unit", "LoadState")));
        } catch (DBusExecutionException e) {
            throw new CcyException("cannot load " + unit + ": " + message(e));
        }
    }

    /** Whether systemd holds an older version of the unit than its files say (a daemon-reload is due). */
    public boolean needsReload(String unit) {
        try {
            DBusPath path = manager.loadUnit(unit);
            Properties props = remote(path.getPath(), Properties.class);
            return Boolean.TRUE.equals(unwrap(props.Get("org.freedesktop.systemd1.Unit", "NeedDaemonReload")));
        } catch (DBusExecutionException e) {
            throw new CcyException("cannot load " + unit + ": " + message(e));
        }
    }

    @Override
    public Map<String, UnitState> states(List<String> units) {
        Map<String, UnitState> states = new java.util.LinkedHashMap<>();
        if (units.isEmpty()) {
            return states;
        }
        try {
            for (UnitStatus s : manager.listUnitsByNames(units)) {
                states.put(s.getName(), new UnitState(s.getName(), s.getLoadState(), s.getActiveState(), s.getSubState()));
            }
        } catch (DBusExecutionException e) {
            throw new CcyException("cannot read unit states: " + message(e));
        }
        units.forEach(u -> states.putIfAbsent(u, UnitState.unknown(u)));
        // why a failed one failed: two more properties, for failed units only
        states.replaceAll((u, st) -> st.activeState().equals("failed") ? st.withFailure(failure(u)) : st);
        return states;
    }

    private String failure(String unit) {
        try {
            Properties props = remote(manager.loadUnit(unit).getPath(), Properties.class);
            Object result = unwrap(props.Get("org.freedesktop.systemd1.Service", "Result"));
            Object status = unwrap(props.Get("org.freedesktop.systemd1.Service", "ExecMainStatus"));
            return UnitState.failure(String.valueOf(result), status instanceof Number n ? n.intValue() : 0);
        } catch (DBusExecutionException | ClassCastException e) {
            return ""; // gone meanwhile, or not a service: the state says enough
        }
    }

    /**
     * Starts a unit and waits for its job; returns the job result ("done" on success). The start
     * rate limit is reset first: it is there to stop crash loops of automatic restarts, not a user
     * who stops and starts a session a few times in a row.
     */
    @Override
    public String start(String unit, Duration timeout, Consumer<Duration> stillWaiting) {
        dev.ccy.TestPause.at("systemd.start");
        // a ccy killed between writing a unit file and reloading left a unit systemd does not know yet
        if ("not-found".equals(loadState(unit))) {
            reload();
        }
        try {
            manager.resetFailedUnit(unit);
        } catch (DBusExecutionException e) {
            // not loaded or nothing to reset: the start itself will say what is wrong
        }
        return runJob(unit, "start", () -> manager.startUnit(unit, "replace"), timeout, stillWaiting);
    }

    @Override
    public String stop(String unit, Duration timeout, Consumer<Duration> stillWaiting) {
        dev.ccy.TestPause.at("systemd.stop");
        return runJob(unit, "stop", () -> manager.stopUnit(unit, "replace"), timeout, stillWaiting);
    }

    @Override
    public String restart(String unit, Duration timeout, Consumer<Duration> stillWaiting) {
        dev.ccy.TestPause.at("systemd.restart");
        try {
            manager.resetFailedUnit(unit);
        } catch (DBusExecutionException e) {
            // nothing to reset: the restart itself will say what is wrong
        }
        return runJob(unit, "restart", () -> manager.restartUnit(unit, "replace"), timeout, stillWaiting);
    }

    private String runJob(String unit, String verb, java.util.function.Supplier<DBusPath> call, Duration timeout,
                          Consumer<Duration> stillWaiting) {
        subscribeJobs();
        DBusPath job;
        try {
            job = call.get();
        } catch (DBusExecutionException e) {
            throw new CcyException("cannot " + verb + " " + unit + ": " + message(e));
        }
        dev.ccy.TestPause.at("systemd." + verb + ".queued");
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        long nextNotice = start + Duration.ofSeconds(5).toNanos();
        synchronized (finishedJobs) {
            while (!finishedJobs.containsKey(job.getPath())) {
                long now = System.nanoTime();
                if (now >= deadline) {
                    throw new CcyException(unit + " did not " + verb + " within " + timeout.toSeconds() + " s");
                }
                if (now >= nextNotice) {
                    stillWaiting.accept(Duration.ofNanos(now - start));
                    nextNotice = now + Duration.ofSeconds(10).toNanos();
                }
                try {
                    finishedJobs.wait(Math.max(1, Math.min((deadline - now) / 1_000_000, 1000)));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new CcyException("interrupted while waiting for " + unit);
                }
            }
            return finishedJobs.get(job.getPath());
        }
    }

    // JobRemoved must be subscribed to before the job is queued, or a fast job's signal is missed.
    private void subscribeJobs() {
        if (jobHandler != null) {
            return;
        }
        try {
            jobHandler = conn.addSigHandler(Systemd1Manager.JobRemoved.class, sig -> {
                synchronized (finishedJobs) {
                    finishedJobs.put(sig.job().getPath(), sig.result());
                    finishedJobs.notifyAll();
                }
            });
            manager.subscribe();
        } catch (DBusException | DBusExecutionException e) {
            throw new CcyException("cannot subscribe to systemd job signals: " + message(e));
        }
    }

    private static Object unwrap(Object o) {
        return o instanceof Variant<?> v ? v.getValue() : o;
    }

    static String message(Throwable e) {
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m.lines().findFirst().orElse(m);
    }

    @Override
    public void close() {
        try {
            if (jobHandler != null) {
                jobHandler.close();
            }
        } catch (Exception ignored) {
            // closing anyway
        }
        conn.disconnect();
    }
}
