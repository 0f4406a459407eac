package dev.ccy.systemd;

import org.freedesktop.dbus.annotations.DBusInterfaceName;
import org.freedesktop.dbus.annotations.DBusMemberName;
import org.freedesktop.dbus.interfaces.DBusInterface;
import org.freedesktop.dbus.types.UInt32;

/** The part of {@code org.freedesktop.login1.Manager} that ccy uses. */
@DBusInterfaceName("org.freedesktop.login1.Manager")
public interface Login1Manager extends DBusInterface {
    String BUS_NAME = "org.freedesktop.login1";
    String PATH = "/org/freedesktop/login1";

    /** Keeps the user manager running without a login, and starts it at boot. */
    @DBusMemberName("SetUserLinger")
    void setUserLinger(UInt32 uid, boolean enable, boolean interactive);
}
