package dev.ccy.session.unit;

import dev.ccy.session.agent.SshAgentRelay;
import dev.ccy.session.store.GitLinks;
import dev.ccy.quadlet.ContainerKey;
import dev.ccy.quadlet.UnitValues;
import dev.ccy.settings.Key;
import dev.ccy.settings.Render;
import dev.ccy.settings.Settings;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a session's settings render to, filled by one loop over the settings' rows
 * ({@link Key#render()}): {@code [Container]} keys with their values in the settings' order, each
 * written by the template's {@code <@option/>}, and {@code [Service]} keys. Values are checked by
 * the settings; the template escapes them.
 *
 * @param container Quadlet key name to its values (one line each; none: the key is not written)
 * @param service   systemd [Service] key to its value (limits)
 * @param legacy    the model names of templates copied before settings were rows (volumes,
 *                  network, memory...): kept so such copies render as they did; new settings get none
 */
public record ContainerOptions(Map<String, List<String>> container, Map<String, String> service, Map<String, Object> legacy) {
    /** No options at all: what sessions had before settings existed. */
    public static final ContainerOptions NONE = new ContainerOptions(Map.of(), Map.of(), legacy(null, Map.of(), Map.of()));

    public ContainerOptions {
        Map<String, List<String>> c = new LinkedHashMap<>();
        container.forEach((k, v) -> c.put(k, List.copyOf(v)));
        container = java.util.Collections.unmodifiableMap(c);
        service = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(service));
        legacy = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(legacy));
    }

    /**
     * @param envSecrets environment variable to the name of the per-session secret holding its
     *                   value: the settings' env and forward_env both arrive this way, so their
     *                   values are in neither the unit nor podman inspect
     */
    public static ContainerOptions of(Settings s, Map<String, String> envSecrets) {
        return of(s, envSecrets, Map.of(), Map.of());
    }

    /**
     * @param agentEnv the agent profile's environment, plain (no secrets in profiles); the settings'
     *                 env wins
     * @param agentSecrets the agent profile's secrets that exist, VARIABLE -> secret; the settings' win
     */
    public static ContainerOptions of(Settings s, Map<String, String> envSecrets, Map<String, String> agentEnv,
                                      Map<String, String> agentSecrets) {
        Map<String, List<String>> container = new LinkedHashMap<>();
        Map<String, String> service = new LinkedHashMap<>();
        for (Key k : Key.values()) {
            Render r = k.render();
            switch (r.target()) {
                case CONTAINER -> container.computeIfAbsent(r.key().name(), n -> new ArrayList<>()).addAll(r.values(s.value(k)));
                case SERVICE -> service.putAll(r.service(s.value(k)));
                case ENVIRONMENT -> {
                    if (!container.containsKey(ContainerKey.Secret.name())) {
                        container.put(ContainerKey.Environment.name(), plainEnv(s, envSecrets, agentEnv));
                        container.put(ContainerKey.Secret.name(), secrets(s, envSecrets, agentSecrets));
                    }
                }
                case NONE -> {
                }
            }
        }
        return new ContainerOptions(container, service, legacy(s, container, service));
    }

    /** The agent profile's variables the settings do not set, sorted: the same settings render the same unit. */
    private static List<String> plainEnv(Settings s, Map<String, String> envSecrets, Map<String, String> agentEnv) {
        List<String> plain = new ArrayList<>();
        new TreeMap<>(agentEnv).forEach((k, v) -> {
            if (!s.env().containsKey(k) && !envSecrets.containsKey(k)) {
                plain.add(k + "=" + v);
            }
        });
        return plain;
    }

    /** Every variable whose value is a secret: the profile's, then env and forward_env's own, then the settings' secrets. */
    private static List<String> secrets(Settings s, Map<String, String> envSecrets, Map<String, String> agentSecrets) {
        Map<String, String> secrets = new LinkedHashMap<>(new TreeMap<>(agentSecrets));
        envSecrets.keySet().forEach(secrets::remove);
        secrets.putAll(envSecrets);
        secrets.putAll(s.secrets());
        List<String> lines = new ArrayList<>();
        secrets.forEach((var, secret) -> lines.add(secret + ",type=env,target=" + var));
        return lines;
    }

    /** The agent profile's plain environment (and SSH_AUTH_SOCK): Environment= lines. */
    /** The environment variables the session's secrets give it (Secret= ...,target=VAR). */
    public java.util.Set<String> secretVariables() {
        java.util.Set<String> vars = new java.util.TreeSet<>();
        for (String line : container.getOrDefault(ContainerKey.Secret.name(), List.of())) {
            int at = line.lastIndexOf(",target=");
            if (at >= 0) {
                vars.add(line.substring(at + ",target=".length()));
            }
        }
        return vars;
    }

    public List<String> plainEnv() {
        return container.getOrDefault(ContainerKey.Environment.name(), List.of());
    }

    /** These options with the SSH agent relay's directory mounted and SSH_AUTH_SOCK set (settings: ssh_agent). */
    public ContainerOptions withSshAgent(Path socketDir) {
        Map<String, List<String>> c = new LinkedHashMap<>(container);
        c.put(ContainerKey.Volume.name(), add(c.get(ContainerKey.Volume.name()), socketDir + ":" + SshAgentRelay.CONTAINER_DIR));
        c.put(ContainerKey.Environment.name(), add(plainEnv(), "SSH_AUTH_SOCK=" + SshAgentRelay.CONTAINER_SOCKET));
        Map<String, Object> l = new LinkedHashMap<>(legacy);
        l.put("volumes", c.getOrDefault(ContainerKey.Volume.name(), List.of()));
        l.put("plainEnv", c.getOrDefault(ContainerKey.Environment.name(), List.of()));
        return new ContainerOptions(c, service, l);
    }

    /**
     * These options with a checkout's git directories bound where git inside looks for them
     * (Mount=: its CSV fields carry any path); shared labels, as the worktree's own mount.
     */
    public ContainerOptions withGitDirs(List<GitLinks.Bind> binds) {
        if (binds.isEmpty()) {
            return this;
        }
        Map<String, List<String>> c = new LinkedHashMap<>(container);
        for (GitLinks.Bind b : binds) {
            List<String> fields = new ArrayList<>(List.of("type=bind", "source=" + b.source(), "destination=" + b.destination()));
            fields.add(b.readOnly() ? "readonly=true" : "relabel=shared");
            c.put(ContainerKey.Mount.name(), add(c.get(ContainerKey.Mount.name()), UnitValues.csv("git directory", fields)));
        }
        return new ContainerOptions(c, service, legacy);
    }

    private static List<String> add(List<String> list, String item) {
        List<String> out = new ArrayList<>(list == null ? List.of() : list);
        out.add(item);
        return out;
    }

    Map<String, Object> model() {
        Map<String, Object> m = new LinkedHashMap<>(legacy);
        m.put("container", container);
        m.put("service", service);
        return m;
    }

    /** The model names of copied templates, frozen as they were: no new setting is added here. */
    private static Map<String, Object> legacy(Settings s, Map<String, List<String>> c, Map<String, String> service) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("volumes", c.getOrDefault(ContainerKey.Volume.name(), List.of()));
        m.put("secrets", c.getOrDefault(ContainerKey.Secret.name(), List.of()));
        m.put("plainEnv", c.getOrDefault(ContainerKey.Environment.name(), List.of()));
        m.put("network", first(c, ContainerKey.Network));
        m.put("ports", c.getOrDefault(ContainerKey.PublishPort.name(), List.of()));
        m.put("devices", c.getOrDefault(ContainerKey.AddDevice.name(), List.of()));
        // the settings as given, for templates copied before the limits moved to [Service]
        m.put("memory", s == null || s.value(Key.MEMORY) == null ? "" : s.value(Key.MEMORY));
        m.put("cpus", s == null || s.value(Key.CPUS) == null ? "" : s.value(Key.CPUS));
        m.put("pids", service.getOrDefault("TasksMax", ""));
        m.put("memoryMax", service.getOrDefault("MemoryMax", ""));
        m.put("cpuQuotaPercent", service.getOrDefault("CPUQuota", "").replace("%", ""));
        m.put("tasksMax", service.getOrDefault("TasksMax", ""));
        m.put("noNewPrivileges", first(c, ContainerKey.NoNewPrivileges).equals("true"));
        m.put("capDrop", c.getOrDefault(ContainerKey.DropCapability.name(), List.of()));
        m.put("capAdd", c.getOrDefault(ContainerKey.AddCapability.name(), List.of()));
        m.put("seccomp", first(c, ContainerKey.SeccompProfile));
        m.put("selinuxDisabled", first(c, ContainerKey.SecurityLabelDisable).equals("true"));
        m.put("tmpfs", c.getOrDefault(ContainerKey.Tmpfs.name(), List.of()));
        return m;
    }

    private static String first(Map<String, List<String>> c, ContainerKey key) {
        List<String> v = c.get(key.name());
        return v == null || v.isEmpty() ? "" : v.get(0);
    }
}
