package dev.ccy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs a helper program (podman, journalctl, the Quadlet generator) and collects its output. */
public final class Proc {
    /** How a program ended. exit is -1 when it could not be started, -2 when it timed out. */
    public record Result(int exit, String out, String err) {
        public boolean ok() {
            return exit == 0;
        }
    }

    private Proc() {
    }

    public static Result run(List<String> cmd, Duration timeout) {
        return run(cmd, timeout, Map.of());
    }

    public static Result run(List<String> cmd, Duration timeout, Map<String, String> env) {
        return run(cmd, timeout, env, null);
    }

    /**
     * Runs a program with {@code stdin} as its standard input (null: none). A secret goes this way,
     * never as an argument, which every user of the machine can read in /proc.
     */
    public static Result run(List<String> cmd, Duration timeout, Map<String, String> env, byte[] stdin) {
        ProcessBuilder pb = new ProcessBuilder(cmd);
        if (stdin == null) {
            pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        }
        pb.environment().putAll(env);
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            return new Result(-1, "", e.getMessage());
        }
        if (stdin != null) {
            try (java.io.OutputStream in = p.getOutputStream()) {
                in.write(stdin);
            } catch (IOException e) {
                // the program ended without reading it all; its exit code says why
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Thread t1 = pump(p.getInputStream(), out);
        Thread t2 = pump(p.getErrorStream(), err);
        try {
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                return new Result(-2, out.toString(StandardCharsets.UTF_8), "timed out after " + timeout.toSeconds() + " s");
            }
            t1.join();
            t2.join();
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            return new Result(-2, "", "interrupted");
        }
        return new Result(p.exitValue(), out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** Runs a program on the user's own terminal (attach) and returns its exit code. */
    public static int interactive(List<String> cmd) {
        return interactive(cmd, Map.of());
    }

    public static int interactive(List<String> cmd, Map<String, String> env) {
        try {
            ProcessBuilder pb = new ProcessBuilder(cmd).inheritIO();
            pb.environment().putAll(env);
            return pb.start().waitFor();
        } catch (IOException e) {
            throw new CcyException("cannot run " + cmd.get(0) + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 130;
        }
    }

    /** Runs a program with its output on ccy's stderr (progress for people, stdout kept for results). */
    public static int toStderr(List<String> cmd) {
        return toStderr(cmd, java.util.Map.of());
    }

    /** {@link #toStderr(List)} with extra environment. */
    public static int toStderr(List<String> cmd, java.util.Map<String, String> env) {
        try {
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectInput(ProcessBuilder.Redirect.INHERIT)
                    .redirectError(ProcessBuilder.Redirect.INHERIT);
            pb.environment().putAll(env);
            Process p = pb.start();
            // copied, not reopened: /dev/stderr cannot be opened again when it is someone else's pipe
            try (InputStream out = p.getInputStream()) {
                byte[] buf = new byte[8192];
                for (int n; (n = out.read(buf)) > 0; ) {
                    System.err.write(buf, 0, n);
                    System.err.flush();
                }
            }
            return p.waitFor();
        } catch (IOException e) {
            throw new CcyException("cannot run " + cmd.get(0) + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 130;
        }
    }

    /**
     * Runs a program with its stdout and stderr merged and handed over line by line as they come
     * (a build's progress, shown and remembered by the caller); stdin is /dev/null. Returns its exit code.
     */
    public static int lines(List<String> cmd, Map<String, String> env, java.util.function.Consumer<String> each)
            throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        pb.environment().putAll(env);
        Process p = pb.start();
        try (java.io.BufferedReader r = new java.io.BufferedReader(new java.io.InputStreamReader(p.getInputStream(),
                StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                each.accept(line);
            }
        }
        return p.waitFor();
    }

    private static Thread pump(InputStream in, ByteArrayOutputStream to) {
        Thread t = new Thread(() -> {
            try (in) {
                in.transferTo(to);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        t.setDaemon(true);
        t.start();
        return t;
    }
}
