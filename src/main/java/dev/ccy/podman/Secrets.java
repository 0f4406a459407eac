package dev.ccy.podman;

import dev.ccy.CcyException;
import dev.ccy.Names;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * ccy's credentials, kept as Podman secrets labelled {@value #LABEL}: podman stores them outside
 * every unit file, and Quadlet's {@code Secret=NAME,type=env,target=VAR} hands them to a session's
 * environment at each start, so setting one again reaches every session at its next start. A value
 * goes to {@code podman secret create} on its stdin, never in its arguments (which {@code ps} shows
 * to every user), and ccy never prints one.
 */
public final class Secrets {
    /** The label that marks a Podman secret as ccy's: ccy lists and removes only those. */
    public static final String LABEL = "ccy.secret";
    /** A Quadlet Secret= line, as sessions' unit files carry them. */
    private static final Pattern SECRET_LINE = Pattern.compile("(?m)^Secret=([^,\\s]+)(?:,.*)?$");

    private final String podman;
    private final Map<String, String> env;
    /** For the calls that {@link Podman#early} may have started already. */
    private final Podman podmanCalls;

    public Secrets(Podman podman) {
        this.podman = podman.command();
        this.env = Map.copyOf(podman.env());
        this.podmanCalls = podman;
    }

    Secrets(String podman, Map<String, String> env) {
        this(new Podman(podman, env));
    }

    /** One of ccy's secrets, as {@code ccy secret list} shows it: never its value. */
    public record Info(String name, String created, String updated, List<String> usedBy) {
    }

    /** A secret name: letters, digits, '_', '.', '-' (a comma would end Quadlet's Secret= value). */
    public static String checkName(String name) {
        if (!Names.isName(name)) {
            throw CcyException.usage("a secret name is 1-63 letters, digits, '_', '.' or '-', starting with a letter or digit: "
                    + (name == null ? "" : name));
        }
        return name;
    }

    /** An environment variable name, as a session sees a secret. */
    public static String checkVariable(String var) {
        if (!Names.isEnvVar(var)) {
            throw CcyException.usage("not an environment variable name: " + var);
        }
        return var;
    }

    /**
     * Creates or replaces the secret NAME with value. The value is wiped from the array afterwards.
     * Replacing keeps the name, so sessions that use it get the new value at their next start.
     */
    public void set(String name, byte[] value) {
        checkName(name);
        try {
            if (value.length == 0) {
                throw CcyException.usage("the secret's value is empty");
            }
            String existing = labelOf(name);
            if (existing == null) {
                // no such secret: created below
            } else if (existing.isEmpty()) {
                throw new CcyException("a Podman secret " + name + " exists and is not ccy's; not replacing it");
            }
            List<String> cmd = List.of(podman, "secret", "create", "--replace", "--label", LABEL + "=true", name, "-");
            dev.ccy.TestPause.at("secret.set");
            Result r = run(cmd, value);
            if (r.exit != 0) {
                throw new CcyException("podman secret create " + name + " failed: " + firstLine(r.err));
            }
        } finally {
            Arrays.fill(value, (byte) 0);
        }
    }

    /** Removes ccy's secret NAME; a secret that is not ccy's is left alone. */
    public void remove(String name) {
        checkName(name);
        String label = labelOf(name);
        if (label == null) {
            throw CcyException.noSession("no secret " + name);
        }
        if (label.isEmpty()) {
            throw new CcyException("the Podman secret " + name + " is not ccy's; not removing it");
        }
        Result r = run(List.of(podman, "secret", "rm", name), null);
        if (r.exit != 0) {
            throw new CcyException("podman secret rm " + name + " failed: " + firstLine(r.err));
        }
    }

    /** The names of all of this user's Podman secrets (ccy's or not): one podman call. */
    public java.util.Set<String> existing() {
        dev.ccy.Proc.Result r = podmanCalls.secretNames();
        if (!r.ok()) {
            throw new CcyException("podman secret ls failed: " + firstLine(r.err()));
        }
        return r.out().lines().map(String::strip).filter(l -> !l.isEmpty()).collect(java.util.stream.Collectors.toSet());
    }

    public boolean exists(String name) {
        String label = labelOf(checkName(name));
        return label != null && !label.isEmpty();
    }

