package dev.ccy.settings;

import dev.ccy.CcyException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Every setting ccy knows: its name in the TOML files (dotted for tables), its environment
 * variable, how its value is read and checked, and how layers combine it. Lists and tables merge
 * across layers (lowest first); scalars are overridden by the layer above. Whether a project file
 * may set it without being trusted is {@link Trust}'s business.
 */
public enum Key {
    IMAGE("image", "CCY_IMAGE", Type.IMAGE, "container image (needs sh and tmux)"),
    AGENT("agent", "CCY_AGENT", Type.NAME, "agent profile: claude, or one in templates/agents/"),
    COMMAND("command", null, Type.COMMAND, "agent command: a list of arguments, or one shell command line"),
    RESUME("resume", null, Type.STRING, "shell command run instead of the agent when the session starts again"),
    MOUNTS("mounts", null, Type.MOUNTS, "extra mounts: \"SRC:DST[:ro|rw][,z|Z|nolabel]\" or {source, target, readonly, selinux}"),
    ENV("env", null, Type.ENV, "environment variables for the agent, NAME = \"value\""),
    FORWARD_ENV("forward_env", null, Type.ENV_NAMES, "variables whose value is taken from your environment at ccy new (kept in a Podman secret)"),
    SECRETS("secrets", null, Type.SECRETS, "Podman secrets given to the agent as environment, VARIABLE = \"secret-name\""),
    NETWORK("network", "CCY_NETWORK", Type.NETWORK, "\"default\", \"none\", \"host\" or a podman network's name"),
    PORTS("ports", null, Type.PORTS, "published ports, as podman --publish takes them (\"127.0.0.1:8080:80\")"),
    DEVICES("devices", null, Type.DEVICES, "host devices, as podman --device takes them (\"/dev/dri\")"),
    MEMORY("limits.memory", "CCY_MEMORY", Type.SIZE, "memory limit, e.g. \"8g\" (\"\" or 0: none)"),
    CPUS("limits.cpus", "CCY_CPUS", Type.CPUS, "CPU limit in CPUs, e.g. 2 or 1.5 (0: none)"),
    PIDS("limits.pids", "CCY_PIDS", Type.COUNT, "process limit (0: none)"),
    NO_NEW_PRIVILEGES("security.no_new_privileges", null, Type.BOOL, "no process in the session gains privileges (setuid)"),
    CAP_DROP("security.cap_drop", null, Type.CAPS, "capabilities dropped (\"all\" for every one)"),
    CAP_ADD("security.cap_add", null, Type.CAPS, "capabilities added back"),
    SECCOMP("security.seccomp", null, Type.STRING, "seccomp profile: \"default\", \"unconfined\" or a file"),
    SELINUX("security.selinux", null, Type.SELINUX, "SELinux confinement: \"default\" or \"disable\""),
    PRIVATE_TMP("security.private_tmp", null, Type.BOOL, "a private tmpfs on /tmp"),
    SSH_AGENT("ssh_agent", "CCY_SSH_AGENT", Type.STRING,
            "SSH agent in the session: \"off\", \"attach\" (the agent of the most recent ccy attach) or a stable agent's socket path"),
    GIT_NAME("git.name", null, Type.STRING, "git user.name in the session (default: the host's, in the worktree)"),
    GIT_EMAIL("git.email", null, Type.STRING, "git user.email in the session (default: the host's, in the worktree)"),
    BUILD_CA_FILE("build.ca_file", "CCY_BUILD_CA_FILE", Type.STRING,
            "CA bundle image builds trust (default: the host's trust store; \"none\": off)");

    private final String toml;
    private final String env;
    private final Type type;
    private final String help;

    Key(String toml, String env, Type type, String help) {
        this.toml = toml;
        this.env = env;
        this.type = type;
        this.help = help;
    }

    /** The dotted name in a TOML file, e.g. {@code limits.memory}. */
    public String toml() {
        return toml;
    }

    /** The environment variable that sets it (scalars only), if any. */
    public Optional<String> env() {
        return Optional.ofNullable(env);
    }

    public String help() {
        return help;
    }

    /** True for lists and tables, which layers add to instead of replacing. */
    public boolean merges() {
        return type.merges;
    }

    public static Optional<Key> named(String toml) {
        return Arrays.stream(values()).filter(k -> k.toml.equals(toml)).findFirst();
    }

    /** The top-level table names ccy knows ({@code limits}, {@code security}...). */
    static boolean isTable(String name) {
        return Arrays.stream(values()).anyMatch(k -> k.toml.startsWith(name + "."))
                || name.equals("env") || name.equals("secrets");
    }

