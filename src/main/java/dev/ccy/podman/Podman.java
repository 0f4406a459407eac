package dev.ccy.podman;

import dev.ccy.CcyException;
import dev.ccy.Proc;
import dev.ccy.quadlet.PodmanVersion;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** The podman command line, for what ccy needs beyond systemd: versions, images, exec, Quadlet's dry run. */
public final class Podman {
    private static final Duration QUICK = Duration.ofSeconds(30);
    /** Where distributions install the Quadlet generator (Arch uses /usr/lib/podman). */
    private static final List<Path> QUADLET = List.of(Path.of("/usr/libexec/podman/quadlet"), Path.of("/usr/lib/podman/quadlet"));

    private final String podman;

    public Podman(String podman) {
        this.podman = podman;
    }

    public String command() {
        return podman;
    }

    public static Podman fromEnvironment() {
        return new Podman(System.getenv().getOrDefault("CCY_PODMAN", "podman"));
    }

    /** The installed Podman's version; fails with a clear error if podman is missing or predates Quadlet. */
    public PodmanVersion requireQuadlet() {
        Proc.Result r = Proc.run(List.of(podman, "--version"), QUICK);
        if (r.exit() == -1) {
            throw new CcyException("podman is not installed (or not on PATH): ccy needs Podman " + PodmanVersion.QUADLET.major()
                    + "." + PodmanVersion.QUADLET.minor() + " or newer");
        }
        if (!r.ok()) {
            throw new CcyException("'podman --version' failed: " + firstLine(r.err()));
        }
        PodmanVersion v = PodmanVersion.parse(r.out());
        if (!v.atLeast(PodmanVersion.QUADLET)) {
            throw new CcyException("Podman " + v + " has no Quadlet: ccy needs Podman 4.4 or newer");
        }
        return v;
    }

    public boolean imageExists(String image) {
        return Proc.run(List.of(podman, "image", "exists", image), QUICK).ok();
    }

    /** True when tmux in the container answers for session "main". */
    public boolean tmuxAnswers(String container) {
        return Proc.run(List.of(podman, "exec", container, "tmux", "has-session", "-t", "main"), QUICK).ok();
    }

    /** The command that attaches the user's terminal to the session's tmux. */
    public List<String> attachCommand(String container) {
        return List.of(podman, "exec", "-it", container, "tmux", "attach-session", "-t", "main");
    }

    /**
     * Why the Quadlet generator rejects a file: runs it in dry-run mode over a directory holding just
     * that file, and returns what it said (empty if it had no complaint).
     */
    public String quadletComplaint(Path unitFile) {
        Path generator = QUADLET.stream().filter(Files::isExecutable).findFirst().orElse(null);
        if (generator == null) {
            return "";
        }
        Path tmp = null;
        try {
            tmp = Files.createTempDirectory("ccy-quadlet");
            Files.copy(unitFile, tmp.resolve(unitFile.getFileName()));
            String dir = tmp.toString();
            Proc.Result r = Proc.run(List.of(generator.toString(), "-dryrun", "-user"), QUICK, Map.of("QUADLET_UNIT_DIRS", dir));
            // what is left after dropping the progress lines is the generator's complaint
            return r.err().lines()
                    .map(l -> l.replaceFirst("^quadlet-generator\\[\\d+\\]: ", "").replace(dir + "/", "").strip())
                    .filter(l -> !l.isEmpty() && !l.startsWith("Loading source unit file"))
                    .distinct()
                    .reduce((a, b) -> a + "; " + b).orElse("");
        } catch (java.io.IOException e) {
            return "";
        } finally {
            dev.ccy.Resources.deleteTree(tmp);
        }
    }

    static String firstLine(String s) {
        return s.strip().lines().findFirst().orElse("");
    }
}
