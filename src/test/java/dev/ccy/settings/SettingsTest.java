package dev.ccy.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ccy.CcyException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Layering, merging, origins, trust and every kind of bad input, on real files. */
class SettingsTest {
    @TempDir
    Path tmp;
    Path system;
    Path user;
    Path home;
    Path worktree;
    List<String> warnings;

    @BeforeEach
    void dirs() throws Exception {
        system = Files.createDirectories(tmp.resolve("etc/ccy"));
        user = Files.createDirectories(tmp.resolve("home/.config/ccy"));
        home = tmp.resolve("home");
        worktree = Files.createDirectories(tmp.resolve("home/src/shop/.claude/ccy")).getParent().getParent();
        warnings = new ArrayList<>();
    }

    SettingsLoader loader(Map<String, String> env) {
        return new SettingsLoader(system, user, home, new TrustStore(user.resolve("trusted")), env, warnings::add);
    }

    Settings load() {
        return loader(Map.of()).load(worktree, worktree, Overrides.NONE, Overrides.NONE);
    }

    void write(Path file, String text) throws Exception {
        Files.writeString(file, text);
    }

    Path project() {
        return SettingsLoader.projectFile(worktree);
    }

    @Test
    void builtInDefaultsAreHardened() {
        Settings s = load();
        assertEquals("localhost/claude-yolo:latest", s.image());
        assertTrue((boolean) s.value(Key.NO_NEW_PRIVILEGES));
        assertEquals(List.of("all"), s.value(Key.CAP_DROP));
        assertTrue((boolean) s.value(Key.PRIVATE_TMP));
        assertEquals("", s.value(Key.MEMORY));
        assertEquals(4096L, s.value(Key.PIDS), "a pids limit by default");
        assertEquals(List.of("built-in:3"), s.origins(Key.IMAGE));
    }

    @Test
    void scalarsOverrideLayerByLayerAndSayWhere() throws Exception {
        write(system.resolve("config.toml"), "image = \"sys/img\"\n[limits]\nmemory = \"16g\"\n");
        write(user.resolve("config.toml"), "# mine\nimage = \"user/img\"\n");
        Settings s = load();
        assertEquals("user/img", s.image());
        assertEquals(List.of(user.resolve("config.toml") + ":2"), s.origins(Key.IMAGE));
        assertEquals("16g", s.value(Key.MEMORY));
        assertEquals(List.of(system.resolve("config.toml") + ":3"), s.origins(Key.MEMORY));

        Settings env = loader(Map.of("CCY_IMAGE", "env/img", "CCY_MEMORY", "4g"))
                .load(worktree, worktree, Overrides.NONE, Overrides.NONE.with(Key.MEMORY, "2g", "--memory"));
        assertEquals("env/img", env.image());
        assertEquals(List.of("$CCY_IMAGE"), env.origins(Key.IMAGE));
        assertEquals("2g", env.value(Key.MEMORY));
        assertEquals(List.of("--memory"), env.origins(Key.MEMORY));
    }

    @Test
    void listsAndTablesMergeAcrossLayers() throws Exception {
        write(system.resolve("config.toml"), "ports = [\"8080\"]\n[env]\nA = \"1\"\nB = \"sys\"\n");
        write(user.resolve("config.toml"), "ports = [\"9090\", \"8080\"]\n[env]\nB = \"user\"\n");
        Settings s = loader(Map.of()).load(worktree, worktree, Overrides.NONE,
                Overrides.NONE.with(Key.PORTS, "7070", "--publish").with(Key.ENV, "C=3", "--env"));
        assertEquals(List.of("8080", "9090", "7070"), s.value(Key.PORTS));
        assertEquals(Map.of("A", "1", "B", "user", "C", "3"), s.env());
        assertEquals(List.of(system.resolve("config.toml") + ":1", user.resolve("config.toml") + ":1", "--publish"),
                s.origins(Key.PORTS));
    }

    @Test
    void mountsResolveHomeAndRelativeSources() throws Exception {
        write(user.resolve("config.toml"), "mounts = [\"~/.m2:/m2:ro\", { source = \"cache\", target = \"/c\", selinux = \"Z\" }]\n");
        Settings s = load();
        assertEquals(List.of(new Mount(home.resolve(".m2").toString(), "/m2", true, "z"),
                new Mount(home.resolve("cache").toString(), "/c", false, "Z")), s.mounts());
        assertEquals(home.resolve(".m2") + ":/m2:ro,z", s.mounts().get(0).volume());
    }

