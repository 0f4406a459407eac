package dev.ccy.session.doctor;

import dev.ccy.CcyException;
import dev.ccy.systemd.UserManager;
import dev.ccy.systemd.UserRuntime;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The doctor's checks of the host and the user: cgroup v2, the user manager, linger, sub-id ranges. */
final class HostChecks {
    private final Doctor.Host host;
    private final UserRuntime runtime;

    HostChecks(Doctor.Host host, UserRuntime runtime) {
        this.host = host;
        this.runtime = runtime;
    }

    Finding cgroup() {
        return Files.exists(host.cgroupControllers()) ? Finding.ok("cgroup", "cgroup v2 (unified hierarchy)")
                : Finding.fail("cgroup", "not cgroup v2: " + host.cgroupControllers() + " is missing, and Quadlet needs cgroup v2",
                        "boot with systemd.unified_cgroup_hierarchy=1 on the kernel command line");
    }

    boolean userManager(List<Finding> into) {
        try {
            runtime.requireBus();
        } catch (CcyException e) {
            into.add(Finding.fail("user-manager", e.getMessage(), "loginctl enable-linger " + runtime.user()
                    + ", and install dbus-user-session (or dbus-broker); then log in again"));
            return false;
        }
        try (UserManager systemd = UserManager.connect(runtime)) {
            systemd.state("default.target");
            into.add(Finding.ok("user-manager", "user manager answers on " + runtime.busSocket() + " (from " + runtime.busSource() + ")"));
            return true;
        } catch (CcyException e) {
            into.add(Finding.fail("user-manager", e.getMessage(), "systemctl start user@" + runtime.uid() + ".service (as root)"));
            return false;
        }
    }

    Finding linger() {
        return host.linger().isEnabled(runtime.user()) ? Finding.ok("linger", "on for " + runtime.user())
                : Finding.warn("linger", "off for " + runtime.user() + ": sessions stop at logout and do not start at boot",
                        "loginctl enable-linger " + runtime.user() + " (or ccy doctor --fix)");
    }

    Finding fixLinger(Finding f) {
        if (f.level() == Finding.Level.OK) {
            return f;
        }
        String why = host.linger().ensure(runtime);
        if (why != null) {
            return Finding.warn("linger", f.message() + "; --fix could not enable it: " + why,
                    "sudo loginctl enable-linger " + runtime.user());
        }
        return linger().level() == Finding.Level.OK ? linger().repaired("enabled linger for " + runtime.user())
                : Finding.warn("linger", "logind accepted the request but linger is still off", "loginctl enable-linger " + runtime.user());
    }

    Finding subIds(String name, Path file, String usermodOption) {
        long n = SubIds.count(file, runtime.user(), runtime.uid());
        String fix = "usermod " + usermodOption + " 100000-165535 " + runtime.user() + " (as root; choose a range no one else has"
                + " in " + file + ")";
        if (n == 0) {
            return Finding.fail(name, "no range for " + runtime.user() + " in " + file + ": rootless podman cannot map the"
                    + " container's users", fix);
        }
        if (n < SubIds.ENOUGH) {
            return Finding.warn(name, runtime.user() + " has " + n + " ids in " + file + "; images with high uids need "
                    + SubIds.ENOUGH, fix);
        }
        return Finding.ok(name, runtime.user() + " has " + n + " ids in " + file);
    }
}
