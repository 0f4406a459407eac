package dev.ccy.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ccy.CcyException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** conversations.keep: the user's retention for kept HOMEs, a duration, out of a project's hands and the unit's hash. */
class ConversationsKeepTest {
    @TempDir
    Path tmp;
    Path user;
    Path worktree;
    List<String> warnings = new java.util.ArrayList<>();

    @BeforeEach
    void dirs() throws Exception {
        Files.createDirectories(tmp.resolve("etc/ccy"));
        user = Files.createDirectories(tmp.resolve("home/.config/ccy"));
        worktree = Files.createDirectories(tmp.resolve("home/src/shop/.claude/ccy")).getParent().getParent();
    }

    Settings load(Map<String, String> env) {
        return new SettingsLoader(tmp.resolve("etc/ccy"), user, tmp.resolve("home"), new TrustStore(user.resolve("trusted")), env,
                warnings::add).load(worktree, worktree, Overrides.NONE, Overrides.NONE);
    }

    @Test
    void thirtyDaysUnlessTheUserSaysOtherwise() throws Exception {
        assertEquals(Duration.ofDays(30), load(Map.of()).conversationsKeep());
        Files.writeString(user.resolve("config.toml"), "[conversations]\nkeep = \"2weeks\"\n");
        assertEquals(Duration.ofDays(14), load(Map.of()).conversationsKeep());
        assertEquals(Duration.ZERO, load(Map.of("CCY_CONVERSATIONS_KEEP", "0")).conversationsKeep(), "0: nothing is kept");
        assertTrue(warnings.isEmpty(), warnings.toString());
    }

    @Test
    void aBadDurationIsOneUsageLine() throws Exception {
        Files.writeString(user.resolve("config.toml"), "[conversations]\nkeep = \"forever\"\n");
        CcyException e = assertThrows(CcyException.class, () -> load(Map.of()));
        assertEquals(2, e.exitCode());
        assertTrue(e.getMessage().contains("'forever' is not a duration"), e.getMessage());
        assertTrue(!e.getMessage().contains("\n"));
    }

    @Test
    void anUntrustedProjectCannotChooseHowLongHistoryStaysAndNoUnitDependsOnIt() throws Exception {
        String before = load(Map.of()).canonical();
        Files.writeString(SettingsLoader.projectFile(worktree), "[conversations]\nkeep = \"100y\"\n");
        Settings s = load(Map.of());
        assertEquals(Duration.ofDays(30), s.conversationsKeep());
        assertEquals(List.of("conversations.keep"), s.heldBack());
        assertEquals(before, s.canonical(), "changing it outdates no session");
    }
}