    @Test
    void theOldKeyValueFileStillWorks() throws Exception {
        write(user.resolve("config"), "# old\nimage=old/img\ncolour=blue\n");
        Settings s = load();
        assertEquals("old/img", s.image());
        assertEquals(List.of(user.resolve("config") + ":2"), s.origins(Key.IMAGE));
        assertEquals(1, warnings.size());
        assertTrue(warnings.get(0).startsWith(user.resolve("config") + ":3: unknown setting 'colour'"), warnings.get(0));
        write(user.resolve("config.toml"), "image = \"new/img\"\n");
        assertEquals("new/img", load().image(), "config.toml beside it wins");
    }

    @Test
    void unknownKeysAreWarningsWithFileAndLine() throws Exception {
        write(user.resolve("config.toml"), "image = \"a/b\"\nimgae = \"typo\"\n\n[limits]\nmemroy = \"1g\"\n[colours]\nx = 1\n");
        load();
        assertEquals(List.of(user.resolve("config.toml") + ":2: unknown setting 'imgae' (ignored; see 'ccy config show')",
                user.resolve("config.toml") + ":5: unknown setting 'limits.memroy' (ignored; see 'ccy config show')",
                user.resolve("config.toml") + ":6: unknown setting 'colours' (ignored; see 'ccy config show')"), warnings);
    }

    @Test
    void badValuesAreOneLineUsageErrorsNamingFileLineAndKey() throws Exception {
        String[][] cases = {
            {"image = \"bad image\"\n", ":1: image: "},
            {"x = 1\n[limits]\nmemory = \"lots\"\n", ":3: limits.memory: "},
            {"[limits]\npids = -1\n", ":2: limits.pids: "},
            {"[limits]\ncpus = \"two\"\n", ":2: limits.cpus: "},
            {"ports = [\"http\"]\n", ":1: ports: "},
            {"devices = [\"/etc/passwd\"]\n", ":1: devices: "},
            {"mounts = [\"/a\"]\n", ":1: mounts: "},
            {"mounts = [{ source = \"/a\", target = \"rel\" }]\n", ":1: mounts: "},
            {"mounts = [\"/a:/b:rx\"]\n", ":1: mounts: "},
            {"forward_env = [\"NOT-A-NAME\"]\n", ":1: forward_env: "},
            {"[security]\nno_new_privileges = \"perhaps\"\n", ":2: security.no_new_privileges: "},
            {"[security]\nselinux = \"off\"\n", ":2: security.selinux: "},
            {"network = \"my net\"\n", ":1: network: "},
            {"image = [\"a\"]\n", ":1: image: "},
            {"command = []\n", ":1: command: "},
            {"[secrets]\nGH_TOKEN = \"bad name!\"\n", ":1: secrets: "},
            {"image = \"a\"\nimage = \"b\"\n", ":2: not valid TOML"},
            {"image = \"unclosed\n", ":1: not valid TOML"},
            {"a = 1\nb = [\n 1,\n 2\n]\n[limits]\nmemory = 4g\n", ":7: not valid TOML"},
        };
        for (String[] c : cases) {
            write(user.resolve("config.toml"), c[0]);
            CcyException e = assertThrows(CcyException.class, this::load, c[0]);
            assertEquals(2, e.exitCode(), c[0]);
            assertTrue(e.getMessage().startsWith(user.resolve("config.toml") + c[1]), c[0] + " -> " + e.getMessage());
            assertEquals(1, e.getMessage().lines().count(), e.getMessage());
        }
    }

    @Test
    void badEnvironmentAndFlagValuesSayWhere() {
        CcyException e = assertThrows(CcyException.class,
                () -> loader(Map.of("CCY_PIDS", "many")).load(worktree, worktree, Overrides.NONE, Overrides.NONE));
        assertTrue(e.getMessage().startsWith("$CCY_PIDS: "), e.getMessage());
        e = assertThrows(CcyException.class, () -> loader(Map.of()).load(worktree, worktree, Overrides.NONE,
                Overrides.NONE.with(Key.MOUNTS, "nocolon", "--mount")));
        assertTrue(e.getMessage().startsWith("--mount: "), e.getMessage());
        assertEquals(2, e.exitCode());
    }

