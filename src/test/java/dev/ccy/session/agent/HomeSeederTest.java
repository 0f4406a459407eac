package dev.ccy.session.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonParser;
import dev.ccy.CcyException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HomeSeederTest {
    @TempDir
    Path home;

    AgentProfile claude = AgentProfile.load("claude", List.of());

    @Test
    void aFreshHomeGetsTheThreeKeysThatSkipEveryDialog() throws Exception {
        HomeSeeder.seed(home, claude, claude.command());
        var json = JsonParser.parseString(Files.readString(home.resolve(".claude.json"))).getAsJsonObject();
        assertTrue(json.get("hasCompletedOnboarding").getAsBoolean());
        assertTrue(json.get("bypassPermissionsModeAccepted").getAsBoolean());
        assertTrue(json.getAsJsonObject("projects").getAsJsonObject("/workspace").get("hasTrustDialogAccepted").getAsBoolean());
        assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(home.resolve(".claude.json"))), "the agent's settings are the user's alone");
        assertTrue(Files.readString(home.resolve(".claude/CLAUDE.md")).contains("ccy session"));
    }

    @Test
    void bypassModeIsAcceptedOnlyWhenTheCommandUsesIt() throws Exception {
        HomeSeeder.seed(home, claude, List.of("claude"));
        String json = Files.readString(home.resolve(".claude.json"));
        assertFalse(json.contains("bypassPermissionsModeAccepted"), json);
        assertTrue(json.contains("hasTrustDialogAccepted"), json);
    }

    @Test
    void whatIsThereIsKeptAndNothingIsWrittenWhenAllIsThere() throws Exception {
        String mine = "{\"userID\":\"abc\",\"numStartups\":12345678901234567890,\"hasCompletedOnboarding\":false,"
                + "\"projects\":{\"/workspace\":{\"allowedTools\":[\"x\"]},\"/other\":{\"hasTrustDialogAccepted\":false}}}";
        Files.writeString(home.resolve(".claude.json"), mine);
        HomeSeeder.seed(home, claude, claude.command());
        var json = JsonParser.parseString(Files.readString(home.resolve(".claude.json"))).getAsJsonObject();
        assertEquals("abc", json.get("userID").getAsString());
        assertEquals("12345678901234567890", json.get("numStartups").getAsBigInteger().toString(), "numbers as written");
        assertFalse(json.get("hasCompletedOnboarding").getAsBoolean(), "the user's own value wins");
        var ws = json.getAsJsonObject("projects").getAsJsonObject("/workspace");
        assertEquals("[\"x\"]", ws.get("allowedTools").toString());
        assertTrue(ws.get("hasTrustDialogAccepted").getAsBoolean(), "merged into the existing project entry");
        assertFalse(json.getAsJsonObject("projects").getAsJsonObject("/other").get("hasTrustDialogAccepted").getAsBoolean());
        assertEquals(List.of("userID", "numStartups", "hasCompletedOnboarding", "projects", "bypassPermissionsModeAccepted"),
                List.copyOf(json.keySet()), "key order kept, new keys after");
        String once = Files.readString(home.resolve(".claude.json"));
        assertEquals(List.of(), HomeSeeder.seed(home, claude, claude.command()), "nothing to do the second time");
        assertEquals(once, Files.readString(home.resolve(".claude.json")));
    }

    @Test
    void aFileThatIsNotJsonIsNeverClobbered() throws Exception {
        Files.writeString(home.resolve(".claude.json"), "{\"half\": ");
        CcyException e = assertThrows(CcyException.class, () -> HomeSeeder.seed(home, claude, claude.command()));
        assertTrue(e.getMessage().contains(".claude.json: not valid JSON"), e.getMessage());
        assertEquals("{\"half\": ", Files.readString(home.resolve(".claude.json")));
        assertEquals(1, Files.list(home).count(), "no temp file left");
    }

    @Test
    void theContextBlockIsReplacedInPlaceAndTheUsersTextKept() throws Exception {
        Path md = home.resolve(".claude/CLAUDE.md");
        Files.createDirectories(md.getParent());
        Files.writeString(md, "# mine\nalways use tabs\n");
        assertTrue(HomeSeeder.context(md, "v1"));
        assertEquals("# mine\nalways use tabs\n\n" + HomeSeeder.BEGIN + "\nv1\n" + HomeSeeder.END + "\n", Files.readString(md));
        Files.writeString(md, Files.readString(md) + "more of mine\n");
        assertTrue(HomeSeeder.context(md, "v2"));
        assertEquals("# mine\nalways use tabs\n\n" + HomeSeeder.BEGIN + "\nv2\n" + HomeSeeder.END + "\nmore of mine\n", Files.readString(md));
        assertFalse(HomeSeeder.context(md, "v2"));
    }

    @Test
    void createSeedsAreWrittenOnlyWhenAbsent() throws Exception {
        AgentProfile codex = AgentProfile.load("codex", List.of());
        HomeSeeder.seed(home, codex, codex.command());
        assertTrue(Files.readString(home.resolve(".codex/config.toml")).contains("trust_level = \"trusted\""));
        Files.writeString(home.resolve(".codex/config.toml"), "model = \"mine\"\n");
        HomeSeeder.seed(home, codex, codex.command());
        assertEquals("model = \"mine\"\n", Files.readString(home.resolve(".codex/config.toml")));
    }

    @Test
    void aKeptHomeTheAgentWroteIsSeededButNeverThroughALink() throws Exception {
        // a HOME continued from a kept one: the agent's own conversation and settings stay, ccy's keys are added
        Files.writeString(home.resolve(".claude.json"), "{\"hasCompletedOnboarding\": false, \"numStartups\": 7}\n");
        HomeSeeder.seed(home, claude, claude.command());
        var json = JsonParser.parseString(Files.readString(home.resolve(".claude.json"))).getAsJsonObject();
        assertEquals(7, json.get("numStartups").getAsInt());
        assertFalse(json.get("hasCompletedOnboarding").getAsBoolean(), "a key that is there keeps its value");
        Path outside = Files.createDirectories(home.resolveSibling(home.getFileName() + "-host"));
        Files.writeString(outside.resolve("CLAUDE.md"), "the user's own\n");
        for (String link : List.of(".claude", ".claude.json")) {
            Path fresh = Files.createDirectories(home.resolve("kept-" + link.replace(".", "")));
            Files.createSymbolicLink(fresh.resolve(link), link.equals(".claude") ? outside : outside.resolve("CLAUDE.md"));
            CcyException e = assertThrows(CcyException.class, () -> HomeSeeder.seed(fresh, claude, claude.command()));
            assertTrue(e.getMessage().contains(link + " as a link"), e.getMessage());
        }
        assertEquals("the user's own\n", Files.readString(outside.resolve("CLAUDE.md")), "nothing written through the link");
        try (var s = Files.list(outside)) {
            assertEquals(1, s.count(), "no temp file left beside it either");
        }
        HomeSeeder.noLinks(home, home.resolve(".gitconfig"));
        Files.createSymbolicLink(home.resolve(".gitconfig"), outside.resolve("CLAUDE.md"));
        assertThrows(CcyException.class, () -> HomeSeeder.noLinks(home, home.resolve(".gitconfig")));
        dev.ccy.Resources.deleteTree(outside);
    }

    @Test
    void anApiKeySessionGetsTheHelperThatPrintsItsVariableAndNoPartOfTheKey() throws Exception {
        HomeSeeder.seed(home, claude, claude.command(), java.util.Set.of("CLAUDE_CODE_OAUTH_TOKEN"));
        assertFalse(Files.readString(home.resolve(".claude/settings.json")).contains("apiKeyHelper"), "no key, no helper");
        HomeSeeder.seed(home, claude, claude.command(), java.util.Set.of("CCY_ANTHROPIC_API_KEY"));
        var json = JsonParser.parseString(Files.readString(home.resolve(".claude/settings.json"))).getAsJsonObject();
        assertEquals("printf '%s' \"$CCY_ANTHROPIC_API_KEY\"", json.get("apiKeyHelper").getAsString());
        assertTrue(json.has("hooks"), "beside the activity hooks");
        assertFalse(Files.readString(home.resolve(".claude.json")).contains("customApiKeyResponses"));
    }

    @Test
    void aHomeWithLinksLaidByTheAgentIsNotSeededThroughThem() throws Exception {
        Path outside = Files.createDirectories(home.resolveSibling(home.getFileName() + "-outside"));
        Files.writeString(outside.resolve("settings.json"), "{\"host\": true}");
        Files.createSymbolicLink(home.resolve(".claude"), outside);
        CcyException e = assertThrows(CcyException.class, () -> HomeSeeder.seed(home, claude, claude.command()));
        assertTrue(e.getMessage().contains("as a link"), e.getMessage());
        assertEquals("{\"host\": true}", Files.readString(outside.resolve("settings.json")), "nothing written through the link");
        Files.delete(home.resolve(".claude"));
        Files.createDirectories(home.resolve(".claude"));
        Files.createSymbolicLink(home.resolve(".claude/settings.json"), outside.resolve("settings.json"));
        assertThrows(CcyException.class, () -> HomeSeeder.seed(home, claude, claude.command()));
        assertTrue(Files.isSymbolicLink(home.resolve(".claude/settings.json")));
    }
}
