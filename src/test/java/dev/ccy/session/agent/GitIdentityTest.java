package dev.ccy.session.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ccy.CcyException;
import dev.ccy.Proc;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** With the real git: the repository's identity, settings over it, and git's own writer. */
class GitIdentityTest {
    @TempDir
    Path dir;

    String get(Path file, String key) {
        return Proc.run(List.of("git", "config", "--file", file.toString(), "--get", key), Duration.ofSeconds(10)).out().strip();
    }

    @Test
    void theWorktreesIdentityUnlessSettingsNameOne() throws Exception {
        Path repo = dir.resolve("repo");
        Proc.run(List.of("git", "init", "-q", repo.toString()), Duration.ofSeconds(10));
        Proc.run(List.of("git", "-C", repo.toString(), "config", "user.name", "Ada \"the\" Lovelace"), Duration.ofSeconds(10));
        Proc.run(List.of("git", "-C", repo.toString(), "config", "user.email", "ada@example.org"), Duration.ofSeconds(10));
        assertEquals(new GitIdentity("Ada \"the\" Lovelace", "ada@example.org"), GitIdentity.of(repo, null, null));
        assertEquals(new GitIdentity("Set", "ada@example.org"), GitIdentity.of(repo, "Set", null));
    }

    @Test
    void seededOnlyWhereHomeHasNone() throws Exception {
        GitIdentity id = new GitIdentity("Ada \"the\" Lovelace; x", "ada@example.org");
        assertTrue(id.seed(dir));
        Path file = dir.resolve(".gitconfig");
        assertEquals("Ada \"the\" Lovelace; x", get(file, "user.name"), "quoted by git itself");
        assertEquals("ada@example.org", get(file, "user.email"));
        assertFalse(id.seed(dir), "nothing to do again");
        Proc.run(List.of("git", "config", "--file", file.toString(), "user.email", "inside@example.org"), Duration.ofSeconds(10));
        new GitIdentity("Other", "other@example.org").seed(dir);
        assertEquals("inside@example.org", get(file, "user.email"), "what was set in the session stays");
        assertFalse(new GitIdentity("", "").seed(dir.resolve("empty")));
        assertFalse(Files.exists(dir.resolve("empty/.gitconfig")));
    }

    @Test
    void controlCharactersAreRefused() {
        assertThrows(CcyException.class, () -> new GitIdentity("a\nb", "x"));
    }
}