    @Test
    void hugeBinaryOrLinkedFilesAreRefused() throws Exception {
        write(user.resolve("config.toml"), "a".repeat((int) TomlSource.MAX_BYTES + 1));
        assertThrows(CcyException.class, this::load);
        Files.write(user.resolve("config.toml"), new byte[] {(byte) 0xff, (byte) 0xfe, 'x'});
        assertTrue(assertThrows(CcyException.class, this::load).getMessage().contains("not UTF-8"));
        Files.delete(user.resolve("config.toml"));
        Files.createSymbolicLink(project(), user.resolve("elsewhere.toml"));
        write(user.resolve("elsewhere.toml"), "image = \"x/y\"\n");
        assertTrue(assertThrows(CcyException.class, this::load).getMessage().contains("symbolic link"));
    }

    @Test
    void anUntrustedProjectMayNarrowButNotWiden() throws Exception {
        write(user.resolve("config.toml"), "[limits]\nmemory = \"8g\"\n");
        write(project(), String.join("\n",
                "image = \"proj/img\"",
                "ports = [\"8080\"]",
                "devices = [\"/dev/dri\"]",
                "forward_env = [\"AWS_PROFILE\"]",
                "network = \"host\"",
                "mounts = [\"/etc:/hostetc:ro\", \"docs:/docs:ro\"]",
                "[env]", "X = \"1\"",
                "[limits]", "memory = \"4g\"", "pids = 100",
                "[security]", "no_new_privileges = false", "cap_add = [\"SYS_ADMIN\"]", "cap_drop = [\"NET_RAW\"]", ""));
        Files.createDirectories(worktree.resolve("docs"));
        Settings s = load();
        assertFalse(s.projectTrusted());
        assertEquals("proj/img", s.image());
        assertEquals(Map.of("X", "1"), s.env());
        assertEquals("4g", s.value(Key.MEMORY), "a smaller limit narrows");
        assertEquals(100L, s.value(Key.PIDS));
        assertEquals(List.of(), s.value(Key.PORTS));
        assertEquals(List.of(), s.value(Key.DEVICES));
        assertEquals(List.of(), s.forwardEnv());
        assertEquals("default", s.value(Key.NETWORK));
        assertTrue((boolean) s.value(Key.NO_NEW_PRIVILEGES));
        assertEquals(List.of(), s.value(Key.CAP_ADD));
        assertEquals(List.of("all", "NET_RAW"), s.value(Key.CAP_DROP), "dropping more narrows");
        assertEquals(List.of(worktree.resolve("docs").toString()), s.mounts().stream().map(Mount::source).toList(),
                "a mount of the worktree's own directory stays");
        assertEquals(List.of("ports", "devices", "forward_env", "network host", "mounts /etc",
                "security.no_new_privileges = false", "security.cap_add"), s.heldBack());

        write(project(), "[limits]\nmemory = \"32g\"\n");
        assertEquals("8g", load().value(Key.MEMORY), "a larger limit widens");
        assertEquals(List.of("a larger limits.memory"), load().heldBack());

        // the built-in pids limit can be neither removed nor raised by an untrusted project
        for (String pids : List.of("0", "100000")) {
            write(project(), "[limits]\npids = " + pids + "\n");
            assertEquals(4096L, load().value(Key.PIDS), pids);
            assertEquals(List.of("a larger limits.pids"), load().heldBack(), pids);
        }
    }

    @Test
    void trustAppliesToTheFileAsItWasAndAChangeGatesItAgain() throws Exception {
        String text = "ports = [\"8080\"]\nmounts = [\"/etc:/hostetc:ro\"]\n";
        write(project(), text);
        TrustStore trust = new TrustStore(user.resolve("trusted"));
        trust.trust(project(), text);
        Settings s = load();
        assertTrue(s.projectTrusted());
        assertEquals(List.of("8080"), s.value(Key.PORTS));
        assertEquals(List.of("/etc"), s.mounts().stream().map(Mount::source).toList());
        assertEquals(List.of(), s.heldBack());

        write(project(), text + "devices = [\"/dev/kvm\"]\n");
        Settings changed = load();
        assertFalse(changed.projectTrusted());
        assertEquals(List.of(), changed.value(Key.PORTS));
        assertEquals(List.of("ports", "mounts /etc", "devices"), changed.heldBack());

        assertTrue(trust.untrust(project()));
        assertFalse(trust.untrust(project()));
        assertTrue(Files.readString(user.resolve("trusted")).lines().noneMatch(l -> l.contains(project().toString())));
    }

