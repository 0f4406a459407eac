package dev.ccy.quadlet;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Every key Quadlet accepts in {@code [Container]}, with the first Podman release whose generator
 * accepts it. The generator drops a whole unit for one unknown key ("unsupported key"), so ccy
 * checks rendered files against this table before systemd ever sees them. Source: the supported-key
 * maps of pkg/systemd/quadlet/quadlet.go at each .0 tag (see podman-systemd.unit(5)).
 */
public enum ContainerKey {
    AddCapability(4, 4), AddDevice(4, 4), AddHost(5, 3), Annotation(4, 4), AppArmor(5, 8),
    AutoUpdate(4, 6), CgroupsMode(5, 3), ContainerName(4, 4), ContainersConfModule(4, 8),
    DNS(4, 7), DNSOption(4, 7), DNSSearch(4, 7), DropCapability(4, 4), Entrypoint(5, 0),
    Environment(4, 4), EnvironmentFile(4, 4), EnvironmentHost(4, 4), Exec(4, 4),
    ExposeHostPort(4, 4), GIDMap(4, 8), GlobalArgs(4, 8), Group(4, 4), GroupAdd(5, 1),
    HealthCmd(4, 5), HealthInterval(4, 5), HealthOnFailure(4, 5), HealthRetries(4, 5),
    HealthStartPeriod(4, 5), HealthStartupCmd(4, 5), HealthStartupInterval(4, 5),
    HealthStartupRetries(4, 5), HealthStartupSuccess(4, 5), HealthStartupTimeout(4, 5),
    HealthTimeout(4, 5), HealthLogDestination(5, 3), HealthMaxLogCount(5, 3), HealthMaxLogSize(5, 3),
    HostName(4, 6), HttpProxy(5, 7), Image(4, 4), IP(4, 5), IP6(4, 5), Label(4, 4), LogDriver(4, 5),
    LogOpt(5, 2), Mask(4, 6), Memory(5, 5), Mount(4, 5), Network(4, 4), NetworkAlias(5, 2),
    NoNewPrivileges(4, 4), Notify(4, 4), PidsLimit(4, 7), Pod(5, 0), PodmanArgs(4, 4),
    PublishPort(4, 4), Pull(4, 6), ReadOnly(4, 4), ReadOnlyTmpfs(4, 8), ReloadCmd(5, 5),
    ReloadSignal(5, 5), RemapGid(4, 4), RemapUid(4, 4), RemapUidSize(4, 4), RemapUsers(4, 4),
    Retry(5, 5), RetryDelay(5, 5), Rootfs(4, 5), RunInit(4, 4), SeccompProfile(4, 4), Secret(4, 5),
    SecurityLabelDisable(4, 5), SecurityLabelFileType(4, 5), SecurityLabelLevel(4, 5),
    SecurityLabelNested(4, 6), SecurityLabelType(4, 5), ServiceName(5, 3), ShmSize(4, 7),
    StartWithPod(5, 3), StopSignal(5, 2), StopTimeout(5, 0), SubGIDMap(4, 8), SubUIDMap(4, 8),
    Sysctl(4, 6), Timezone(4, 4), Tmpfs(4, 5), UIDMap(4, 8), Ulimit(4, 7), Unmask(4, 6), User(4, 4),
    UserNS(4, 5), VolatileTmp(4, 4), Volume(4, 4), WorkingDir(4, 6);

    private static final Map<String, ContainerKey> BY_NAME =
            Arrays.stream(values()).collect(Collectors.toMap(Enum::name, Function.identity()));

    private final PodmanVersion since;

    ContainerKey(int major, int minor) {
        this.since = new PodmanVersion(major, minor, 0);
    }

    /** The first Podman release whose Quadlet accepts this key. */
    public PodmanVersion since() {
        return since;
    }

    public boolean supportedBy(PodmanVersion podman) {
        return podman.atLeast(since);
    }

    /** The key of that exact name (keys are case sensitive), if Quadlet knows it at all. */
    public static Optional<ContainerKey> named(String key) {
        return Optional.ofNullable(BY_NAME.get(key));
    }
}
