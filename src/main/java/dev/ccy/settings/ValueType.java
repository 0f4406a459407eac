package dev.ccy.settings;

import dev.ccy.CcyException;
import dev.ccy.Names;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * How a setting's value is read and checked, by shape as podman's quadlet.go groups its keys:
 * scalars (one value; the layer above replaces it), lists and tables (layers add to them, lowest
 * first). A value arrives as TOML gives it (String, Number, Boolean, List, Map) or as a flag or
 * variable gives it (a String); what comes out is String, Long, Boolean, {@code List<String>},
 * {@code List<Mount>} or {@code Map<String, String>}. A bad value is a one-line usage error.
 */
enum ValueType {
    STRING(false), IMAGE(false), NAME(false), HOSTNAME(false), COMMAND(false), NETWORK(false), SIZE(false), CPUS(false),
    COUNT(false), BOOL(false), SELINUX(false), DURATION(false),
    MOUNTS(true), ENV(true), ENV_NAMES(true), SECRETS(true), PORTS(true), DEVICES(true), CAPS(true);

    // RFC 1123: dot-separated labels of letters, digits and inner hyphens, 253 characters at most
    private static final Pattern P_HOSTNAME = Pattern.compile("(?=.{1,253}$)[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
            + "(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*");
    private static final Pattern P_SIZE = Pattern.compile("(\\d+)([bkmg]?)", Pattern.CASE_INSENSITIVE);
    private static final Pattern P_CPUS = Pattern.compile("\\d+(\\.\\d+)?");
    private static final Pattern P_PORT = Pattern.compile("(\\[?[0-9A-Fa-f.:]*\\]?:)?(\\d+(-\\d+)?)?:?\\d+(-\\d+)?(/(tcp|udp|sctp))?");
    private static final Pattern P_CAP = Pattern.compile("(?i)(CAP_)?[A-Z_]+|all");

    /** True for lists and tables, which layers add to instead of replacing. */
    final boolean merges;

    ValueType(boolean merges) {
        this.merges = merges;
    }

    /** A flag given as "" means "not given" for these (an empty image or profile is never meant). */
    boolean blankIsUnset() {
        return this == IMAGE || this == NAME;
    }

    Object read(Object raw) {
        return switch (this) {
            case STRING -> string(raw);
            case IMAGE -> matching(raw, Names.IMAGE, "an image reference");
            case NAME -> matching(raw, Names.NAME, "a name (letters, digits, '.', '_', '-')");
            case HOSTNAME -> matching(raw, P_HOSTNAME, "a host name (letters, digits and '-', in labels split by '.')");
            case COMMAND -> command(raw);
            case NETWORK -> matching(raw, Names.NAME, "\"default\", \"none\", \"host\" or a network name");
            case SIZE -> size(raw);
            case CPUS -> cpus(raw);
            case COUNT -> count(raw);
            case BOOL -> bool(raw);
            case SELINUX -> oneOf(raw, "default", "disable");
            case DURATION -> duration(raw);
            case MOUNTS -> mounts(raw);
            case ENV, SECRETS -> table(raw);
            case ENV_NAMES -> list(raw).stream().map(o -> envName(string(o))).toList();
            case PORTS -> checkedList(raw, P_PORT, "a port like 8080, 8080:80 or 127.0.0.1:8080:80/tcp");
            case DEVICES -> devices(raw);
            case CAPS -> checkedList(raw, P_CAP, "a capability like NET_RAW or \"all\"").stream()
                    .map(c -> c.equalsIgnoreCase("all") ? "all" : c.toUpperCase(Locale.ROOT).replaceFirst("^CAP_", ""))
                    .toList();
        };
    }

    private static Object command(Object raw) {
        if (raw instanceof List<?> l) {
            List<String> args = strings(l);
            if (args.isEmpty() || args.get(0).isBlank()) {
                throw CcyException.usage("the agent command is empty");
            }
            return args;
        }
        String line = string(raw);
        if (line.isBlank()) {
            throw CcyException.usage("the agent command is empty");
        }
        return line;
    }

    /** A systemd time span as written (checked); a bare number is seconds, as in systemd. */
    private static String duration(Object raw) {
        String s = raw instanceof Number n ? String.valueOf(n.longValue()) : string(raw).strip();
        dev.ccy.Durations.parse(s);
        return s;
    }

