package dev.ccy.session.doctor;

import dev.ccy.CcyException;
import dev.ccy.podman.ImageBuilder;
import dev.ccy.podman.Podman;
import dev.ccy.quadlet.PodmanVersion;
import dev.ccy.session.store.Session;
import dev.ccy.session.unit.DropIns;
import dev.ccy.session.unit.SessionSpec;
import dev.ccy.session.Sessions;
import dev.ccy.session.store.UserPaths;
import dev.ccy.systemd.Linger;
import dev.ccy.systemd.UserManager;
import dev.ccy.systemd.UserRuntime;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code ccy doctor}: whether this host and user can run sessions, check by check, each with the fix
 * to run. With {@code fix}, it repairs only what is safe to do unasked: linger and the session image.
 */
public final class Doctor {
    /** Where the host keeps what the checks read; the real paths, or a test's. */
    public record Host(Path subuid, Path subgid, Path cgroupControllers, Linger linger) {
        public static Host system() {
            return new Host(Path.of("/etc/subuid"), Path.of("/etc/subgid"), Path.of("/sys/fs/cgroup/cgroup.controllers"),
                    Linger.system());
        }
    }

    private final Host host;
    private final UserPaths paths;
    private final UserRuntime runtime;
    private final Sessions sessions;
    private final Podman podman;
    private final String version;
    private final PrintWriter progress;

    public Doctor(Host host, UserPaths paths, UserRuntime runtime, Sessions sessions, String version, PrintWriter progress) {
        this.host = host;
        this.paths = paths;
        this.runtime = runtime;
        this.sessions = sessions;
        this.podman = sessions.podman();
        this.version = version;
        this.progress = progress;
    }

    /** Every check, in the order a user would fix things. */
    public List<Finding> run(boolean fix) {
        List<Finding> all = new ArrayList<>();
        Optional<PodmanVersion> podmanVersion = podman(all);
        HostChecks checks = new HostChecks(host, runtime);
        all.add(checks.cgroup());
        boolean bus = checks.userManager(all);
        all.add(fix ? checks.fixLinger(checks.linger()) : checks.linger());
        all.add(checks.subIds("subuid", host.subuid(), "--add-subuids"));
        all.add(checks.subIds("subgid", host.subgid(), "--add-subgids"));
        Finding image = podmanVersion.isPresent() ? image() : Finding.warn("image", "not checked: podman is missing or too old",
                "see the podman check");
        all.add(fix ? fixImage(image) : image);
        all.add(templates(podmanVersion.orElse(PodmanVersion.LATEST_KNOWN)));
        all.add(bus ? sessionUnits() : Finding.warn("sessions", "not checked: no user manager to ask", "see the user-manager check"));
        all.add(dropIns());
        return all;
    }

    /** The exit code for a set of findings: 0 all OK, 1 warnings, 2 failures. */
    public static int exitCode(List<Finding> findings) {
        return findings.stream().mapToInt(f -> f.level().exitCode()).max().orElse(0);
    }

    private Optional<PodmanVersion> podman(List<Finding> into) {
        PodmanVersion v;
        try {
            v = podman.requireQuadlet();
        } catch (CcyException e) {
            into.add(Finding.fail("podman", e.getMessage(), "install Podman 4.4 or newer (apt-get install podman, dnf install podman)"));
            into.add(Finding.fail("quadlet", "not checked: no usable podman", "install Podman 4.4 or newer"));
            return Optional.empty();
        }
        into.add(Finding.ok("podman", "Podman " + v + " (" + podman.command() + ")"));
        Optional<Path> generator = Podman.quadletGenerator();
        into.add(generator.isPresent() ? Finding.ok("quadlet", "generator " + generator.get())
                : Finding.fail("quadlet", "no Quadlet generator in /usr/libexec/podman or /usr/lib/podman",
                        "install the package that ships Podman's quadlet (podman, or podman-quadlet on some distributions)"));
        return Optional.of(v);
    }

    private Finding image() {
        String image = sessions.defaultImage();
        if (!podman.imageExists(image)) {
            return Finding.warn("image", "the default image " + image + " is not here"
                    + (image.startsWith("localhost/") ? ", and ccy new cannot pull a localhost/ image" : "; ccy new pulls it"),
                    image.startsWith("localhost/") ? "ccy image build (or ccy doctor --fix)" : "podman pull " + image);
        }
        Optional<String> built = podman.imageLabel(image, ImageBuilder.VERSION_LABEL);
        if (built.isEmpty() || built.get().isEmpty()) {
            return Finding.ok("image", image + " (not built by ccy: it needs sh and tmux)");
        }
        if (!built.get().equals(version)) {
            return Finding.warn("image", image + " was built by ccy " + built.get() + ", this is ccy " + version,
                    "ccy image build (it rebuilds only when the Containerfile, entrypoint or base changed)");
        }
        return Finding.ok("image", image + " built by this ccy (" + version + ")");
    }

