package dev.ccy.session;

import dev.ccy.session.store.Session;
import dev.ccy.session.store.SessionStore;
import dev.ccy.session.store.UserPaths;
import dev.ccy.session.unit.UnitInstaller;
import dev.ccy.podman.Podman;
import dev.ccy.settings.SettingsLoader;
import dev.ccy.settings.TrustStore;
import dev.ccy.systemd.UnitState;
import dev.ccy.systemd.Units;
import dev.ccy.systemd.UserRuntime;
import java.io.PrintWriter;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * What one ccy command works with: the user's paths, podman, the session store, the settings, the
 * caller's environment (for forwarded variables), where messages go, and the systemd manager,
 * connected on first use and closed with the command, so a command opens one connection at most.
 */
public final class SessionContext implements AutoCloseable {
    final UserPaths paths;
    final Podman podman;
    final Supplier<UserRuntime> runtime;
    final SessionStore store;
    final SettingsLoader settings;
    final Map<String, String> env;
    final PrintWriter err;
    private final Function<UserRuntime, Units> connect;
    private Units units;
    /** A connection being made in the background (see {@link #connectAhead}). */
    private java.util.concurrent.CompletableFuture<Units> connecting;

    public SessionContext(UserPaths paths, Podman podman, Supplier<UserRuntime> runtime, Function<UserRuntime, Units> connect,
                          Map<String, String> env, PrintWriter err) {
        this.paths = paths;
        this.podman = podman;
        this.runtime = runtime;
        this.connect = connect;
        this.store = new SessionStore(paths);
        this.env = Map.copyOf(env);
        this.err = err;
        this.settings = new SettingsLoader(paths.systemConfig(), paths.configHome().resolve("ccy"), paths.home(),
                new TrustStore(paths.configHome().resolve("ccy/trusted")), env, w -> err.println("ccy: warning: " + w));
    }

    /** The user's systemd manager, connected on first use (or taken from {@link #connectAhead}). */
    public synchronized Units systemd() {
        if (units == null && connecting != null) {
            java.util.concurrent.CompletableFuture<Units> c = connecting;
            connecting = null;
            try {
                units = c.join();
            } catch (java.util.concurrent.CompletionException e) {
                throw e.getCause() instanceof RuntimeException r ? r : e;
            }
        }
        if (units == null) {
            units = connect.apply(runtime.get());
        }
        return units;
    }

    /**
     * Starts connecting to systemd in the background, for a command sure to need it after other
     * slow work: dbus-java's classes and the handshake then cost no time of their own. A failure
     * is thrown where {@link #systemd} is first called, as without this.
     */
    public synchronized void connectAhead() {
        if (units == null && connecting == null) {
            connecting = dev.ccy.Background.start("systemd", () -> connect.apply(runtime.get()));
        }
    }

    /** The session's unit state, in one call. */
    UnitState state(Session s) {
        return systemd().state(s.name().unit());
    }

    /** Puts units in place through this context's store, podman and systemd connection. */
    UnitInstaller installer() {
        return new UnitInstaller(store, podman, this::systemd);
    }

    public SessionStore store() {
        return store;
    }

    public Podman podman() {
        return podman;
    }

    public SettingsLoader settings() {
        return settings;
    }

    public UserPaths paths() {
        return paths;
    }

    PrintWriter err() {
        return err;
    }

    @Override
    public synchronized void close() {
        if (connecting != null) {
            try {
                units = connecting.join();
            } catch (RuntimeException e) {
                // never used: nothing to close
            }
            connecting = null;
        }
        if (units != null) {
            units.close();
            units = null;
        }
    }
}