    private static String size(Object raw) {
        String s = raw instanceof Number n ? String.valueOf(n.longValue()) : string(raw).strip();
        if (!s.isEmpty() && !P_SIZE.matcher(s).matches()) {
            throw bad(raw, "a size like 512m or 8g");
        }
        return s.equals("0") ? "" : s.toLowerCase(Locale.ROOT);
    }

    private static String cpus(Object raw) {
        String s = raw instanceof Number n ? n.toString() : string(raw).strip();
        if (!s.isEmpty() && !P_CPUS.matcher(s).matches()) {
            throw bad(raw, "a number of CPUs like 2 or 1.5");
        }
        return s.isEmpty() || Double.parseDouble(s) == 0 ? "" : s;
    }

    private static Long count(Object raw) {
        long n;
        if (raw instanceof Number num && !(raw instanceof Double)) {
            n = num.longValue();
        } else {
            try {
                n = Long.parseLong(string(raw).strip());
            } catch (NumberFormatException e) {
                throw bad(raw, "a whole number");
            }
        }
        if (n < 0) {
            throw bad(raw, "a whole number, 0 or more");
        }
        return n;
    }

    private static Boolean bool(Object raw) {
        if (raw instanceof Boolean b) {
            return b;
        }
        String b = string(raw).strip().toLowerCase(Locale.ROOT);
        if (b.equals("true") || b.equals("yes") || b.equals("1")) {
            return true;
        }
        if (b.equals("false") || b.equals("no") || b.equals("0")) {
            return false;
        }
        throw bad(raw, "true or false");
    }

    private static String oneOf(Object raw, String a, String b) {
        String s = string(raw);
        if (!s.equals(a) && !s.equals(b)) {
            throw bad(raw, "\"" + a + "\" or \"" + b + "\"");
        }
        return s;
    }

    private static List<Mount> mounts(Object raw) {
        List<Mount> mounts = new ArrayList<>();
        for (Object o : list(raw)) {
            mounts.add(o instanceof Map<?, ?> m ? Mount.of(m) : Mount.parse(string(o)));
        }
        return mounts;
    }

    /** NAME = value (env) or NAME = secret (secrets): a TOML table, or NAME=VALUE items of flags. */
    private Map<String, String> table(Object raw) {
        Map<String, String> out = new LinkedHashMap<>();
        if (raw instanceof Map<?, ?> m) {
            m.forEach((k, v) -> out.put(envName(String.valueOf(k)), tableValue(string(v))));
            return out;
        }
        for (Object o : list(raw)) {
            String s = string(o);
            int eq = s.indexOf('=');
            if (eq <= 0) {
                throw bad(o, "NAME=" + (this == SECRETS ? "SECRET" : "VALUE"));
            }
            out.put(envName(s.substring(0, eq)), tableValue(s.substring(eq + 1)));
        }
        return out;
    }

    private String tableValue(String v) {
        if (this == SECRETS && !Names.isName(v)) {
            throw CcyException.usage("'" + v + "' is not a secret name (letters, digits, '.', '_', '-')");
        }
        return v;
    }

    private static List<String> devices(Object raw) {
        List<String> devices = strings(list(raw));
        for (String d : devices) {
            if (!d.startsWith("/dev/") || d.contains("..")) {
                throw bad(d, "a device under /dev (optionally :CONTAINER_PATH:PERMISSIONS)");
            }
        }
        return devices;
    }

    private static String matching(Object raw, Pattern p, String expected) {
        String s = string(raw);
        if (!p.matcher(s).matches()) {
            throw bad(raw, expected);
        }
        return s;
    }

    private static List<String> checkedList(Object raw, Pattern p, String expected) {
        List<String> items = strings(list(raw));
        for (String s : items) {
            if (!p.matcher(s).matches()) {
                throw bad(s, expected);
            }
        }
        return items;
    }

    private static List<?> list(Object raw) {
        return raw instanceof List<?> l ? l : List.of(raw);
    }

    private static List<String> strings(List<?> l) {
        return l.stream().map(ValueType::string).toList();
    }

    private static String string(Object raw) {
        if (raw instanceof String s) {
            return s;
        }
        if (raw instanceof Number || raw instanceof Boolean) {
            return String.valueOf(raw);
        }
        throw CcyException.usage("expected a text value, not " + describe(raw));
    }

    private static String envName(String name) {
        if (!Names.isEnvVar(name)) {
            throw CcyException.usage("'" + name + "' is not an environment variable name");
        }
        return name;
    }

    private static CcyException bad(Object raw, String expected) {
        return CcyException.usage("'" + Key.shown(String.valueOf(raw), 80) + "' is not " + expected);
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