    private Finding fixImage(Finding f) {
        String image = sessions.defaultImage();
        // only ccy's own image, and only when podman could be asked about it
        if (f.level() == Finding.Level.OK || !image.startsWith("localhost/") || f.message().startsWith("not checked")) {
            return f;
        }
        try {
            boolean built = new ImageBuilder(podman.command()).build(new ImageBuilder.Request(ImageBuilder.DEFAULT_BASE, image, true,
                    false, sessions.entrypointScript(), version), progress);
            Finding now = image();
            return now.level() == Finding.Level.OK ? now.repaired(built ? "built " + image : image + " was up to date") : now;
        } catch (CcyException e) {
            return Finding.fail("image", f.message() + "; --fix could not build it: " + e.getMessage(), "ccy image build");
        }
    }

    private Finding templates(PodmanVersion version) {
        List<String> overrides = new dev.ccy.TemplateFiles(paths.templateDirs())
                .overrides(List.of(SessionSpec.TEMPLATE, "session-entrypoint.sh")).stream().map(Path::toString).toList();
        String which = overrides.isEmpty() ? "the built-in template" : "overrides " + String.join(", ", overrides);
        String fix = overrides.isEmpty() ? "reinstall ccy" : "correct or remove " + String.join(", ", overrides);
        String text;
        try {
            text = sessions.render(new dev.ccy.session.SessionRequest(paths.home(), dev.ccy.settings.Overrides.NONE, "", false), version);
        } catch (CcyException e) {
            return Finding.fail("templates", which + ": " + e.getMessage(), fix);
        }
        if (Podman.quadletGenerator().isEmpty()) {
            return Finding.ok("templates", which + (overrides.isEmpty() ? " renders" : " render") + " (no Quadlet generator to dry-run)");
        }
        Path tmp = null;
        try {
            tmp = Files.createTempDirectory("ccy-doctor");
            Path unit = tmp.resolve("ccy-doctor-1.container");
            Files.writeString(unit, text, StandardCharsets.UTF_8);
            String complaint = podman.quadletComplaint(unit);
            if (!complaint.isEmpty()) {
                return Finding.fail("templates", which + " render a unit the Quadlet generator rejects: " + complaint, fix);
            }
            return Finding.ok("templates", which + (overrides.isEmpty() ? " renders and passes" : " render and pass")
                    + " the generator's dry run");
        } catch (IOException e) {
            return Finding.warn("templates", "cannot write a unit to dry-run: " + e.getMessage(), "check " + System.getProperty("java.io.tmpdir"));
        } finally {
            dev.ccy.Resources.deleteTree(tmp);
        }
    }

    private Finding sessionUnits() {
        List<Session> all = sessions.store().list();
        if (all.isEmpty()) {
            return Finding.ok("sessions", "no sessions yet");
        }
        List<String> broken = new ArrayList<>();
        List<String> stale = new ArrayList<>();
        try (UserManager systemd = UserManager.connect(runtime)) {
            for (Session s : all) {
                String load = systemd.loadState(s.name().unit());
                if (!load.equals("loaded")) {
                    String why = podman.quadletComplaint(s.file());
                    broken.add(s.name() + " (" + load + (why.isEmpty() ? "" : ": " + why) + ")");
                } else if (systemd.needsReload(s.name().unit())) {
                    stale.add(s.name().name());
                }
            }
        } catch (CcyException e) {
            return Finding.fail("sessions", e.getMessage(), "see the user-manager check");
        }
        if (!broken.isEmpty()) {
            return Finding.fail("sessions", "units that do not load: " + String.join(", ", broken),
                    "correct the files in " + sessions.store().dir() + " or remove them with ccy rm");
        }
        if (!stale.isEmpty()) {
            return Finding.warn("sessions", "changed on disk since systemd read them: " + String.join(", ", stale),
                    "systemctl --user daemon-reload");
        }
        return Finding.ok("sessions", all.size() + " session units load and are current");
    }

    private Finding dropIns() {
        List<Path> found = DropIns.typeWide(DropIns.searchPath(runtime.runtimeDir(), paths.configHome(), runtime.uid()));
        if (found.isEmpty()) {
            return Finding.ok("drop-ins", "no container.d/ drop-in applies to every container");
        }
        List<String> names = found.stream().map(Path::toString).toList();
        return Finding.warn("drop-ins", "applies to every ccy session too (Podman 5.2+): " + String.join(", ", names),
                "move it to a unit's own NAME.container.d/, or for ccy sessions ccy-.container.d/");
    }
}
