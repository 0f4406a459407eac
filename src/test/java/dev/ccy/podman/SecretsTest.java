package dev.ccy.podman;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ccy.CcyException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Secrets against a stand-in podman that records its arguments and stdin (the real one: SecretsIT in the sandbox). */
class SecretsTest {
    @TempDir
    Path dir;

    Secrets fake(String inspectOut, int inspectExit) throws Exception {
        Path podman = dir.resolve("podman");
        Files.writeString(podman, "#!/bin/sh\n"
                + "printf '%s\\n' \"$*\" >> '" + dir + "/argv'\n"
                + "case \"$2\" in\n"
                + "  create) cat > '" + dir + "/stdin' ;;\n"
                + "  inspect) printf '%s' '" + inspectOut + "'; [ " + inspectExit + " = 0 ] || echo 'Error: no secret with name or id \"x\": no such secret' >&2; exit " + inspectExit + " ;;\n"
                + "esac\n");
        podman.toFile().setExecutable(true);
        return new Secrets(podman.toString(), Map.of());
    }

    @Test
    void theValueGoesOnStdinNeverInTheArguments() throws Exception {
        Secrets s = fake("", 125);
        byte[] value = "sk-ant-oat01-MADEUP".getBytes(StandardCharsets.UTF_8);
        s.set("claude-oauth-token", value);
        assertArrayEquals(new byte[value.length], value, "wiped after use");
        assertEquals("sk-ant-oat01-MADEUP", Files.readString(dir.resolve("stdin")));
        String argv = Files.readString(dir.resolve("argv"));
        assertFalse(argv.contains("MADEUP"), argv);
        assertTrue(argv.contains("secret create --replace --label ccy.secret=true claude-oauth-token -"), argv);
    }

    @Test
    void aSessionSecretGoesOnStdinAndFallsBackToRmThenCreateWithoutReplace() throws Exception {
        Path podman = dir.resolve("old-podman");
        Files.writeString(podman, "#!/bin/sh\n"
                + "printf '%s\\n' \"$*\" >> '" + dir + "/argv'\n"
                + "case \"$3\" in --replace) echo 'Error: unknown flag: --replace' >&2; exit 125 ;; esac\n"
                + "[ \"$2\" = create ] && cat > '" + dir + "/stdin'\n"
                + "exit 0\n");
        podman.toFile().setExecutable(true);
        new Secrets(podman.toString(), Map.of()).createForSession("ccy-env-ccy-a-1-TOKEN", "made-up-value".getBytes(StandardCharsets.UTF_8),
                "ccy-a-1");
        assertEquals("made-up-value", Files.readString(dir.resolve("stdin")));
        assertEquals(List.of("secret create --replace --label=ccy.session=ccy-a-1 ccy-env-ccy-a-1-TOKEN -",
                "secret rm ccy-env-ccy-a-1-TOKEN", "secret create --label=ccy.session=ccy-a-1 ccy-env-ccy-a-1-TOKEN -"),
                Files.readAllLines(dir.resolve("argv")));
    }

    @Test
    void aPodmanSecretThatIsNotCcysIsNeitherReplacedNorRemoved() throws Exception {
        Secrets s = fake("<no value>", 0);
        CcyException e = assertThrows(CcyException.class, () -> s.set("theirs", "v".getBytes(StandardCharsets.UTF_8)));
        assertTrue(e.getMessage().contains("not ccy's"), e.getMessage());
        assertThrows(CcyException.class, () -> s.remove("theirs"));
        assertFalse(Files.readString(dir.resolve("argv")).contains("secret rm"));
    }

    @Test
    void removingAMissingSecretSaysSo() throws Exception {
        CcyException e = assertThrows(CcyException.class, () -> fake("", 125).remove("nope"));
        assertEquals(3, e.exitCode());
    }

    @Test
    void namesThatWouldBreakASecretLineAreRefused() {
        for (String bad : List.of("", "a,type=mount", "-x", "a b", "a/b", "x".repeat(64))) {
            assertEquals(2, assertThrows(CcyException.class, () -> Secrets.checkName(bad)).exitCode(), bad);
        }
        Secrets.checkName("gh-token.2");
        assertThrows(CcyException.class, () -> Secrets.checkVariable("1X"));
        Secrets.checkVariable("CLAUDE_CODE_OAUTH_TOKEN");
    }

    @Test
    void theSessionsThatUseASecretComeFromTheirUnitFiles() throws Exception {
        Files.writeString(dir.resolve("ccy-a-1.container"), "[Container]\nSecret=tok,type=env,target=CLAUDE_CODE_OAUTH_TOKEN\nSecret=gh,type=env,target=GH_TOKEN\n");
        Files.writeString(dir.resolve("ccy-b-1.container"), "[Container]\nSecret=tok,type=env,target=CLAUDE_CODE_OAUTH_TOKEN\n");
        Files.writeString(dir.resolve("other.container"), "[Container]\nSecret=tok\n");
        assertEquals(Map.of("tok", List.of("ccy-a-1", "ccy-b-1"), "gh", List.of("ccy-a-1")), SecretUsers.of(dir));
        assertEquals(Map.of(), SecretUsers.of(dir.resolve("missing")));
    }

    @Test
    void podmansTimesAreShortened() {
        assertEquals("2026-11-30 19:20", Secrets.shortTime("2026-11-30 19:20:01.123456 +0000 UTC"));
        assertEquals("2026-11-30 19:20", Secrets.shortTime("2026-11-30T19:20:01Z"));
    }
}
