package dev.ccy.podman;

import dev.ccy.CcyException;
import dev.ccy.Names;
import dev.ccy.Proc;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * ccy's Podman secrets, the one place that creates, replaces, lists and removes them. Two kinds,
 * each marked by a label of its own so ccy touches only what it made: the user's credentials
 * ({@value #LABEL}, {@code ccy secret}), and a session's environment ({@value #SESSION_LABEL}, whose
 * value is the session's name). Podman stores them outside every unit file, and Quadlet's
 * {@code Secret=NAME,type=env,target=VAR} hands them to a session's environment at each start, so
 * setting one again reaches every session at its next start. A value goes to
 * {@code podman secret create} on its stdin, never in its arguments (which {@code ps} shows to
 * every user), and ccy never prints one.
 */
public final class Secrets {
    /** The label that marks a Podman secret as one of ccy's credentials: ccy lists and removes only those. */
    public static final String LABEL = "ccy.secret";
    /** The label of a session's environment secrets: the session's name. */
    public static final String SESSION_LABEL = "ccy.session";
    /** The arguments of the name listing, which {@link #listEarly} starts ahead of need. */
    private static final String[] NAMES = {"secret", "ls", "--noheading", "--format", "{{.Name}}"};
    /** Credentials are set by hand; a session's secrets are made while ccy new waits. */
    private static final Duration SLOW = Duration.ofSeconds(60);
    private static final Duration QUICK = Duration.ofSeconds(30);

    private final Podman podman;

    public Secrets(Podman podman) {
        this.podman = podman;
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
     * Creates or replaces the credential NAME with value. The value is wiped from the array afterwards.
     * Replacing keeps the name, so sessions that use it get the new value at their next start.
     */
    public void set(String name, byte[] value) {
        checkName(name);
        try {
            if (value.length == 0) {
                throw CcyException.usage("the secret's value is empty");
            }
            String existing = labelOf(name);
            if (existing != null && existing.isEmpty()) {
                throw new CcyException("a Podman secret " + name + " exists and is not ccy's; not replacing it");
            }
            dev.ccy.TestPause.at("secret.set");
            Proc.Result r = must(value, "secret", "create", "--replace", "--label", LABEL + "=true", name, "-");
            if (!r.ok()) {
                throw new CcyException("podman secret create " + name + " failed: " + Podman.firstLine(r.err()));
            }
        } finally {
            Arrays.fill(value, (byte) 0);
        }
    }

    /** Removes ccy's credential NAME; a secret that is not ccy's is left alone. */
    public void remove(String name) {
        checkName(name);
        String label = labelOf(name);
        if (label == null) {
            throw CcyException.noSession("no secret " + name);
        }
        if (label.isEmpty()) {
            throw new CcyException("the Podman secret " + name + " is not ccy's; not removing it");
        }
        Proc.Result r = must(null, "secret", "rm", name);
        if (!r.ok()) {
            throw new CcyException("podman secret rm " + name + " failed: " + Podman.firstLine(r.err()));
        }
    }

    /** Starts the listing of the secrets' names now, for a later {@link #existing} or {@link #named} to take. */
    public void listEarly() {
        podman.early(NAMES);
    }

    /** The names of all of this user's Podman secrets (ccy's or not): one podman call. */
    public Set<String> existing() {
        Proc.Result r = podman.read(NAMES);
        if (!r.ok()) {
            throw new CcyException("podman secret ls failed: " + Podman.firstLine(r.err()));
        }
        return r.out().lines().map(String::strip).filter(l -> !l.isEmpty()).collect(Collectors.toSet());
    }

    public boolean exists(String name) {
        String label = labelOf(checkName(name));
        return label != null && !label.isEmpty();
    }

    /** ccy's credentials by name, each with the sessions whose unit files in quadletDir use it. */
    public List<Info> list(java.nio.file.Path quadletDir) {
        Proc.Result ids = must(null, "secret", "ls", "--noheading", "--format", "{{.ID}}");
        if (!ids.ok()) {
            throw new CcyException("podman secret ls failed: " + Podman.firstLine(ids.err()));
        }
        List<String> idList = ids.out().lines().map(String::strip).filter(s -> !s.isEmpty()).toList();
        if (idList.isEmpty()) {
            return List.of();
        }
        List<String> cmd = new ArrayList<>(List.of("secret", "inspect", "--format",
                "{{.Spec.Name}}\t{{index .Spec.Labels \"" + LABEL + "\"}}\t{{.CreatedAt}}\t{{.UpdatedAt}}"));
        cmd.addAll(idList);
        Proc.Result r = must(null, cmd.toArray(String[]::new));
        if (!r.ok()) {
            throw new CcyException("podman secret inspect failed: " + Podman.firstLine(r.err()));
        }
        Map<String, List<String>> users = SecretUsers.of(quadletDir);
        List<Info> out = new ArrayList<>();
        for (String line : r.out().lines().toList()) {
            String[] f = line.split("\t", -1);
            if (f.length == 4 && f[1].equals("true")) {
                out.add(new Info(f[0], shortTime(f[2]), shortTime(f[3]), users.getOrDefault(f[0], List.of())));
            }
        }
        out.sort(java.util.Comparator.comparing(Info::name));
        return out;
    }

    /**
     * Creates (or replaces) a secret of session {@code session}'s environment. The value goes on
     * podman's standard input: never in its arguments, where ps would show it.
     */
    public void createForSession(String name, byte[] value, String session) {
        List<String> cmd = new ArrayList<>(List.of("secret", "create", "--label=" + SESSION_LABEL + "=" + session, name, "-"));
        dev.ccy.TestPause.at("secret.create");
        // --replace swaps the value in one step: ccy killed here or during it leaves the old secret or
        // the new one, never none (rm then create left a running session's unit naming a secret that
        // was gone, so its next start failed). Podman before 4.7 has no --replace: rm, then create.
        List<String> replace = new ArrayList<>(cmd);
        replace.add(2, "--replace");
        Proc.Result r = podman.run(replace, QUICK, value);
        if (!r.ok() && r.err().contains("--replace")) {
            podman.run(List.of("secret", "rm", name), QUICK, null);
            r = podman.run(cmd, QUICK, value);
        }
        if (!r.ok()) {
            throw new CcyException("cannot store podman secret " + name + ": " + Podman.firstLine(r.err()));
        }
    }

    /**
     * The names of the Podman secrets whose name starts with this prefix (podman secret ls cannot
     * filter by label before Podman 5.5, so ccy's session secrets are found by their names).
     */
    public List<String> named(String prefix) {
        Proc.Result r = podman.read(NAMES);
        return r.ok() ? r.out().lines().map(String::strip).filter(l -> l.startsWith(prefix)).toList() : List.of();
    }

    /** Secret name -> the session its {@value #SESSION_LABEL} label names, for the named secrets that have one; one podman call. */
    public Map<String, String> sessionsOf(List<String> names) {
        Map<String, String> out = new TreeMap<>();
        if (names.isEmpty()) {
            return out;
        }
        List<String> cmd = new ArrayList<>(List.of("secret", "inspect", "--format",
                "{{.Spec.Name}}\t{{index .Spec.Labels \"" + SESSION_LABEL + "\"}}"));
        cmd.addAll(names);
        Proc.Result r = podman.run(cmd, QUICK, null);
        r.out().lines().map(l -> l.split("\t", -1)).filter(f -> f.length == 2 && !f[1].isEmpty() && !f[1].equals("<no value>"))
                .forEach(f -> out.put(f[0], f[1]));
        return out;
    }

    /** Removes session secrets, best effort: one already gone is no error. */
    public void removeAll(List<String> names) {
        if (!names.isEmpty()) {
            List<String> cmd = new ArrayList<>(List.of("secret", "rm"));
            cmd.addAll(names);
            podman.run(cmd, QUICK, null);
        }
    }

    /** The secret's ccy label: null when there is no such secret, "" when it is not ccy's. */
    String labelOf(String name) {
        Proc.Result r = must(null, "secret", "inspect", "--format", "{{index .Spec.Labels \"" + LABEL + "\"}}", name);
        if (!r.ok()) {
            if (r.err().contains("no such secret") || r.err().contains("no secret with name or id")) {
                return null;
            }
            throw new CcyException("podman secret inspect " + name + " failed: " + Podman.firstLine(r.err()));
        }
        return r.out().strip().equals("true") ? "true" : "";
    }

    /** "2026-11-30 19:20:01.123 +0000 UTC" -> "2026-11-30 19:20". */
    static String shortTime(String t) {
        Matcher m = Pattern.compile("^(\\d{4}-\\d\\d-\\d\\d)[ T](\\d\\d:\\d\\d)").matcher(t.strip());
        return m.find() ? m.group(1) + " " + m.group(2) : t.strip();
    }

    /** A credential call: podman that cannot be started or does not answer is an error of its own, not an answer. */
    private Proc.Result must(byte[] stdin, String... args) {
        Proc.Result r = podman.run(List.of(args), SLOW, stdin);
        if (r.exit() == -1) {
            throw new CcyException("cannot run " + podman.command() + ": " + r.err());
        }
        if (r.exit() == -2) {
            throw new CcyException(r.err().equals("interrupted") ? "interrupted"
                    : podman.command() + " " + args[0] + " " + args[1] + " timed out");
        }
        return r;
    }
}
