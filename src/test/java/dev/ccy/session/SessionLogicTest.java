package dev.ccy.session;

import dev.ccy.session.agent.Agent;
import dev.ccy.session.store.Session;
import dev.ccy.session.store.SessionName;
import dev.ccy.session.store.Stamp;
import dev.ccy.session.store.UserPaths;
import dev.ccy.session.store.Worktree;
import dev.ccy.session.unit.ContainerOptions;
import dev.ccy.session.unit.SessionSpec;
import dev.ccy.session.unit.UnitRenderer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ccy.CcyException;
import dev.ccy.podman.Podman;
import dev.ccy.quadlet.PodmanVersion;
import dev.ccy.quadlet.UnitFile;
import dev.ccy.systemd.UnitState;
import dev.ccy.systemd.Units;
import dev.ccy.systemd.UserRuntime;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The session logic that decides things (upgrade and its rollback, resume choice, pruning) against
 * a fake systemd and a fake podman script: fast, and exact about which calls are made. The sandbox
 * tests prove the same against the real systemd, Quadlet and podman.
 */
class SessionLogicTest {
    /** A systemd manager that records calls and answers from a table. */
    static final class FakeUnits implements Units {
        final List<String> calls = new ArrayList<>();
        final Map<String, String> active = new HashMap<>();
        String loadState = "loaded";

        @Override
        public void reload() {
            calls.add("reload");
        }

        @Override
        public String loadState(String unit) {
            calls.add("load " + unit);
            return loadState;
        }

        @Override
        public Map<String, UnitState> states(List<String> units) {
            calls.add("states " + units);
            Map<String, UnitState> out = new HashMap<>();
            units.forEach(u -> out.put(u, new UnitState(u, "loaded", active.getOrDefault(u, "inactive"),
                    active.getOrDefault(u, "inactive").equals("active") ? "running" : "dead")));
            return out;
        }

        @Override
        public String start(String unit, Duration timeout, Consumer<Duration> stillWaiting) {
            calls.add("start " + unit);
            active.put(unit, "active");
            return "done";
        }

        @Override
        public String stop(String unit, Duration timeout, Consumer<Duration> stillWaiting) {
            calls.add("stop " + unit);
            active.put(unit, "inactive");
            return "done";
        }

        @Override
        public String restart(String unit, Duration timeout, Consumer<Duration> stillWaiting) {
            calls.add("restart " + unit);
            active.put(unit, "active");
            return "done";
        }

        @Override
        public void close() {
        }
    }

    @TempDir
    Path tmp;
    UserPaths paths;
    FakeUnits units;
    StringWriter err;
    SessionContext ctx;
    Path worktree;

    @BeforeEach
    void setUp() throws Exception {
        Path home = Files.createDirectories(tmp.resolve("home"));
        paths = new UserPaths(home, home.resolve(".config"), home.resolve(".local/share"), home.resolve(".local/state"),
                tmp.resolve("etc"));
        // podman 5.4.2 that has no secrets, whose images exist and whose tmux answers
        Path podman = tmp.resolve("podman");
        Files.writeString(podman, "#!/bin/sh\ncase \"$1\" in --version) echo 'podman version 5.4.2';; esac\nexit 0\n");
        Files.setPosixFilePermissions(podman, PosixFilePermissions.fromString("rwx------"));
        units = new FakeUnits();
        err = new StringWriter();
        ctx = new SessionContext(paths, new Podman(podman.toString()), () -> new UserRuntime(1000, "dev", tmp, "unix:path=/x", "test"),
                rt -> units, Map.of(), new PrintWriter(err, true));
        worktree = Files.createDirectories(home.resolve("src/shop"));
    }

    /** A session as an older ccy wrote it: no settings, no stamp. */
    Session oldSession(String alias) throws Exception {
        SessionName name = new SessionName("shop", 1);
        Path state = Files.createDirectories(paths.sessionState(name, 1_700_000_000L));
        Files.writeString(Files.createDirectories(state.resolve("home/.claude")).resolve("conversation.jsonl"), "{}\n");
        SessionSpec spec = new SessionSpec(name, alias, new Worktree(worktree, "main"), "localhost/claude-yolo:latest",
                Agent.of(List.of("claude", "--dangerously-skip-permissions", "--model", "it's"), null), paths.entrypoint(), state,
                ctx.store.dir().resolve(name.fileName()), PodmanVersion.parse("5.4.2"));
        ctx.store.create(name, new UnitRenderer(paths.templateDirs()).render(spec));
        return ctx.store.get("shop-1");
    }

