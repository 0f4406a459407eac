package dev.ccy.quadlet;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Every key Quadlet accepts in {@code [Container]}, with the first Podman release whose generator
 * accepts it and the {@code podman run} flag it stands for. The generator drops a whole unit for one
 * unknown key ("unsupported key"), so ccy checks rendered files against this table before systemd
 * ever sees them, and a template's {@code <@option/>} writes a key the installed Podman lacks as that
 * flag in {@code PodmanArgs=} instead (podlet's "downgrade"). Source: the supported-key maps of
 * pkg/systemd/quadlet/quadlet.go at each .0 tag, and podman-systemd.unit(5) for the flags.
 *
 * <p>The flag is a pattern: {@code %s} stands for the value; a pattern without it is a switch,
 * written when the value is {@code true}. {@code null}: no single flag (Image, Exec, the keys that
 * name other units), so such a key cannot be downgraded. {@link Kind#WORDS} keys take a word list,
 * which Quadlet splits and unquotes (Environment=, Label=).
 */
public enum ContainerKey {
    AddCapability(4, 4, "--cap-add=%s", Kind.WORDS), AddDevice(4, 4, "--device=%s"), AddHost(5, 3, "--add-host=%s"),
    Annotation(4, 4, "--annotation=%s", Kind.WORDS), AppArmor(5, 8, "--security-opt=apparmor=%s"),
    AutoUpdate(4, 6, "--label=io.containers.autoupdate=%s"), CgroupsMode(5, 3, "--cgroups=%s"),
    ContainerName(4, 4, "--name=%s"), ContainersConfModule(4, 8, null),
    DNS(4, 7, "--dns=%s"), DNSOption(4, 7, "--dns-option=%s"), DNSSearch(4, 7, "--dns-search=%s"),
    DropCapability(4, 4, "--cap-drop=%s", Kind.WORDS), Entrypoint(5, 0, "--entrypoint=%s"),
    Environment(4, 4, "--env=%s", Kind.WORDS), EnvironmentFile(4, 4, "--env-file=%s"),
    EnvironmentHost(4, 4, "--env-host"), Exec(4, 4, null, Kind.WORDS),
    ExposeHostPort(4, 4, "--expose=%s"), GIDMap(4, 8, "--gidmap=%s"), GlobalArgs(4, 8, null, Kind.WORDS),
    Group(4, 4, null), GroupAdd(5, 1, "--group-add=%s"),
    HealthCmd(4, 5, "--health-cmd=%s"), HealthInterval(4, 5, "--health-interval=%s"),
    HealthOnFailure(4, 5, "--health-on-failure=%s"), HealthRetries(4, 5, "--health-retries=%s"),
    HealthStartPeriod(4, 5, "--health-start-period=%s"), HealthStartupCmd(4, 5, "--health-startup-cmd=%s"),
    HealthStartupInterval(4, 5, "--health-startup-interval=%s"), HealthStartupRetries(4, 5, "--health-startup-retries=%s"),
    HealthStartupSuccess(4, 5, "--health-startup-success=%s"), HealthStartupTimeout(4, 5, "--health-startup-timeout=%s"),
    HealthTimeout(4, 5, "--health-timeout=%s"), HealthLogDestination(5, 3, "--health-log-destination=%s"),
    HealthMaxLogCount(5, 3, "--health-max-log-count=%s"), HealthMaxLogSize(5, 3, "--health-max-log-size=%s"),
    HostName(4, 6, "--hostname=%s"), HttpProxy(5, 7, "--http-proxy=%s"), Image(4, 4, null),
    IP(4, 5, "--ip=%s"), IP6(4, 5, "--ip6=%s"), Label(4, 4, "--label=%s", Kind.WORDS),
    LogDriver(4, 5, "--log-driver=%s"), LogOpt(5, 2, "--log-opt=%s"), Mask(4, 6, "--security-opt=mask=%s"),
    Memory(5, 5, "--memory=%s"), Mount(4, 5, "--mount=%s", Kind.WORDS), Network(4, 4, "--network=%s"),
    NetworkAlias(5, 2, "--network-alias=%s"), NoNewPrivileges(4, 4, "--security-opt=no-new-privileges"),
    Notify(4, 4, null), PidsLimit(4, 7, "--pids-limit=%s"), Pod(5, 0, null), PodmanArgs(4, 4, null, Kind.WORDS),
    PublishPort(4, 4, "--publish=%s"), Pull(4, 6, "--pull=%s"), ReadOnly(4, 4, "--read-only"),
    ReadOnlyTmpfs(4, 8, "--read-only-tmpfs"), ReloadCmd(5, 5, null), ReloadSignal(5, 5, null),
    RemapGid(4, 4, null), RemapUid(4, 4, null), RemapUidSize(4, 4, null), RemapUsers(4, 4, null),
    Retry(5, 5, "--retry=%s"), RetryDelay(5, 5, "--retry-delay=%s"), Rootfs(4, 5, "--rootfs=%s"),
    RunInit(4, 4, "--init"), SeccompProfile(4, 4, "--security-opt=seccomp=%s"), Secret(4, 5, "--secret=%s"),
    SecurityLabelDisable(4, 5, "--security-opt=label=disable"), SecurityLabelFileType(4, 5, "--security-opt=label=filetype:%s"),
    SecurityLabelLevel(4, 5, "--security-opt=label=level:%s"), SecurityLabelNested(4, 6, "--security-opt=label=nested"),
    SecurityLabelType(4, 5, "--security-opt=label=type:%s"), ServiceName(5, 3, null), ShmSize(4, 7, "--shm-size=%s"),
    StartWithPod(5, 3, null), StopSignal(5, 2, "--stop-signal=%s"), StopTimeout(5, 0, "--stop-timeout=%s"),
    SubGIDMap(4, 8, "--subgidname=%s"), SubUIDMap(4, 8, "--subuidname=%s"), Sysctl(4, 6, "--sysctl=%s"),
    Timezone(4, 4, "--tz=%s"), Tmpfs(4, 5, "--tmpfs=%s"), UIDMap(4, 8, "--uidmap=%s"), Ulimit(4, 7, "--ulimit=%s"),
    Unmask(4, 6, "--security-opt=unmask=%s"), User(4, 4, "--user=%s"), UserNS(4, 5, "--userns=%s"),
    VolatileTmp(4, 4, null), Volume(4, 4, "--volume=%s"), WorkingDir(4, 6, "--workdir=%s");

    /** How Quadlet reads a key's value. */
    public enum Kind {
        /** One value, copied into the generated command line as it is. */
        VALUE,
        /** A list of quoted words (systemd's word-list syntax), each one argument. */
        WORDS
    }

    private static final Map<String, ContainerKey> BY_NAME =
            Arrays.stream(values()).collect(Collectors.toMap(Enum::name, Function.identity()));

    private final PodmanVersion since;
    private final String flag;
    private final Kind kind;

    ContainerKey(int major, int minor, String flag) {
        this(major, minor, flag, Kind.VALUE);
    }

    ContainerKey(int major, int minor, String flag, Kind kind) {
        this.since = new PodmanVersion(major, minor, 0);
        this.flag = flag;
        this.kind = kind;
    }

    /** The first Podman release whose Quadlet accepts this key. */
    public PodmanVersion since() {
        return since;
    }

    public boolean supportedBy(PodmanVersion podman) {
        return podman.atLeast(since);
    }

    public Kind kind() {
        return kind;
    }

    /** True for a key written only when its value is {@code true} (NoNewPrivileges=, ReadOnly=...). */
    public boolean isSwitch() {
        return flag != null && !flag.contains("%s");
    }

    /**
     * The podman flag that does what this key does with {@code value} (one argument), for a Podman
     * whose Quadlet lacks the key; empty when a switch is off. Fails for keys with no single flag.
     */
    public Optional<String> flag(String value) {
        if (flag == null) {
            throw new dev.ccy.CcyException("Quadlet key " + name() + "= needs Podman " + since.major() + "." + since.minor()
                    + " or newer, and has no podman flag to stand in for it");
        }
        if (isSwitch()) {
            return Boolean.parseBoolean(value) ? Optional.of(flag) : Optional.empty();
        }
        return Optional.of(flag.replace("%s", value));
    }

    /** The key of that exact name (keys are case sensitive), if Quadlet knows it at all. */
    public static Optional<ContainerKey> named(String key) {
        return Optional.ofNullable(BY_NAME.get(key));
    }
}