    @Test
    void symlinkedMountsOutOfTheWorktreeAreHeldBack() throws Exception {
        Files.createSymbolicLink(worktree.resolve("sneaky"), home);
        write(project(), "mounts = [\"sneaky:/h\"]\n");
        assertEquals(List.of(), load().mounts());
        assertEquals(List.of("mounts " + worktree.resolve("sneaky")), load().heldBack());
    }

    @Test
    void overridesKeptInAUnitReadBackTheSame() {
        Overrides o = Overrides.NONE.with(Key.MEMORY, "8g", "--memory").with(Key.PORTS, "8080", "--publish")
                .with(Key.COMMAND, List.of("a", "b"), "AGENT_COMMAND").with(Key.ENV, "TOKEN=s3cret", "--env");
        List<String> kept = o.persistable();
        assertEquals(List.of("limits.memory=8g", "ports=8080", "forward_env=TOKEN"), kept, "a value given with --env is not kept");
        Settings s = loader(Map.of()).load(worktree, worktree, Overrides.parse(kept, "kept"), Overrides.NONE);
        assertEquals("8g", s.value(Key.MEMORY));
        assertEquals(List.of("kept"), s.origins(Key.MEMORY));
        assertEquals(List.of("8080"), s.value(Key.PORTS));
    }

    @Test
    void canonicalFormChangesExactlyWhenAnEffectiveValueDoes() throws Exception {
        String before = load().canonical();
        write(user.resolve("config.toml"), "# a comment only\n");
        assertEquals(before, load().canonical());
        write(user.resolve("config.toml"), "[limits]\ncpus = 2\n");
        assertFalse(before.equals(load().canonical()));
    }

    @Test
    void errorLinesOfBrokenTomlPointAtTheLine() {
        assertEquals(3, TomlSource.errorLine("a = 1\nb = 2\nc = ?\nd = 4\n"));
        assertEquals(0, TomlSource.errorLine("a = 1\n"));
        assertEquals(5, TomlSource.lineOf("a = 1\n[limits]\nx = 1\n[security]\ncap_add = []\n", "security.cap_add"));
        assertEquals(2, TomlSource.lineOf("a = 1\nlimits.memory = \"1g\"\n", "limits.memory"));
    }

    /** What load() did with one file: loaded, or a one-line usage error; anything else fails the test. */
    String outcome(String what) {
        try {
            load();
            return "loaded";
        } catch (CcyException e) {
            assertEquals(1, e.getMessage().lines().count(), what + ": " + e.getMessage());
            assertEquals(2, e.exitCode(), what + ": " + e.getMessage());
            return "refused";
        } catch (RuntimeException | StackOverflowError e) {
            throw new AssertionError(what + ": " + e, e);
        }
    }

    /**
     * Issue 13: every setting, in the user and the project file, given every wrong type, huge,
     * empty and nested values: it loads or is a one-line usage error, never an exception.
     */
    @Test
    void everySettingFuzzedWithWrongTypesIsLoadedOrAOneLineError() throws Exception {
        List<String> values = List.of("\"\"", "\"x\"", "\" \"", "0", "-1", "9223372036854775807", "-9223372036854775808",
                "1.5", "-0.0", "nan", "inf", "1e308", "true", "false", "[]", "[1]", "[\"\"]", "[[1]]", "[{ a = 1 }]", "{}",
                "{ a = 1 }", "{ source = 1, target = [] }", "1979-05-27T07:32:00Z", "\"\\u0000\"", "\"a\\nb\"", "\"%n$HOME\"",
                "\"" + "x".repeat(100_000) + "\"", "[" + "\"y\",".repeat(5_000) + "]", "'''\n\n'''");
        int tried = 0;
        int refused = 0;
        for (Path file : List.of(user.resolve("config.toml"), project())) {
            for (Key key : Key.values()) {
                for (String v : values) {
                    write(file, key.toml() + " = " + v + "\n");
                    refused += outcome(file.getFileName() + " " + key.toml() + " = " + v.substring(0, Math.min(v.length(), 40)))
                            .equals("refused") ? 1 : 0;
                    tried++;
                }
            }
            // the tables themselves as the wrong type, and nesting deep enough to hurt a recursive parser
            for (String t : List.of("limits = 5", "security = \"x\"", "env = 5", "env = [1]", "secrets = [\"a\"]", "git = true",
                    "build = []", "env = { A = [1] }", "env = { A = { B = 1 } }", "secrets = { A = 1 }", "a = " + "[".repeat(2_000)
                    + "]".repeat(2_000), "[" + "x.".repeat(500) + "y]")) {
                write(file, t + "\n");
                refused += outcome(file.getFileName() + " " + t.substring(0, Math.min(t.length(), 40))).equals("refused") ? 1 : 0;
                tried++;
            }
            // empty, only blanks, a BOM, NUL bytes, invalid UTF-8, CRLF
            for (byte[] b : List.of(new byte[0], " \n\t\n".getBytes(), "\uFEFFimage = \"a/b\"\n".getBytes(java.nio.charset.StandardCharsets.UTF_8),
                    new byte[] {'i', 'm', 'a', 'g', 'e', '=', 0, 0}, new byte[] {(byte) 0xc3, 0x28}, "image = \"a/b\"\r\n".getBytes())) {
                Files.write(file, b);
                refused += outcome(file.getFileName() + " bytes " + java.util.Arrays.toString(b)).equals("refused") ? 1 : 0;
                tried++;
            }
            Files.delete(file);
        }
        System.out.println("SettingsTest: config files: " + tried + " inputs tried, " + refused
                + " refused with a one-line usage error, the rest loaded, 0 stack traces");
    }

