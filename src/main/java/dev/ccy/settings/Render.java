package dev.ccy.settings;

import dev.ccy.quadlet.ContainerKey;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Where a setting goes in the unit, as podlet maps a field to its key: a {@code [Container]} key
 * of the versioned key table (written as that key, or as its podman flag where the Podman lacks
 * it), a {@code [Service]} key systemd applies to the whole session, the session's environment,
 * or nowhere (ccy itself uses it). The value's shape is the setting's: a list gives one line per
 * item, a boolean makes a switch key appear or not.
 */
public final class Render {
    /** The part of the unit a setting renders into. */
    public enum Target {
        /** Not rendered: ccy reads it (image, agent, ssh_agent...). */
        NONE,
        /** A [Container] key. */
        CONTAINER,
        /** [Service] keys: systemd's resource control on the whole session. */
        SERVICE,
        /** The session's environment: Podman secrets per session, so values stay out of the unit. */
        ENVIRONMENT
    }

    /** How a setting's value becomes the key's value(s). */
    enum Convert {
        /** The value, or each item of a list. */
        AS_IS,
        /** A mount as Volume= takes it. */
        MOUNT,
        /** True when the setting has the row's value (a switch: selinux "disable" is SecurityLabelDisable). */
        IS,
        /** The row's value when the setting is true (private_tmp: Tmpfs=/tmp). */
        WHEN_TRUE,
        /** limits.memory as MemoryMax= (and MemorySwapMax=) take it. */
        MEMORY_MAX,
        /** limits.cpus as CPUQuota= takes it. */
        CPU_QUOTA,
        /** A count, none for 0. */
        COUNT
    }

    static final Render NONE = new Render(Target.NONE, null, List.of(), Convert.AS_IS, null);
    static final Render ENVIRONMENT = new Render(Target.ENVIRONMENT, null, List.of(), Convert.AS_IS, null);

    private final Target target;
    private final ContainerKey key;
    private final List<String> serviceKeys;
    private final Convert convert;
    /** For AS_IS: the value that means "Podman's default", rendered as nothing; for IS and WHEN_TRUE: the value. */
    private final String arg;

    private Render(Target target, ContainerKey key, List<String> serviceKeys, Convert convert, String arg) {
        this.target = target;
        this.key = key;
        this.serviceKeys = List.copyOf(serviceKeys);
        this.convert = convert;
        this.arg = arg;
    }

    /** The value as the key, each item a line. */
    static Render to(ContainerKey key) {
        return new Render(Target.CONTAINER, key, List.of(), Convert.AS_IS, null);
    }

    /** The value as the key, except {@code unset} (Podman's own default), which writes nothing. */
    static Render to(ContainerKey key, String unset) {
        return new Render(Target.CONTAINER, key, List.of(), Convert.AS_IS, unset);
    }

    static Render to(ContainerKey key, Convert convert, String arg) {
        return new Render(Target.CONTAINER, key, List.of(), convert, arg);
    }

    static Render service(Convert convert, String... keys) {
        return new Render(Target.SERVICE, null, List.of(keys), convert, null);
    }

    public Target target() {
        return target;
    }

    /** The [Container] key (CONTAINER only). */
    public ContainerKey key() {
        return key;
    }

    /** The key's values for a setting's value: none, one, or one per item. */
    public List<String> values(Object value) {
        List<String> out = new ArrayList<>();
        if (value instanceof Collection<?> c) {
            c.forEach(v -> out.addAll(values(v)));
            return out;
        }
        String v = switch (convert) {
            case AS_IS -> value == null || String.valueOf(value).equals(arg) ? "" : String.valueOf(value);
            case MOUNT -> ((Mount) value).volume();
            case IS -> String.valueOf(arg.equals(value));
            case WHEN_TRUE -> Boolean.TRUE.equals(value) ? arg : "";
            case MEMORY_MAX -> value == null ? "" : memoryMax((String) value);
            case CPU_QUOTA -> value == null ? "" : cpuQuotaPercent((String) value);
            case COUNT -> value instanceof Long n && n > 0 ? String.valueOf(n) : "";
        };
        if (!v.isEmpty()) {
            out.add(v);
        }
        return out;
    }

    /** The [Service] lines' values for a setting's value, key to value; nothing for none. */
    public Map<String, String> service(Object value) {
        Map<String, String> out = new LinkedHashMap<>();
        List<String> v = values(value);
        if (!v.isEmpty()) {
            // CPUQuota= is a percentage; the others take the value as it is
            serviceKeys.forEach(k -> out.put(k, convert == Convert.CPU_QUOTA ? v.get(0) + "%" : v.get(0)));
        }
        return out;
    }

    /** limits.memory ("8g", "512m", "1000") as systemd's MemoryMax= takes it ("8G", "512M", "1000"). */
    static String memoryMax(String memory) {
        if (memory.isEmpty()) {
            return "";
        }
        String m = memory.toUpperCase(Locale.ROOT);
        char unit = m.charAt(m.length() - 1);
        // systemd's suffixes K, M, G are powers of 1024, as podman's k, m, g; a bare number is bytes
        return unit == 'B' ? m.substring(0, m.length() - 1) : m;
    }

    /**
     * limits.cpus (2, 1.5) as the number in systemd's CPUQuota= percentage (200, 150): whole
     * percents, rounded up so a tiny limit is never none (older systemd takes no fractions).
     */
    static String cpuQuotaPercent(String cpus) {
        if (cpus.isEmpty()) {
            return "";
        }
        BigDecimal p = new BigDecimal(cpus).movePointRight(2).setScale(0, RoundingMode.CEILING);
        return p.signum() > 0 ? p.toPlainString() : "";
    }
}
