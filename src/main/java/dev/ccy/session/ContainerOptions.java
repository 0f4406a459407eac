package dev.ccy.session;

import dev.ccy.settings.Mount;
import dev.ccy.settings.Settings;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The container options a session's settings ask for, in the shape the template writes them:
 * plain strings and lists, one {@code <@option/>} each. Values are checked by the settings; the
 * template escapes them.
 */
public record ContainerOptions(List<String> volumes, List<String> secrets, String network,
                               List<String> ports, List<String> devices, String memory, String cpus, long pids,
                               boolean noNewPrivileges, List<String> capDrop, List<String> capAdd, String seccomp,
                               boolean selinuxDisabled, boolean privateTmp, List<String> plainEnv) {
    /** No options at all: what sessions had before settings existed. */
    public static final ContainerOptions NONE = new ContainerOptions(List.of(), List.of(), "", List.of(), List.of(),
            "", "", 0, false, List.of(), List.of(), "", false, false, List.of());

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
        List<String> plain = new ArrayList<>();
        // sorted: the same settings must render the same unit, whatever order the profile was read in
        new java.util.TreeMap<>(agentEnv).forEach((k, v) -> {
            if (!s.env().containsKey(k) && !envSecrets.containsKey(k)) {
                plain.add(k + "=" + v);
            }
        });
        Map<String, String> secrets = new LinkedHashMap<>(new java.util.TreeMap<>(agentSecrets));
        envSecrets.keySet().forEach(secrets::remove);
        secrets.putAll(envSecrets);
        secrets.putAll(s.secrets());
        List<String> secretLines = new ArrayList<>();
        secrets.forEach((var, secret) -> secretLines.add(secret + ",type=env,target=" + var));
        return new ContainerOptions(s.mounts().stream().map(Mount::volume).toList(), secretLines,
                s.network().equals("default") ? "" : s.network(), s.ports(), s.devices(), s.memory(), s.cpus(), s.pids(),
                s.noNewPrivileges(), s.capDrop(), s.capAdd(), s.seccomp().equals("default") ? "" : s.seccomp(),
                s.selinux().equals("disable"), s.privateTmp(), plain);
    }

    /** These options with the SSH agent relay's directory mounted and SSH_AUTH_SOCK set (settings: ssh_agent). */
    public ContainerOptions withSshAgent(java.nio.file.Path socketDir) {
        List<String> v = new ArrayList<>(volumes);
        v.add(socketDir + ":" + SshAgentRelay.CONTAINER_DIR);
        List<String> e = new ArrayList<>(plainEnv);
        e.add("SSH_AUTH_SOCK=" + SshAgentRelay.CONTAINER_SOCKET);
        return new ContainerOptions(v, secrets, network, ports, devices, memory, cpus, pids, noNewPrivileges, capDrop, capAdd,
                seccomp, selinuxDisabled, privateTmp, e);
    }

    Map<String, Object> model() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("volumes", volumes);
        m.put("secrets", secrets);
        m.put("plainEnv", plainEnv);
        m.put("network", network);
        m.put("ports", ports);
        m.put("devices", devices);
        // the settings as given, for templates copied before the limits moved to [Service]
        m.put("memory", memory);
        m.put("cpus", cpus);
        m.put("pids", pids > 0 ? String.valueOf(pids) : "");
        // the same limits as systemd resource-control values for the service ("" for none)
        m.put("memoryMax", memoryMax(memory));
        m.put("cpuQuotaPercent", cpuQuotaPercent(cpus));
        m.put("tasksMax", pids > 0 ? String.valueOf(pids) : "");
        m.put("noNewPrivileges", noNewPrivileges);
        m.put("capDrop", capDrop);
        m.put("capAdd", capAdd);
        m.put("seccomp", seccomp);
        m.put("selinuxDisabled", selinuxDisabled);
        m.put("tmpfs", privateTmp ? List.of("/tmp") : List.of());
        return m;
    }

    /** limits.memory ("8g", "512m", "1000") as systemd's MemoryMax= takes it ("8G", "512M", "1000"). */
    static String memoryMax(String memory) {
        if (memory.isEmpty()) {
            return "";
        }
        String m = memory.toUpperCase(java.util.Locale.ROOT);
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
        java.math.BigDecimal p = new java.math.BigDecimal(cpus).movePointRight(2).setScale(0, java.math.RoundingMode.CEILING);
        return p.signum() > 0 ? p.toPlainString() : "";
    }
}