    /** A broken file just under the size limit, made of many lines: the error comes at once, not after a quadratic scan. */
    @Test
    void aHugeBrokenFileIsRefusedQuickly() throws Exception {
        write(user.resolve("config.toml"), "\n".repeat((int) TomlSource.MAX_BYTES - 20) + "image = \"unclosed\n");
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newSingleThreadExecutor();
        try {
            assertEquals("refused", pool.submit(() -> outcome("huge broken")).get(20, java.util.concurrent.TimeUnit.SECONDS));
        } finally {
            pool.shutdownNow();
        }
    }

    /** Not a file (a directory, a fifo, which a read would block on): refused before it is opened. */
    @Test
    void configPathsThatAreNotFilesAreRefusedWithoutBlocking() throws Exception {
        for (Path file : List.of(user.resolve("config.toml"), user.resolve("config"), project())) {
            Files.createDirectories(file);
            assertEquals("refused", outcome(file + " a directory"));
            Files.delete(file);
            assertEquals(0, new ProcessBuilder("mkfifo", file.toString()).start().waitFor());
            java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newSingleThreadExecutor();
            try {
                assertEquals("refused", pool.submit(() -> outcome("fifo")).get(10, java.util.concurrent.TimeUnit.SECONDS),
                        file + " a fifo");
            } finally {
                pool.shutdownNow();
            }
            Files.delete(file);
        }
    }

    /** The project file reached through a linked .claude or .claude/ccy is outside the worktree: never read. */
    @Test
    void aProjectFileBehindALinkedDirectoryIsNotRead() throws Exception {
        Path outside = Files.createDirectories(tmp.resolve("outside/ccy"));
        Files.writeString(outside.resolve("config.toml"), "image = \"evil/outside\"\n");
        for (String link : List.of(".claude", ".claude/ccy")) {
            deleteTree(worktree.resolve(".claude"));
            Files.createDirectories(worktree.resolve(link).getParent());
            Files.createSymbolicLink(worktree.resolve(link), link.equals(".claude") ? outside.getParent() : outside);
            CcyException e = assertThrows(CcyException.class, this::load, link);
            assertTrue(e.getMessage().contains("symbolic link"), e.getMessage());
            assertEquals(2, e.exitCode());
        }
    }

    @Test
    void aHostnameIsRfc1123LabelsOrAOneLineError() {
        assertEquals("shop-dev.local", Key.HOSTNAME.read("shop-dev.local"));
        assertEquals("a".repeat(63), Key.HOSTNAME.read("a".repeat(63)));
        for (String bad : List.of("", "-x", "x-", "a_b", "a..b", "a b", "x\nNetwork=host", "a".repeat(64), ("a".repeat(63) + ".").repeat(4) + "ab")) {
            CcyException e = assertThrows(CcyException.class, () -> Key.HOSTNAME.read(bad), bad);
            assertEquals(2, e.exitCode());
            assertFalse(e.getMessage().contains("\n"), e.getMessage());
        }
    }

    static void deleteTree(Path p) throws Exception {
        if (Files.isDirectory(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            try (var s = Files.list(p)) {
                for (Path c : s.toList()) {
                    deleteTree(c);
                }
            }
        }
        Files.deleteIfExists(p);
    }
}
