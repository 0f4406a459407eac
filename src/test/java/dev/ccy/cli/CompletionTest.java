package dev.ccy.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The completion script in a real bash: commands, options, and session names asked from ccy itself. */
class CompletionTest {
    @TempDir
    static Path home;

    static Path script;

    @BeforeAll
    static void setUp() throws IOException {
        Path bin = Files.createDirectories(home.resolve("bin"));
        // "ccy" on PATH runs this build's classes, as the installed launcher runs the jar
        Path ccy = bin.resolve("ccy");
        Files.writeString(ccy, "#!/bin/sh\nexec '" + Path.of(System.getProperty("java.home"), "bin", "java") + "' -cp '"
                + System.getProperty("java.class.path") + "' dev.ccy.cli.Main \"$@\"\n");
        Files.setPosixFilePermissions(ccy, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path units = Files.createDirectories(home.resolve("config/containers/systemd"));
        Files.writeString(units.resolve("ccy-webshop-1.container"), "[Container]\nLabel=ccy.session=ccy-webshop-1\n");
        Files.writeString(units.resolve("ccy-webshop-2.container"),
                "[Container]\nLabel=ccy.session=ccy-webshop-2\nLabel=ccy.alias=review\n");
        Files.writeString(units.resolve("ccy-api-1.container"), "[Container]\nLabel=ccy.session=ccy-api-1\n");
        script = home.resolve("ccy.bash");
        Files.writeString(script, CompletionCommand.script(CompletionCommand.Shell.bash));
    }

    /** What bash offers for the command line {@code words}, the last word being completed. */
    static List<String> complete(String... words) throws Exception {
        String line = String.join(" ", words);
        StringBuilder array = new StringBuilder();
        for (String w : words) {
            array.append('\'').append(w).append("' ");
        }
        String program = "source '" + script + "'\n"
                + "COMP_WORDS=(" + array + ")\nCOMP_CWORD=" + (words.length - 1) + "\nCOMP_LINE='" + line + "'\n"
                + "COMP_POINT=${#COMP_LINE}\n_complete_ccy\nprintf '%s\\n' \"${COMPREPLY[@]}\"\n";
        ProcessBuilder pb = new ProcessBuilder("bash", "--norc", "--noprofile", "-c", program);
        pb.environment().put("PATH", home.resolve("bin") + ":" + System.getenv("PATH"));
        pb.environment().put("HOME", home.toString());
        pb.environment().put("XDG_CONFIG_HOME", home.resolve("config").toString());
        pb.environment().put("XDG_DATA_HOME", home.resolve("data").toString());
        pb.environment().put("XDG_STATE_HOME", home.resolve("state").toString());
        pb.environment().put("CCY_SYSTEM_CONFIG_DIR", home.resolve("etc").toString());
        // compopt complains when the function is called outside readline's completion; nothing else may
        pb.redirectError(ProcessBuilder.Redirect.DISCARD);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        return out.lines().filter(l -> !l.isEmpty()).sorted().toList();
    }

    @Test
    void completesCommands() throws Exception {
        assertEquals(List.of("start", "status", "stop"), complete("ccy", "st"));
        assertEquals(List.of("build"), complete("ccy", "image", "b"));
    }

    @Test
    void completesOptions() throws Exception {
        assertEquals(List.of("--dry-run"), complete("ccy", "prune", "--dr"));
        assertEquals(List.of("--keep-state"), complete("ccy", "rm", "--ke"));
        assertEquals(List.of("state=failed", "state=running", "state=starting", "state=stopped", "state=stopping"),
                complete("ccy", "list", "--filter", "st"));
    }

    @Test
    void completesSessionNamesAndAliasesFromCcy() throws Exception {
        assertEquals(List.of("ccy-webshop-1", "ccy-webshop-2"), complete("ccy", "stop", "ccy-web"));
        assertEquals(List.of("review"), complete("ccy", "attach", "re"));
        assertEquals(List.of("api-1", "ccy-api-1", "ccy-webshop-1", "ccy-webshop-2", "review", "webshop-1", "webshop-2"),
                complete("ccy", "logs", ""));
        // the short names people type complete too
        assertEquals(List.of("webshop-1", "webshop-2"), complete("ccy", "stop", "web"));
        // several sessions: the second is completed too
        assertEquals(List.of("ccy-api-1"), complete("ccy", "rm", "review", "ccy-a"));
    }

    @Test
    void zshGetsTheSameScriptForBashcompinit() {
        String zsh = CompletionCommand.script(CompletionCommand.Shell.zsh);
        assertTrue(zsh.contains("bashcompinit") && zsh.contains("_ccy_sessions"), zsh.substring(0, 200));
    }
}