    @Test
    void upgradeRendersAnOldUnitAgainKeepingWhoItIsAndWhatItRuns() throws Exception {
        Session old = oldSession("review");
        String before = Files.readString(old.file());
        Sessions creator = new Sessions(ctx);
        assertTrue(creator.outdated(old), "an unstamped unit is out of date");

        SessionUpgrader.Upgrade dry = creator.upgrade(old, true, false);
        assertTrue(dry.changed());
        assertEquals(before, Files.readString(old.file()), "a dry run writes nothing");
        assertEquals(List.of(), units.calls);

        SessionUpgrader.Upgrade done = creator.upgrade(old, false, false);
        assertTrue(done.changed() && !done.restarted());
        assertEquals(List.of("reload", "load ccy-shop-1.service"), units.calls);
        Session now = ctx.store.get("review");
        assertEquals(old.command(), now.command());
        assertEquals(old.resume(), now.resume());
        assertEquals(old.state(), now.state());
        assertEquals("review", now.alias());
        assertTrue(Files.exists(now.state().resolve("home/.claude/conversation.jsonl")), "the conversation is kept");
        UnitFile unit = UnitFile.parse(Files.readString(now.file()));
        assertEquals(Optional.of("true"), unit.last("Container", "NoNewPrivileges"), "today's settings apply");
        assertFalse(creator.outdated(now));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(now.file())));

        units.calls.clear();
        assertFalse(creator.upgrade(now, false, false).changed(), "a current unit is left alone");
        assertEquals(List.of(), units.calls);

        Files.createDirectories(paths.configHome().resolve("ccy"));
        Files.writeString(paths.configHome().resolve("ccy/config.toml"), "[limits]\nmemory = \"2g\"\n");
        SessionContext next = new SessionContext(paths, ctx.podman, ctx.runtime, rt -> units, Map.of(), new PrintWriter(err, true));
        assertTrue(new Sessions(next).outdated(next.store.get("review")), "a settings change makes it out of date (next command)");
    }

    @Test
    void anUpgradeTheGeneratorRejectsPutsTheOldUnitBack() throws Exception {
        Session old = oldSession("");
        String before = Files.readString(old.file());
        units.loadState = "bad-setting";
        CcyException e = assertThrows(CcyException.class, () -> new Sessions(ctx).upgrade(old, false, false));
        assertTrue(e.getMessage().contains("the old unit was put back"), e.getMessage());
        assertEquals(before, Files.readString(old.file()));
        assertEquals(List.of("reload", "load ccy-shop-1.service", "reload"), units.calls);
    }

    @Test
    void upgradeWithRestartRestartsOnlyARunningSession() throws Exception {
        Session old = oldSession("");
        units.active.put("ccy-shop-1.service", "active");
        SessionUpgrader.Upgrade u = new Sessions(ctx).upgrade(old, false, true);
        assertTrue(u.restarted());
        // one restart job: a stop and then a start would leave it down if ccy died between them
        assertTrue(units.calls.contains("restart ccy-shop-1.service"), units.calls.toString());
        assertFalse(units.calls.contains("stop ccy-shop-1.service") || units.calls.contains("start ccy-shop-1.service"),
                units.calls.toString());
    }

    @Test
    void resumeTakesTheHintedSessionOnlyWhenItIsThisWorktrees() throws Exception {
        Session a = oldSession("");
        Session b = new Session(new SessionName("shop", 2), a.file(), "shop", a.worktree(), "main", "img", a.state(), "",
                List.of("x"), "", Stamp.NONE);
        List<Session> mine = List.of(b, a);
        assertEquals(Optional.of(a), Listing.choose(mine, Optional.of("ccy-shop-1")));
        assertEquals(Optional.of(b), Listing.choose(mine, Optional.of("ccy-other-1")), "a stale hint falls back");
        assertEquals(Optional.of(b), Listing.choose(mine, Optional.empty()));
        assertEquals(Optional.empty(), Listing.choose(List.of(), Optional.of("ccy-shop-1")));
    }

    @Test
    void pruneRemovesStoppedSessionsNeverRunningOnes() throws Exception {
        Session one = oldSession("");
        SessionName two = new SessionName("shop", 2);
        Path state2 = Files.createDirectories(paths.sessionState(two, 1_700_000_001L));
        ctx.store.create(two, Files.readString(one.file()).replace(one.state().toString(), state2.toString())
                .replace("ccy-shop-1", "ccy-shop-2"));
        Path leftover = Files.createDirectories(paths.sessionState(new SessionName("gone", 1), 1_600_000_000L));
        units.active.put("ccy-shop-2.service", "active");

        List<Pruner.Pruned> dry = new Pruner(ctx).prune(null, true);
        assertEquals(List.of("ccy-shop-1", "state of a removed session"), dry.stream().map(Pruner.Pruned::what).toList());
        assertTrue(Files.exists(one.file()) && Files.exists(leftover));

        new Pruner(ctx).prune(null, false);
        assertFalse(Files.exists(one.file()));
        assertFalse(Files.exists(one.state()));
        assertFalse(Files.exists(leftover));
        assertTrue(Files.exists(ctx.store.dir().resolve(two.fileName())), "the running session stays");
        assertTrue(Files.exists(state2));
        assertFalse(units.calls.contains("stop ccy-shop-2.service"));
    }

    @Test
    void pruneRemovesTheEnvSecretsOfASessionWhoseUnitIsGoneAndNoOtherSecret() throws Exception {
        oldSession("");
        // a ccy new killed after making ccy-shop-9's secret, before its unit; ccy-shop-1's is in use;
        // a secret named like them but without the session label is the user's own
        Path log = tmp.resolve("podman.log");
        Path podman = tmp.resolve("podman-secrets");
        Files.writeString(podman, String.join("\n", "#!/bin/sh",
                "case \"$1 $2\" in",
                "  '--version ') echo 'podman version 5.4.2';;",
                "  'secret ls') printf 'ccy-env-ccy-shop-1-TOKEN\\nccy-env-ccy-shop-9-TOKEN\\nccy-env-mine\\nother\\n';;",
                "  'secret inspect') shift 4; for n in \"$@\"; do case $n in",
                "    ccy-env-ccy-shop-1-TOKEN) printf '%s\\tccy-shop-1\\n' $n;; ccy-env-ccy-shop-9-TOKEN) printf '%s\\tccy-shop-9\\n' $n;;",
                "    *) printf '%s\\t<no value>\\n' $n;; esac; done;;",
                "  'secret rm') echo \"$@\" >> " + log + ";;",
                "esac", "exit 0", ""));
        Files.setPosixFilePermissions(podman, PosixFilePermissions.fromString("rwx------"));
        SessionContext c = new SessionContext(paths, new Podman(podman.toString()), ctx.runtime, rt -> units, Map.of(),
                new PrintWriter(err, true));
        units.active.put("ccy-shop-1.service", "active");
        List<Pruner.Pruned> dry = new Pruner(c).prune(null, true);
        assertEquals(List.of("ccy-env-ccy-shop-9-TOKEN"), dry.stream().filter(p -> p.what().equals("secret of a removed session"))
                .map(p -> p.path().toString()).toList());
        assertFalse(Files.exists(log), "a dry run removes nothing");
        new Pruner(c).prune(null, false);
        assertEquals("secret rm ccy-env-ccy-shop-9-TOKEN\n", Files.readString(log));
    }

    @Test
    void oneSystemdConnectionPerCommandClosedWithIt() {
        int[] connects = {0};
        SessionContext c = new SessionContext(paths, ctx.podman, () -> null, rt -> {
            connects[0]++;
            return units;
        }, Map.of(), new PrintWriter(err, true));
        c.systemd();
        c.systemd();
        assertEquals(1, connects[0]);
        c.close();
        c.systemd();
        assertEquals(2, connects[0]);
    }

    @Test
    void theProfilesEnvironmentRendersInOneOrderHoweverItWasRead() throws Exception {
        dev.ccy.settings.Settings settings = ctx.settings().load(worktree, worktree, dev.ccy.settings.Overrides.NONE,
                dev.ccy.settings.Overrides.NONE);
        Map<String, String> one = new java.util.LinkedHashMap<>();
        one.put("B", "2");
        one.put("A", "1");
        Map<String, String> other = new java.util.LinkedHashMap<>();
        other.put("A", "1");
        other.put("B", "2");
        assertEquals(ContainerOptions.of(settings, Map.of(), one, Map.of()), ContainerOptions.of(settings, Map.of(), other, Map.of()));
        assertEquals(List.of("A=1", "B=2"), ContainerOptions.of(settings, Map.of(), one, Map.of()).plainEnv());
    }

    @Test
    void aSessionMadeWithItsOwnAgentCommandIsCurrentRightAway() throws Exception {
        dev.ccy.settings.Overrides flags = dev.ccy.settings.Overrides.NONE
                .with(dev.ccy.settings.Key.COMMAND, "exec bash", "--agent-cmd")
                .with(dev.ccy.settings.Key.IMAGE, "localhost/x:1", "--image");
        Sessions creator = new Sessions(ctx);
        String unit = creator.render(new SessionRequest(worktree, flags, "", false), PodmanVersion.parse("5.4.2"));
        SessionName name = new SessionName("shop", 1);
        Files.createDirectories(paths.sessionsDir());
        ctx.store.create(name, unit);
        Session made = ctx.store.get("shop-1");
        assertFalse(creator.outdated(made), "the flags' agent command is the session's own, not a setting that changed");
    }
}