    /** ccy's secrets by name, each with the sessions whose unit files in quadletDir use it. */
    public List<Info> list(Path quadletDir) {
        Result ids = run(List.of(podman, "secret", "ls", "--noheading", "--format", "{{.ID}}"), null);
        if (ids.exit != 0) {
            throw new CcyException("podman secret ls failed: " + firstLine(ids.err));
        }
        List<String> idList = ids.out.lines().map(String::strip).filter(s -> !s.isEmpty()).toList();
        if (idList.isEmpty()) {
            return List.of();
        }
        List<String> cmd = new ArrayList<>(List.of(podman, "secret", "inspect", "--format",
                "{{.Spec.Name}}\t{{index .Spec.Labels \"" + LABEL + "\"}}\t{{.CreatedAt}}\t{{.UpdatedAt}}"));
        cmd.addAll(idList);
        Result r = run(cmd, null);
        if (r.exit != 0) {
            throw new CcyException("podman secret inspect failed: " + firstLine(r.err));
        }
        Map<String, List<String>> users = usersOf(quadletDir);
        List<Info> out = new ArrayList<>();
        for (String line : r.out.lines().toList()) {
            String[] f = line.split("\t", -1);
            if (f.length == 4 && f[1].equals("true")) {
                out.add(new Info(f[0], shortTime(f[2]), shortTime(f[3]), users.getOrDefault(f[0], List.of())));
            }
        }
        out.sort(java.util.Comparator.comparing(Info::name));
        return out;
    }

    /** Secret name -> the sessions (unit file names without .container) whose units name it in a Secret= line. */
    public static Map<String, List<String>> usersOf(Path quadletDir) {
        Map<String, TreeSet<String>> by = new TreeMap<>();
        if (quadletDir != null && Files.isDirectory(quadletDir)) {
            try (var files = Files.newDirectoryStream(quadletDir, "ccy-*.container")) {
                for (Path f : files) {
                    String unit = f.getFileName().toString().replaceFirst("\\.container$", "");
                    Matcher m = SECRET_LINE.matcher(Files.readString(f, StandardCharsets.UTF_8));
                    while (m.find()) {
                        by.computeIfAbsent(m.group(1), k -> new TreeSet<>()).add(unit);
                    }
                }
            } catch (IOException e) {
                // an unreadable unit directory: the list just shows no users
            }
        }
        Map<String, List<String>> out = new TreeMap<>();
        by.forEach((k, v) -> out.put(k, List.copyOf(v)));
        return out;
    }

    /** The secret's ccy label: null when there is no such secret, "" when it is not ccy's. */
    String labelOf(String name) {
        Result r = run(List.of(podman, "secret", "inspect", "--format", "{{index .Spec.Labels \"" + LABEL + "\"}}", name), null);
        if (r.exit != 0) {
            if (r.err.contains("no such secret") || r.err.contains("no secret with name or id")) {
                return null;
            }
            throw new CcyException("podman secret inspect " + name + " failed: " + firstLine(r.err));
        }
        String v = r.out.strip();
        return v.equals("true") ? "true" : "";
    }

    /** "2026-11-30 19:20:01.123 +0000 UTC" -> "2026-11-30 19:20". */
    static String shortTime(String t) {
        Matcher m = Pattern.compile("^(\\d{4}-\\d\\d-\\d\\d)[ T](\\d\\d:\\d\\d)").matcher(t.strip());
        return m.find() ? m.group(1) + " " + m.group(2) : t.strip();
    }

    private record Result(int exit, String out, String err) {
    }

    /** Runs podman with stdin (the value, or nothing), collecting its output. */
    private Result run(List<String> cmd, byte[] stdin) {
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().putAll(env);
        if (stdin == null) {
            pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        }
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new CcyException("cannot run " + cmd.get(0) + ": " + e.getMessage());
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Thread t1 = pump(p.getInputStream(), out);
        Thread t2 = pump(p.getErrorStream(), err);
        try {
            if (stdin != null) {
                try (OutputStream in = p.getOutputStream()) {
                    in.write(stdin);
                }
            }
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new CcyException(String.join(" ", cmd.subList(0, 3)) + " timed out");
            }
            t1.join();
            t2.join();
        } catch (IOException e) {
            throw new CcyException("cannot talk to podman: " + e.getMessage());
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new CcyException("interrupted");
        }
        return new Result(p.exitValue(), out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
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

    private static String firstLine(String s) {
        return s.strip().lines().findFirst().orElse("");
    }
}
