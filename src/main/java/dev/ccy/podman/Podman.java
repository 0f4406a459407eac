package dev.ccy.podman;

import dev.ccy.CcyException;
import dev.ccy.Proc;
import dev.ccy.quadlet.PodmanVersion;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** The podman command line, for what ccy needs beyond systemd: versions, images, exec, Quadlet's dry run (secrets: {@link Secrets}). */
public final class Podman {
    private static final Duration QUICK = Duration.ofSeconds(30);
    /** Where distributions install the Quadlet generator (Arch uses /usr/lib/podman). */
    private static final List<Path> QUADLET = List.of(Path.of("/usr/libexec/podman/quadlet"), Path.of("/usr/lib/podman/quadlet"));

    /** The tmux target of the agent's window: the lowest-numbered window of session main. */
    public static final String AGENT_WINDOW = "main:^";
    /** The environment variable that marks ccy's interactive exec sessions. */
    static final String MARK = "CCY_EXEC";

    private final String podman;
    private final Map<String, String> env;
    /** Read-only calls started ahead of need (see {@link #early}), each taken once by the call that needs it. */
    private final Map<List<String>, java.util.concurrent.CompletableFuture<Proc.Result>> early =
            new java.util.concurrent.ConcurrentHashMap<>();

    public Podman(String podman) {
        this(podman, Map.of());
    }

    /** A podman run with extra environment (the runtime directory over su or ssh). */
    public Podman(String podman, Map<String, String> env) {
        this.podman = podman;
        this.env = Map.copyOf(env);
    }

    public String command() {
        return podman;
    }

    /**
     * CCY_PODMAN or podman. Over su or ssh XDG_RUNTIME_DIR may be unset; rootless podman then
     * guesses where its runtime state is, so give it the directory systemd made for this user.
     */
    public static Podman fromEnvironment(java.nio.file.Path runtimeDir) {
        Map<String, String> env = System.getenv("XDG_RUNTIME_DIR") == null && Files.isDirectory(runtimeDir)
                ? Map.of("XDG_RUNTIME_DIR", runtimeDir.toString()) : Map.of();
        return new Podman(System.getenv().getOrDefault("CCY_PODMAN", "podman"), env);
    }

    /** The environment podman runs with, besides ccy's own. */
    public Map<String, String> env() {
        return env;
    }

    /**
     * Starts a read-only podman call now, in the background, for a later call of this object with
     * the same arguments to take: each podman call costs 100-300 ms of podman's own start-up, so
     * ccy new overlaps the three it needs with each other and with reading the settings.
     */
    public void early(String... args) {
        List<String> cmd = command(args);
        early.computeIfAbsent(cmd, c -> dev.ccy.Background.start("podman", () -> Proc.run(c, QUICK, env)));
    }

    /** Runs a podman call, or takes its result from {@link #early} when it was started there. */
    Proc.Result read(String... args) {
        List<String> cmd = command(args);
        java.util.concurrent.CompletableFuture<Proc.Result> started = early.remove(cmd);
        return started != null ? started.join() : Proc.run(cmd, QUICK, env);
    }

    private List<String> command(String... args) {
        List<String> cmd = new java.util.ArrayList<>(List.of(podman));
        cmd.addAll(List.of(args));
        return List.copyOf(cmd);
    }

    /** Runs a podman call with {@code stdin} as its input (null: none): how a secret's value reaches podman. */
    Proc.Result run(List<String> args, Duration timeout, byte[] stdin) {
        return Proc.run(command(args.toArray(String[]::new)), timeout, env, stdin);
    }

    /** The installed Podman's version; fails with a clear error if podman is missing or predates Quadlet. */
    public PodmanVersion requireQuadlet() {
        Proc.Result r = read("--version");
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
        return read("image", "exists", image).ok();
    }

    /**
     * Pulls an image in the foreground with podman's own progress on the user's terminal (stderr;
     * stdout stays ccy's result). Meant to run before anything of a session is written: Ctrl-C
     * reaches podman and ccy together, podman drops the partial pull, and nothing is left behind.
     */
    public void pull(String image) {
        if (image.startsWith("localhost/")) {
            throw new CcyException("image " + image + " does not exist, and a localhost/ image cannot be pulled: build it"
                    + " (ccy image build), or choose another");
        }
        int exit = Proc.toStderr(List.of(podman, "pull", image), env);
        if (exit != 0) {
            throw new CcyException(exit == 130 ? "pull of " + image + " interrupted; nothing was created"
                    : "podman pull " + image + " failed (exit " + exit + "); its output is above");
        }
    }