    /**
     * Reads a value as TOML gives it (String, Number, Boolean, List, Map) or as a flag gives it
     * (a String); the result is one of String, Long, Boolean, {@code List<String>},
     * {@code List<Mount>}, {@code Map<String, String>}. Fails with a one-line usage error.
     */
    public Object read(Object raw) {
        try {
            return type.read(this, raw);
        } catch (CcyException e) {
            // the messages quote the value, which a file may fill with newlines or 100 KB
            return rethrow(e);
        }
    }

    private static Object rethrow(CcyException e) {
        throw new CcyException(shown(e.getMessage(), 400), e.exit());
    }

    /** Text for a one-line message: control characters as escapes, and at most {@code max} characters. */
    static String shown(String text, int max) {
        StringBuilder out = new StringBuilder();
        text.codePoints().forEach(cp -> {
            if (Character.isISOControl(cp) || cp == 0x2028 || cp == 0x2029) {
                out.append(cp == '\n' ? "\\n" : cp == '\t' ? "\\t" : String.format("\\u%04x", cp));
            } else {
                out.appendCodePoint(cp);
            }
        });
        return out.length() <= max ? out.toString() : out.substring(0, max) + "...";
    }

    private CcyException bad(Object raw, String expected) {
        return CcyException.usage("'" + shown(String.valueOf(raw), 80) + "' is not " + expected);
    }

