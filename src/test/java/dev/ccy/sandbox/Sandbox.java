package dev.ccy.sandbox;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * A booted Debian trixie system (systemd as PID 1, logind, podman with Quadlet, tmux) made by
 * src/test/sandbox/sandbox.sh, with ccy installed in it. Tests run commands in it as the
 * unprivileged, lingering user {@code dev} (uid 1000) or as root.
 */
public final class Sandbox implements AutoCloseable {
    public static final Path SCRIPT = Path.of("src/test/sandbox/sandbox.sh").toAbsolutePath();

    /** How a command ended. */
    public record Result(int exit, String out, String err) {
        public Result ok() {
            if (exit != 0) {
                throw new AssertionError("exit " + exit + "\nstdout: " + out + "\nstderr: " + err);
            }
            return this;
        }

        @Override
        public String toString() {
            return "exit " + exit + ", stdout: " + out.strip() + ", stderr: " + err.strip();
        }
    }

    private final Path root;

    private Sandbox(Path root) {
        this.root = root;
    }

    /** Why this machine cannot run the sandbox, or null if it can. */
    public static String unavailableReason() {
        Result r = script(Duration.ofSeconds(60), "check");
        return r.exit() == 0 ? null : (r.out() + r.err()).strip();
    }

    /**
     * A booted sandbox with the freshly built ccy in it, under target/sandbox/NAME. Where the machine
     * cannot run one the calling test class is skipped with the reason, except under CI, which must
     * run the sandbox tests: there it fails.
     */
    public static Sandbox forTests(String name) throws IOException {
        String why = unavailableReason();
        if (why != null) {
            if (System.getenv("CI") != null) {
                org.junit.jupiter.api.Assertions.fail("CI must run the sandbox tests, but: " + why);
            }
            org.junit.jupiter.api.Assumptions.abort("skipped, the sandbox cannot run on this machine: " + why);
        }
        Path jar = Path.of("target/ccy.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("target/ccy.jar is built before the integration tests (mvn verify)");
        }
        return create(Path.of("target/sandbox", name).toAbsolutePath(), jar, Path.of("bin/ccy"));
    }

    /** Builds (or reuses) the golden image, copies it to {@code root}, installs ccy and boots. */
    public static Sandbox create(Path root, Path jar, Path launcher) throws IOException {
        script(Duration.ofMinutes(30), "build").ok();
        script(Duration.ofMinutes(5), "fresh", root.toString()).ok();
        Path lib = root.resolve("usr/local/lib/ccy");
        Files.createDirectories(lib);
        Files.copy(jar, lib.resolve("ccy.jar"), StandardCopyOption.REPLACE_EXISTING);
        Files.copy(launcher, root.resolve("usr/local/bin/ccy"), StandardCopyOption.REPLACE_EXISTING);
        Sandbox s = new Sandbox(root);
        s.boot();
        return s;
    }

    public Path root() {
        return root;
    }

    /** Boots and waits until the system and dev's user manager are up; returns the seconds it took. */
    public double boot() {
        long t = System.nanoTime();
        script(Duration.ofMinutes(5), "boot", root.toString()).ok();
        return (System.nanoTime() - t) / 1e9;
    }

    /** A clean shutdown from inside ({@code systemctl poweroff}). */
    public void poweroff() {
        script(Duration.ofMinutes(3), "poweroff", root.toString()).ok();
    }

    /** Power loss: SIGKILL to its PID 1 from outside. */
    public void kill() {
        script(Duration.ofMinutes(1), "kill", root.toString()).ok();
    }

    /** Runs a command as dev with a login-like environment, in {@code cwd} (null: home). */
    public Result user(String cwd, String... cmd) {
        return run(cwd, "--user", Duration.ofMinutes(5), cmd);
    }

    /** Runs a command as dev like {@link #user(String, String...)}, with a longer (or shorter) timeout. */
    public Result userFor(Duration timeout, String cwd, String... cmd) {
        return run(cwd, "--user", timeout, cmd);
    }

    /** Runs a shell snippet as dev. */
    public Result sh(String script) {
        return user(null, "bash", "-c", script);
    }

    /** Runs a command as dev with neither XDG_RUNTIME_DIR nor DBUS_SESSION_BUS_ADDRESS set (su, ssh). */
    public Result userWithoutXdg(String cwd, String... cmd) {
        return run(cwd, "--env-clean", Duration.ofMinutes(5), cmd);
    }

    public Result root(String... cmd) {
        return run(null, "--root", Duration.ofMinutes(5), cmd);
    }

    private Result run(String cwd, String mode, Duration timeout, String... cmd) {
        List<String> args = new ArrayList<>(List.of("run", root.toString()));
        if (!mode.equals("--user")) {
            args.add(mode);
        }
        args.add("--");
        args.addAll(List.of(cmd));
        return exec(timeout, cwd, args, true);
    }

    /** Polls until the condition holds; false if it did not within the timeout. */
    public static boolean waitFor(Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return true;
            }
            if (!pause(250)) {
                return false;
            }
        }
        return condition.getAsBoolean();
    }

    /** Sleeps; false if interrupted. */
    public static boolean pause(long millis) {
        try {
            Thread.sleep(millis);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public void close() {
        Result r = script(Duration.ofMinutes(3), "poweroff", root.toString());
        if (r.exit() != 0) {
            script(Duration.ofMinutes(1), "kill", root.toString());
        }
    }

    /** The cached Debian trixie minbase rootfs tarball (sandbox.sh minbase), built if missing. */
    public static Path minbase() {
        Result r = script(Duration.ofMinutes(15), "minbase").ok();
        return Path.of(r.out().strip().lines().reduce((a, b) -> b).orElseThrow());
    }

    /** sandbox.sh's cache directory, as the script picks it. */
    public static Path cache() {
        return Path.of(System.getenv().getOrDefault("CCY_SANDBOX_CACHE", "/var/cache/ccy-sandbox"));
    }

    static Result script(Duration timeout, String... args) {
        return exec(timeout, null, List.of(args), true);
    }

    /** Runs sandbox.sh with args (or, with viaScript false, the command args itself). */
    static Result exec(Duration timeout, String cwd, List<String> args, boolean viaScript) {
        List<String> cmd = new ArrayList<>();
        cmd.add("bash");
        if (viaScript) {
            cmd.add(SCRIPT.toString());
        }
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        if (cwd != null) {
            pb.environment().put("CCY_SANDBOX_CWD", cwd);
        }
        try {
            Process p = pb.start();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            Thread t1 = pump(p.getInputStream(), out);
            Thread t2 = pump(p.getErrorStream(), err);
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                return new Result(-2, out.toString(StandardCharsets.UTF_8), "timed out after " + timeout + ": " + cmd);
            }
            t1.join();
            t2.join();
            return new Result(p.exitValue(), out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            return new Result(-1, "", e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(-2, "", "interrupted");
        }
    }

    private static Thread pump(InputStream in, ByteArrayOutputStream to) {
        Thread t = new Thread(() -> {
            try (in) {
                in.transferTo(to);
            } catch (IOException ignored) {
                // the process went away
            }
        });
        t.setDaemon(true);
        t.start();
        return t;
    }
}
