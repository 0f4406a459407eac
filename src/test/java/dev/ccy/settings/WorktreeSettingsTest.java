package dev.ccy.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** worktree.dir and worktree.branch_prefix: rows like any setting, kept out of an untrusted project's hands and the unit's hash. */
class WorktreeSettingsTest {
    @org.junit.jupiter.api.io.TempDir
    java.nio.file.Path tmp;
    java.nio.file.Path user;
    java.nio.file.Path worktree;
    List<String> warnings = new java.util.ArrayList<>();

    @org.junit.jupiter.api.BeforeEach
    void dirs() throws Exception {
        Files.createDirectories(tmp.resolve("etc/ccy"));
        user = Files.createDirectories(tmp.resolve("home/.config/ccy"));
        worktree = Files.createDirectories(tmp.resolve("home/src/shop/.claude/ccy")).getParent().getParent();
    }

    SettingsLoader loader(Map<String, String> env) {
        return new SettingsLoader(tmp.resolve("etc/ccy"), user, tmp.resolve("home"), new TrustStore(user.resolve("trusted")), env,
                warnings::add);
    }

    Settings load() {
        return loader(Map.of()).load(worktree, worktree, Overrides.NONE, Overrides.NONE);
    }

    void write(java.nio.file.Path file, String text) throws Exception {
        Files.writeString(file, text);
    }

    java.nio.file.Path project() {
        return SettingsLoader.projectFile(worktree);
    }

    @Test
    void defaultsAreBesideTheRepositoryOnCcySlash() {
        Settings s = load();
        assertEquals("", s.worktreeDir());
        assertEquals("ccy/", s.branchPrefix());
    }

    @Test
    void theUserAndTheEnvironmentSetThem() throws Exception {
        write(user.resolve("config.toml"), "[worktree]\ndir = \"~/trees\"\nbranch_prefix = \"\"\n");
        assertEquals("~/trees", load().worktreeDir());
        assertEquals("", load().branchPrefix(), "no prefix: the name alone");
        Settings env = loader(Map.of("CCY_WORKTREE_DIR", "/srv/wt", "CCY_BRANCH_PREFIX", "agent/"))
                .load(worktree, worktree, Overrides.NONE, Overrides.NONE);
        assertEquals("/srv/wt", env.worktreeDir());
        assertEquals("agent/", env.branchPrefix());
        assertTrue(warnings.isEmpty(), warnings.toString());
    }

    @Test
    void anUntrustedProjectCannotChooseWhereWorktreesGo() throws Exception {
        String before = load().canonical();
        Files.writeString(project(), "[worktree]\ndir = \"/home/dev/.config/systemd\"\nbranch_prefix = \"p/\"\n");
        Settings s = load();
        assertEquals("", s.worktreeDir());
        assertEquals(List.of("worktree.dir"), s.heldBack());
        assertEquals("p/", s.branchPrefix(), "a branch name reaches nothing outside the repository");
        assertEquals(before, s.canonical(), "no session's unit depends on them: none becomes outdated");
        assertFalse(s.canonical().contains("worktree"));
    }
}
