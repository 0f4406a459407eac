package dev.ccy.systemd;

import java.nio.file.Files;
import java.nio.file.Path;
import org.freedesktop.dbus.connections.impl.DBusConnection;
import org.freedesktop.dbus.connections.impl.DBusConnectionBuilder;
import org.freedesktop.dbus.types.UInt32;

/**
 * Linger keeps the user manager, and so the sessions, running without a login and starts it at
 * boot. logind records it as {@code /var/lib/systemd/linger/<user>}.
 */
public final class Linger {
    private final Path lingerDir;

    public Linger(Path lingerDir) {
        this.lingerDir = lingerDir;
    }

    public static Linger system() {
        return new Linger(Path.of("/var/lib/systemd/linger"));
    }

    public boolean isEnabled(String user) {
        return Files.exists(lingerDir.resolve(user));
    }

    /**
     * Enables linger through logind if it is off. Returns null when linger is on, otherwise the
     * reason it could not be enabled (polkit may deny it), for the caller to report.
     */
    public String ensure(UserRuntime runtime) {
        if (isEnabled(runtime.user())) {
            return null;
        }
        try (DBusConnection sys = DBusConnectionBuilder.forSystemBus().withShared(false).build()) {
            Login1Manager login = sys.getRemoteObject(Login1Manager.BUS_NAME, Login1Manager.PATH, Login1Manager.class);
            // not interactive: dbus-java 5.2.0 cannot set the flag that would let polkit ask
            login.setUserLinger(new UInt32(runtime.uid()), true, false);
            return null;
        } catch (Exception e) {
            return UserManager.message(e);
        }
    }
}
