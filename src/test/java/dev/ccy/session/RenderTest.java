package dev.ccy.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ccy.CcyException;
import dev.ccy.quadlet.PodmanVersion;
import dev.ccy.quadlet.QuadletValidator;
import dev.ccy.quadlet.UnitFile;
import dev.ccy.quadlet.UnitTemplates;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Renders the real built-in template with hostile inputs and reads the result back as Quadlet would. */
class RenderTest {
    static final PodmanVersion V54 = PodmanVersion.parse("5.4.2");
    static final List<String> KEYS = List.of("Unit/Description", "Container/Image", "Container/ContainerName",
            "Container/Label", "Container/Label", "Container/Label", "Container/Label", "Container/Volume",
            "Container/Volume", "Container/Entrypoint", "Container/WorkingDir", "Container/Environment",
            "Container/Exec", "Service/Restart", "Service/RestartSec", "Service/TimeoutStartSec", "Install/WantedBy");

    static String render(SessionSpec spec) {
        String text = new UnitTemplates(List.of()).render(SessionSpec.TEMPLATE, spec.model());
        QuadletValidator.validate(text, spec.podman(), spec.labels());
        return text;
    }

    static SessionSpec spec(String worktree, String branch, List<String> cmd) {
        return new SessionSpec(new SessionName("p", 1), new Worktree(Path.of(worktree), branch), "localhost/img:1", cmd,
                Path.of("/home/u/.local/share/ccy/session-entrypoint.sh"), V54);
    }

    @Test
    void hostileNamesNeverAddOrChangeAKey() {
        String[] paths = {"/w/with space", "/w/100%h", "/w/say \"hi\"", "/w/]", "/w/[Service]", "/w/a=b",
            "/w/$HOME", "/w/ünï 日本 🚀", "/w/back\\slash", "/w/it's", "/w/#not-a-comment", "/w/;x"};
        for (String p : paths) {
            String branch = "feature/" + p.substring(3);
            List<String> cmd = List.of("agent", "--flag=" + p, "%n", "$USER");
            UnitFile unit = UnitFile.parse(render(spec(p, branch, cmd)));
            assertEquals(KEYS, unit.entries().stream().map(e -> e.section() + "/" + e.key()).toList(), p);
            assertEquals(p, unit.labels(true).get("ccy.worktree"), p);
            assertEquals(branch, unit.labels(true).get("ccy.branch"), p);
            assertEquals(cmd, UnitFile.words(unit.last("Container", "Exec").orElseThrow()), p);
            String volume = unit.all("Container", "Volume").get(0);
            assertEquals(p.replace("%", "%%").replace("$", "$$") + ":/workspace:z", volume, p);
        }
    }

    @Test
    void newlinesAndControlCharactersAreRefusedWithOneLine() {
        for (String p : new String[] {"/w/a\nExec=evil", "/w/tab\t", "/w/cr\r"}) {
            CcyException e = assertThrows(CcyException.class, () -> spec(p, "main", List.of("a")));
            assertTrue(e.getMessage().startsWith("worktree path cannot go into a unit file"), e.getMessage());
            assertEquals(1, e.getMessage().lines().count());
        }
        assertThrows(CcyException.class, () -> spec("/w", "main", List.of("a", "b\nc")));
    }

    @Test
    void colonsCannotBeCarriedByVolumeSyntax() {
        CcyException e = assertThrows(CcyException.class, () -> spec("/w/a:b", "main", List.of("a")));
        assertTrue(e.getMessage().contains("':'"), e.getMessage());
    }

    @Test
    void imageReferencesAreChecked() {
        assertThrows(CcyException.class, () -> new SessionSpec(new SessionName("p", 1), new Worktree(Path.of("/w"), ""),
                "img\nExec=x", List.of("a"), Path.of("/e"), V54));
        assertThrows(CcyException.class, () -> new SessionSpec(new SessionName("p", 1), new Worktree(Path.of("/w"), ""),
                "img with space", List.of("a"), Path.of("/e"), V54));
    }

    @Test
    void olderPodmanGetsTheEntrypointThroughPodmanArgs() {
        SessionSpec s = new SessionSpec(new SessionName("p", 1), new Worktree(Path.of("/w"), "main"), "img", List.of("a"),
                Path.of("/e"), PodmanVersion.parse("4.9.4"));
        UnitFile unit = UnitFile.parse(render(s));
        assertTrue(unit.last("Container", "Entrypoint").isEmpty());
        assertEquals("--entrypoint=/usr/local/libexec/ccy-entrypoint", unit.last("Container", "PodmanArgs").orElseThrow());
    }

    @Test
    void userTemplatesOverrideSystemOnesWhichOverrideBuiltIn(@TempDir Path tmp) throws Exception {
        Path user = tmp.resolve("user");
        Path system = tmp.resolve("system");
        Files.createDirectories(user);
        Files.createDirectories(system);
        Files.writeString(system.resolve("t.ftl"), "system ${x}");
        UnitTemplates t = new UnitTemplates(List.of(user, system));
        assertEquals("system 5%%", t.render("t.ftl", Map.of("x", "5%")));
        Files.writeString(user.resolve("t.ftl"), "user ${word(x)}");
        assertEquals("user \"5%%\"", new UnitTemplates(List.of(user, system)).render("t.ftl", Map.of("x", "5%")));
        assertTrue(new UnitTemplates(List.of(user, system)).render(SessionSpec.TEMPLATE, spec("/w", "", List.of("a")).model())
                .contains("[Container]"));
    }

    @Test
    void aTemplateThatPrintsARawNewlineIsStillEscaped(@TempDir Path tmp) throws Exception {
        Files.writeString(tmp.resolve("t.ftl"), "Description=${x}\n");
        CcyException e = assertThrows(CcyException.class,
                () -> new UnitTemplates(List.of(tmp)).render("t.ftl", Map.of("x", "a\nExecStart=/evil")));
        assertTrue(e.getMessage().contains("control character"), e.getMessage());
    }
}
