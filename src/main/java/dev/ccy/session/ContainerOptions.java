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
public record ContainerOptions(List<String> volumes, List<String> env, List<String> secrets, String network,
                               List<String> ports, List<String> devices, String memory, String cpus, long pids,
                               boolean noNewPrivileges, List<String> capDrop, List<String> capAdd, String seccomp,
                               boolean selinuxDisabled, boolean privateTmp) {
    /** No options at all: what sessions had before settings existed. */
    public static final ContainerOptions NONE = new ContainerOptions(List.of(), List.of(), List.of(), "", List.of(), List.of(),
            "", "", 0, false, List.of(), List.of(), "", false, false);

    /**
     * @param forwarded environment variable to the name of the per-session secret holding its value
     */
    public static ContainerOptions of(Settings s, Map<String, String> forwarded) {
        List<String> env = new ArrayList<>();
        s.env().forEach((k, v) -> env.add(k + "=" + v));
        Map<String, String> secrets = new LinkedHashMap<>(forwarded);
        secrets.putAll(s.secrets());
        List<String> secretLines = new ArrayList<>();
        secrets.forEach((var, secret) -> secretLines.add(secret + ",type=env,target=" + var));
        return new ContainerOptions(s.mounts().stream().map(Mount::volume).toList(), env, secretLines,
                s.network().equals("default") ? "" : s.network(), s.ports(), s.devices(), s.memory(), s.cpus(), s.pids(),
                s.noNewPrivileges(), s.capDrop(), s.capAdd(), s.seccomp().equals("default") ? "" : s.seccomp(),
                s.selinux().equals("disable"), s.privateTmp());
    }

    Map<String, Object> model() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("volumes", volumes);
        m.put("env", env);
        m.put("secrets", secrets);
        m.put("network", network);
        m.put("ports", ports);
        m.put("devices", devices);
        m.put("memory", memory);
        m.put("cpus", cpus);
        m.put("pids", pids > 0 ? String.valueOf(pids) : "");
        m.put("noNewPrivileges", noNewPrivileges);
        m.put("capDrop", capDrop);
        m.put("capAdd", capAdd);
        m.put("seccomp", seccomp);
        m.put("selinuxDisabled", selinuxDisabled);
        m.put("tmpfs", privateTmp ? List.of("/tmp") : List.of());
        return m;
    }
}