    /** True when tmux in the container answers for session "main". */
    public boolean tmuxAnswers(String container) {
        return tmux(container, "has-session", "-t", "main").ok();
    }

    /** Runs a tmux command in the container (send-keys, capture-pane...). */
    public Proc.Result tmux(String container, String... args) {
        List<String> cmd = new java.util.ArrayList<>(List.of(podman, "exec", container, "tmux"));
        cmd.addAll(List.of(args));
        return Proc.run(cmd, QUICK, env);
    }

    /**
     * The command that attaches the user's terminal to the session's tmux: read-only (tmux -r) or
     * exclusive (tmux -d, every other client detached). podman's detach keys are off, or Ctrl-P
     * (shell history, editors) would wait for a Ctrl-Q; tmux's own prefix + d detaches.
     */
    public List<String> attachCommand(String container, String marker, boolean readOnly, boolean exclusive) {
        List<String> cmd = new java.util.ArrayList<>(List.of(podman, "exec", "-it", "--detach-keys=", "--env=" + MARK + "=" + marker,
                container, "tmux", "attach-session", "-t", "main"));
        if (readOnly) {
            cmd.add("-r");
        }
        if (exclusive) {
            cmd.add("-d");
        }
        return cmd;
    }

    /** An interactive shell in the container, beside tmux: the agent's window is not touched. */
    public List<String> shellCommand(String container, String marker, String workdir) {
        return List.of(podman, "exec", "-it", "--detach-keys=", "--env=" + MARK + "=" + marker, "-w", workdir, container, "sh", "-c",
                "if command -v bash >/dev/null 2>&1; then exec bash -i; else exec sh -i; fi");
    }

    /**
     * Runs an interactive {@code podman exec} made with {@code marker}, and makes sure that what it
     * ran in the container ends with it. podman leaves an exec'd process running when its client
     * goes away (a closed terminal, a dropped SSH connection): a tmux client left like that would
     * count as attached and hold the window to its size. The marker in its environment finds it.
     */
    public int interactive(List<String> cmd, String marker) {
        // A shutdown hook, never removed: a closed terminal hangs up ccy and podman together, and
        // the JVM then exits without waiting for code after the exec; hooks it does run.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> ExecReaper.end(MARK + "=" + marker)));
        return Proc.interactive(cmd, env);
    }

    /** A fresh marker for {@link #interactive}. */
    public static String newMarker() {
        return Long.toHexString(new java.security.SecureRandom().nextLong());
    }

    /** Where the Quadlet generator is installed, if it is. */
    public static java.util.Optional<Path> quadletGenerator() {
        return QUADLET.stream().filter(Files::isExecutable).findFirst();
    }

    /** What podman says of a session's container: its state, when it started, the image it runs. */
    public record Container(String status, String startedAt, String imageId) {
    }

    /** The container's state, or empty when there is no such container (the session is stopped). */
    public java.util.Optional<Container> container(String name) {
        Proc.Result r = Proc.run(List.of(podman, "container", "inspect", "--format", "{{.State.Status}}\t{{.State.StartedAt}}\t{{.Image}}",
                name), QUICK, env);
        String[] f = r.out().strip().split("\t", -1);
        return r.ok() && f.length == 3 ? java.util.Optional.of(new Container(f[0], f[1], f[2])) : java.util.Optional.empty();
    }

    /** The ID of the image a name refers to now, or empty when there is none. */
    public java.util.Optional<String> imageId(String image) {
        Proc.Result r = Proc.run(List.of(podman, "image", "inspect", "--format", "{{.Id}}", image), QUICK, env);
        return r.ok() && !r.out().isBlank() ? java.util.Optional.of(r.out().strip()) : java.util.Optional.empty();
    }

    /** A label of an image, "" when the image has no such label, empty when there is no such image. */
    public java.util.Optional<String> imageLabel(String image, String label) {
        Proc.Result r = Proc.run(List.of(podman, "image", "inspect", "--format", "{{index .Labels \"" + label + "\"}}", image),
                QUICK, env);
        if (!r.ok()) {
            return java.util.Optional.empty();
        }
        String v = r.out().strip();
        return java.util.Optional.of(v.equals("<no value>") ? "" : v);
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