    private static final Pattern P_IMAGE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._/:@+-]*");
    private static final Pattern P_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,62}");
    private static final Pattern P_ENV = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Pattern P_SIZE = Pattern.compile("(\\d+)([bkmg]?)", Pattern.CASE_INSENSITIVE);
    private static final Pattern P_CPUS = Pattern.compile("\\d+(\\.\\d+)?");
    private static final Pattern P_PORT = Pattern.compile("(\\[?[0-9A-Fa-f.:]*\\]?:)?(\\d+(-\\d+)?)?:?\\d+(-\\d+)?(/(tcp|udp|sctp))?");
    private static final Pattern P_CAP = Pattern.compile("(?i)(CAP_)?[A-Z_]+|all");

    /** How a value is read and checked; {@code merges} says whether layers add up. */
    enum Type {
        STRING(false), IMAGE(false), NAME(false), COMMAND(false), NETWORK(false), SIZE(false), CPUS(false),
        COUNT(false), BOOL(false), SELINUX(false),
        MOUNTS(true), ENV(true), ENV_NAMES(true), SECRETS(true), PORTS(true), DEVICES(true), CAPS(true);

        final boolean merges;

        Type(boolean merges) {
            this.merges = merges;
        }

        Object read(Key key, Object raw) {
            switch (this) {
                case STRING:
                    return string(key, raw);
                case IMAGE:
                    return matching(key, raw, P_IMAGE, "an image reference");
                case NAME:
                    return matching(key, raw, P_NAME, "a name (letters, digits, '.', '_', '-')");
                case COMMAND:
                    if (raw instanceof List<?> l) {
                        List<String> args = strings(key, l);
                        if (args.isEmpty() || args.get(0).isBlank()) {
                            throw CcyException.usage("the agent command is empty");
                        }
                        return args;
                    }
                    String line = string(key, raw);
                    if (line.isBlank()) {
                        throw CcyException.usage("the agent command is empty");
                    }
                    return line;
                case NETWORK:
                    return matching(key, raw, P_NAME, "\"default\", \"none\", \"host\" or a network name");
                case SIZE: {
                    String s = raw instanceof Number n ? String.valueOf(n.longValue()) : string(key, raw).strip();
                    if (!s.isEmpty() && !P_SIZE.matcher(s).matches()) {
                        throw key.bad(raw, "a size like 512m or 8g");
                    }
                    return s.equals("0") ? "" : s.toLowerCase(Locale.ROOT);
                }
                case CPUS: {
                    String s = raw instanceof Number n ? n.toString() : string(key, raw).strip();
                    if (!s.isEmpty() && !P_CPUS.matcher(s).matches()) {
                        throw key.bad(raw, "a number of CPUs like 2 or 1.5");
                    }
                    return s.isEmpty() || Double.parseDouble(s) == 0 ? "" : s;
                }
                case COUNT: {
                    long n;
                    if (raw instanceof Number num && !(raw instanceof Double)) {
                        n = num.longValue();
                    } else {
                        try {
                            n = Long.parseLong(string(key, raw).strip());
                        } catch (NumberFormatException e) {
                            throw key.bad(raw, "a whole number");
                        }
                    }
                    if (n < 0) {
                        throw key.bad(raw, "a whole number, 0 or more");
                    }
                    return n;
                }
                case BOOL:
                    if (raw instanceof Boolean b) {
                        return b;
                    }
                    String b = string(key, raw).strip().toLowerCase(Locale.ROOT);
                    if (b.equals("true") || b.equals("yes") || b.equals("1")) {
                        return true;
                    }
                    if (b.equals("false") || b.equals("no") || b.equals("0")) {
                        return false;
                    }
                    throw key.bad(raw, "true or false");
                case SELINUX: {
                    String s = string(key, raw);
                    if (!s.equals("default") && !s.equals("disable")) {
                        throw key.bad(raw, "\"default\" or \"disable\"");
                    }
                    return s;
                }
                case MOUNTS: {
                    List<Mount> mounts = new ArrayList<>();
                    for (Object o : list(raw)) {
                        mounts.add(o instanceof Map<?, ?> m ? Mount.of(m) : Mount.parse(string(key, o)));
                    }
                    return mounts;
                }
                case ENV:
                case SECRETS: {
                    Map<String, String> out = new LinkedHashMap<>();
                    if (raw instanceof Map<?, ?> m) {
                        m.forEach((k, v) -> out.put(envName(String.valueOf(k)), this == SECRETS ? secretName(string(key, v)) : string(key, v)));
                    } else {
                        for (Object o : list(raw)) {
                            String s = string(key, o);
                            int eq = s.indexOf('=');
                            if (eq <= 0) {
                                throw key.bad(o, "NAME=" + (this == SECRETS ? "SECRET" : "VALUE"));
                            }
                            out.put(envName(s.substring(0, eq)),
                                    this == SECRETS ? secretName(s.substring(eq + 1)) : s.substring(eq + 1));
                        }
                    }
                    return out;
                }
                case ENV_NAMES: {
                    List<String> names = new ArrayList<>();
                    for (Object o : list(raw)) {
                        names.add(envName(string(key, o)));
                    }
                    return names;
                }
                case PORTS:
                    return checkedList(key, raw, P_PORT, "a port like 8080, 8080:80 or 127.0.0.1:8080:80/tcp");
                case DEVICES: {
                    List<String> devices = strings(key, list(raw));
                    for (String d : devices) {
                        if (!d.startsWith("/dev/") || d.contains("..")) {
                            throw key.bad(d, "a device under /dev (optionally :CONTAINER_PATH:PERMISSIONS)");
                        }
                    }
                    return devices;
                }
                case CAPS:
                    return checkedList(key, raw, P_CAP, "a capability like NET_RAW or \"all\"").stream()
                            .map(c -> c.equalsIgnoreCase("all") ? "all" : c.toUpperCase(Locale.ROOT).replaceFirst("^CAP_", ""))
                            .toList();
                default:
                    throw new IllegalStateException(name());
            }
        }

        private static String matching(Key key, Object raw, Pattern p, String expected) {
            String s = string(key, raw);
            if (!p.matcher(s).matches()) {
                throw key.bad(raw, expected);
            }
            return s;
        }

        private static List<String> checkedList(Key key, Object raw, Pattern p, String expected) {
            List<String> items = strings(key, list(raw));
            for (String s : items) {
                if (!p.matcher(s).matches()) {
                    throw key.bad(s, expected);
                }
            }
            return items;
        }

        private static List<?> list(Object raw) {
            return raw instanceof List<?> l ? l : List.of(raw);
        }

        private static List<String> strings(Key key, List<?> l) {
            return l.stream().map(o -> string(key, o)).toList();
        }

        private static String string(Key key, Object raw) {
            if (raw instanceof String s) {
                return s;
            }
            if (raw instanceof Number || raw instanceof Boolean) {
                return String.valueOf(raw);
            }
            throw CcyException.usage("expected a text value, not " + describe(raw));
        }

        private static String envName(String name) {
            if (!P_ENV.matcher(name).matches()) {
                throw CcyException.usage("'" + name + "' is not an environment variable name");
            }
            return name;
        }

        private static String secretName(String name) {
            if (!P_NAME.matcher(name).matches()) {
                throw CcyException.usage("'" + name + "' is not a secret name (letters, digits, '.', '_', '-')");
            }
            return name;
        }
    }

    static String describe(Object raw) {
        if (raw instanceof List<?>) {
            return "a list";
        }
        if (raw instanceof Map<?, ?>) {
            return "a table";
        }
        return raw == null ? "nothing" : raw.getClass().getSimpleName().toLowerCase(Locale.ROOT);
    }
}
