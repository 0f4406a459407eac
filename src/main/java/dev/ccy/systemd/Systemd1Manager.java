package dev.ccy.systemd;

import java.util.List;
import org.freedesktop.dbus.DBusPath;
import org.freedesktop.dbus.annotations.DBusInterfaceName;
import org.freedesktop.dbus.annotations.DBusMemberName;
import org.freedesktop.dbus.exceptions.DBusException;
import org.freedesktop.dbus.interfaces.DBusInterface;
import org.freedesktop.dbus.messages.DBusSignal;
import org.freedesktop.dbus.types.UInt32;

/** The part of {@code org.freedesktop.systemd1.Manager} (org.freedesktop.systemd1(5)) that ccy uses. */
@DBusInterfaceName("org.freedesktop.systemd1.Manager")
public interface Systemd1Manager extends DBusInterface {
    String BUS_NAME = "org.freedesktop.systemd1";
    String PATH = "/org/freedesktop/systemd1";

    @DBusMemberName("StartUnit")
    DBusPath startUnit(String name, String mode);

    @DBusMemberName("StopUnit")
    DBusPath stopUnit(String name, String mode);

    @DBusMemberName("RestartUnit")
    DBusPath restartUnit(String name, String mode);

    /** Clears the failed state and the start rate limit, as systemctl reset-failed does. */
    @DBusMemberName("ResetFailedUnit")
    void resetFailedUnit(String name);

    @DBusMemberName("LoadUnit")
    DBusPath loadUnit(String name);

    /** daemon-reload: reruns the generators (Quadlet among them); replies when done. */
    @DBusMemberName("Reload")
    void reload();

    /** Asks the manager to send job and unit signals to this bus client. */
    @DBusMemberName("Subscribe")
    void subscribe();

    @DBusMemberName("ListUnitsByNames")
    List<UnitStatus> listUnitsByNames(List<String> names);

    /** Sent when a job finishes; result is done, canceled, timeout, failed, dependency or skipped. */
    class JobRemoved extends DBusSignal {
        private final UInt32 id;
        private final DBusPath job;
        private final String unit;
        private final String result;

        public JobRemoved(String path, UInt32 id, DBusPath job, String unit, String result) throws DBusException {
            super(path, id, job, unit, result);
            this.id = id;
            this.job = job;
            this.unit = unit;
            this.result = result;
        }

        public UInt32 id() {
            return id;
        }

        public DBusPath job() {
            return job;
        }

        public String unit() {
            return unit;
        }

        public String result() {
            return result;
        }
    }
}
