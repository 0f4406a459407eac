package dev.ccy.systemd;

import com.sun.security.auth.module.UnixSystem;
import dev.ccy.CcyException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The user's identity and runtime directory, and the address of their bus. Over SSH, {@code su} or
 * {@code sudo -u} the XDG variables are often missing; the runtime directory is then derived from
 * the uid, as systemd itself lays it out ({@code /run/user/<uid>}).
 */
public record UserRuntime(long uid, String user, Path runtimeDir, String busAddress, String busSource) {

    public static UserRuntime detect() {
        UnixSystem unix = new UnixSystem();
        return from(unix.getUid(), unix.getUsername(), System.getenv());
    }

    static UserRuntime from(long uid, String user, Map<String, String> env) {
        String xdg = env.get("XDG_RUNTIME_DIR");
        Path runtime = xdg != null && xdg.startsWith("/") ? Path.of(xdg) : Path.of("/run/user/" + uid);
        String address = env.get("DBUS_SESSION_BUS_ADDRESS");
        String path = address == null ? null : unixPath(address);
        if (path != null) {
            return new UserRuntime(uid, user, runtime, "unix:path=" + path, "DBUS_SESSION_BUS_ADDRESS");
        }
        // dbus-java has no $XDG_RUNTIME_DIR/bus fallback of its own; unset or abstract-socket
        // addresses (which the native transport cannot use) land here
        return new UserRuntime(uid, user, runtime, "unix:path=" + runtime.resolve("bus"),
                xdg != null ? "XDG_RUNTIME_DIR" : "uid " + uid);
    }

    /** The socket path of the first {@code unix:path=} entry of a D-Bus address list, if any. */
    static String unixPath(String address) {
        for (String entry : address.split(";")) {
            if (!entry.startsWith("unix:")) {
                continue;
            }
            for (String kv : entry.substring(5).split(",")) {
                if (kv.startsWith("path=")) {
                    return kv.substring(5);
                }
            }
        }
        return null;
    }

    public Path busSocket() {
        return Path.of(busAddress.substring("unix:path=".length()));
    }

    /** Fails with what to do when there is no user bus to talk to. */
    public void requireBus() {
        if (Files.exists(busSocket())) {
            return;
        }
        String why;
        if (Files.isDirectory(runtimeDir)) {
            why = "no user bus at " + busSocket() + " (from " + busSource + "): is dbus-user-session (or dbus-broker) installed?";
        } else if (!Files.exists(Path.of("/var/lib/systemd/linger", user))) {
            why = "no user manager: " + runtimeDir + " does not exist, because linger is off for " + user
                    + " and this is no login session (su, sudo?); run 'loginctl enable-linger " + user + "', or log in";
        } else {
            why = "no user manager: " + runtimeDir + " does not exist yet (linger is on: is user@" + uid + ".service starting?)";
        }
        throw new CcyException(why + "; set DBUS_SESSION_BUS_ADDRESS or XDG_RUNTIME_DIR if it lives elsewhere");
    }
}
