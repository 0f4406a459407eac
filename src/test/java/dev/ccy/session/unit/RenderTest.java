package dev.ccy.session.unit;

import dev.ccy.session.SessionDetails;
import dev.ccy.session.agent.Agent;
import dev.ccy.session.store.SessionName;
import dev.ccy.session.store.Worktree;
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
    static final List<String> KEYS = List.of("Unit/Description", "Unit/ConditionPathExists", "Unit/StartLimitIntervalSec",
            "Unit/StartLimitBurst", "Container/Image", "Container/ContainerName",
            "Container/Label", "Container/Label", "Container/Label", "Container/Label", "Container/Mount",
            "Container/Volume", "Container/Volume", "Container/Entrypoint", "Container/WorkingDir", "Container/Environment",
            "Container/Environment", "Container/UserNS", "Container/Exec", "Service/ExecStartPre", "Service/ExecStartPre", "Service/ExecStartPost",
            "Service/ExecStopPost", "Service/Restart", "Service/RestartSec", "Service/TimeoutStartSec", "Install/WantedBy");

    static String render(SessionSpec spec) {
        String text = new UnitTemplates(List.of()).render(SessionSpec.TEMPLATE, spec.model());
        QuadletValidator.validate(text, spec.podman(), spec.labels());
        return text;
    }

    static SessionSpec spec(String worktree, String branch, List<String> cmd) {
        Worktree w = new Worktree(Path.of(worktree), branch);
        SessionName n = new SessionName("p", 1);
        return new SessionSpec(n, "", w, "localhost/img:1", new Agent(cmd, "resume $X 100% \"q\""),
                Path.of("/home/u/.local/share/ccy/session-entrypoint.sh"), Path.of(worktree + "-state/ccy-p-1.1700000000"),
                Path.of(worktree + "-units/ccy-p-1.container"), V54);
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
            assertEquals(List.of("CCY_RESUME_CMD=resume $X 100% \"q\""), UnitFile.words(unit.all("Container", "Environment").get(1)));
            assertEquals(p.replace("%", "%%").replace("$", "$$") + "-state/ccy-p-1.1700000000:/ccy/state:Z",
                    unit.all("Container", "Volume").get(1), p);
            assertEquals(List.of("mkdir", "-p", p + "-state/ccy-p-1.1700000000"),
                    UnitFile.words(unit.last("Service", "ExecStartPre").orElseThrow()), p);
            // first the pause process of rootless podman, one command at a time (sessions starting at boot race for it)
            assertEquals("-flock %t/ccy-podman.lock podman unshare true", unit.all("Service", "ExecStartPre").get(0), p);
            // the marker that keeps an ended session down: a path, where only % is special
            assertEquals("!" + p.replace("%", "%%") + "-state/ccy-p-1.1700000000/stopped",
                    unit.last("Unit", "ConditionPathExists").orElseThrow(), p);
            List<String> stopPost = UnitFile.words(unit.last("Service", "ExecStopPost").orElseThrow());
            assertEquals(List.of(p + "-state/ccy-p-1.1700000000", p + "-units/ccy-p-1.container"),
                    stopPost.subList(stopPost.size() - 2, stopPost.size()), p);
            assertEquals(new SessionDetails.Mount(p, "/workspace", "relabel=shared"), workspaceMount(unit), p);
        }
    }

    @Test
    void anAliasIsALabelAndOnlySafeAliasesAreAccepted() {
        SessionSpec s = new SessionSpec(new SessionName("p", 1), "review.v2", new Worktree(Path.of("/w"), "main"), "img",
                new Agent(List.of("a"), ""), Path.of("/e"), Path.of("/s"), Path.of("/f"), V54);
        UnitFile unit = UnitFile.parse(render(s));
        assertEquals("review.v2", unit.labels(true).get("ccy.alias"));
        for (String bad : new String[] {"a b", "x\nExec=y", "-x", "a$b", "100%", "webshop-2", "ccy-webshop-2", "a".repeat(64)}) {
            CcyException e = assertThrows(CcyException.class, () -> new SessionSpec(new SessionName("p", 1), bad,
                    new Worktree(Path.of("/w"), "main"), "img", new Agent(List.of("a"), ""), Path.of("/e"), Path.of("/s"),
                    Path.of("/f"), V54), bad);
            assertEquals(2, e.exitCode(), bad);
            assertEquals(1, e.getMessage().lines().count());
        }
    }

    @Test
    void newlinesAndControlCharactersAreRefusedWithOneLine() {
        for (String p : new String[] {"/w/a\nExec=evil", "/w/tab\t", "/w/cr\r"}) {
            CcyException e = assertThrows(CcyException.class, () -> spec(p, "main", List.of("a")));
            assertTrue(e.getMessage().startsWith("worktree path cannot go into a unit file"), e.getMessage());
            assertEquals(1, e.getMessage().lines().count());
            assertEquals(2, e.exitCode(), "a name ccy cannot carry is a usage error");
        }
        assertThrows(CcyException.class, () -> spec("/w", "main", List.of("a", "b\nc")));
        assertThrows(CcyException.class, () -> new Agent(List.of("a"), "resume\nExec=evil"));
    }

    /** A spec with only the worktree, resume command and Podman release chosen; ccy's own paths plain. */
    static SessionSpec minimal(String worktree, String resume, PodmanVersion podman) {
        return new SessionSpec(new SessionName("p", 1), "", new Worktree(Path.of(worktree), "main"), "img",
                new Agent(List.of("a"), resume), Path.of("/e"), Path.of("/s"), Path.of("/f"), podman);
    }

    /** The worktree's Mount= read as Quadlet (one quoted word) and podman (a CSV record) read it. */
    static SessionDetails.Mount workspaceMount(UnitFile unit) {
        List<String> mounts = unit.all("Container", "Mount");
        assertEquals(1, mounts.size(), mounts.toString());
        List<String> words = UnitFile.words(mounts.get(0));
        assertEquals(1, words.size(), "one --mount argument: " + mounts);
        List<String> fields = dev.ccy.quadlet.UnitValues.csvFields(words.get(0));
        assertEquals(4, fields.size(), "type, source, destination, relabel: " + words);
        return SessionDetails.mounts(unit).get(0);
    }

    /** Names Volume='s colons could not carry (issue 13), with ccy's own paths in a plain place. */
    static final List<String> VOLUME_COULD_NOT = List.of("/w/co:lon", "/w/a:b, c", "/w/trailing space ", "/w/com,ma",
            "/w/,", "/w/q\"uote", "/w/\"", "/w/=equals", "/w/-rf", "/w/--x", "/w/" + "n".repeat(255), "/w/100%h%%",
            "/w/back\\slash", "/w/ends\\", "/w/ü:ñ 日本,\"=%$", "/w/ lead", "/w/x\"y,z\"");

    @Test
    void worktreeNamesVolumeCouldNotCarryAreMountedExactly() {
        for (String p : VOLUME_COULD_NOT) {
            UnitFile unit = UnitFile.parse(render(minimal(p, "r", V54)));
            assertEquals(KEYS, unit.entries().stream().map(e -> e.section() + "/" + e.key()).toList(), p);
            assertEquals(new SessionDetails.Mount(p, "/workspace", "relabel=shared"), workspaceMount(unit), p);
            assertEquals(p, unit.labels(true).get("ccy.worktree"), p);
            // display only; a final backslash would continue the line, so the same directory gets a '/'
            assertTrue(unit.last("Unit", "Description").orElseThrow().endsWith(
                    "in " + p.replace("%", "%%").strip() + (p.endsWith("\\") ? "/" : "")), p);
        }
        System.out.println("RenderTest: " + VOLUME_COULD_NOT.size() + " worktree names Volume= could not carry: all rendered"
                + " to one Mount= word that unquotes to exactly that source");
    }

    @Test
    void olderPodmanGetsTheWorktreeMountThroughPodmanArgs() {
        UnitFile unit = UnitFile.parse(render(minimal("/w/a:b, \"c\"", "", PodmanVersion.parse("4.4.1"))));
        assertTrue(unit.all("Container", "Mount").isEmpty());
        String arg = UnitFile.words(unit.all("Container", "PodmanArgs").get(0)).get(0);
        assertEquals("--mount=type=bind,\"source=/w/a:b, \"\"c\"\"\",destination=/workspace,relabel=shared", arg);
    }

    /** A checkout's git directories (GitLinks), named by hostile paths: each one Mount= word that unquotes to exactly them. */
    @Test
    void gitDirectoriesAreMountedEscapedAtTheirPaths() {
        for (String p : VOLUME_COULD_NOT) {
            List<dev.ccy.session.store.GitLinks.Bind> binds = List.of(
                    new dev.ccy.session.store.GitLinks.Bind(Path.of(p + "/.git"), p + "/.git", false),
                    new dev.ccy.session.store.GitLinks.Bind(Path.of("/s/git-config"), p + "/.git/config", true));
            for (PodmanVersion v : List.of(V54, PodmanVersion.parse("4.4.1"))) {
                SessionSpec m = minimal("/w", "", v);
                SessionSpec spec = new SessionSpec(m.name(), "", m.worktree(), m.image(), m.agent(), m.entrypoint(), m.state(),
                        m.file(), v, ContainerOptions.NONE.withGitDirs(binds), m.stamp());
                UnitFile unit = UnitFile.parse(render(spec));
                List<String> words = v.equals(V54) ? unit.all("Container", "Mount").stream().flatMap(x -> UnitFile.words(x).stream()).toList()
                        : unit.all("Container", "PodmanArgs").stream().flatMap(x -> UnitFile.words(x).stream())
                                .filter(w -> w.startsWith("--mount=")).map(w -> w.substring("--mount=".length())).toList();
                assertEquals(3, words.size(), p + " " + v + ": " + words);
                assertEquals(List.of("type=bind", "source=" + p + "/.git", "destination=" + p + "/.git", "relabel=shared"),
                        dev.ccy.quadlet.UnitValues.csvFields(words.get(1)), p);
                assertEquals(List.of("type=bind", "source=/s/git-config", "destination=" + p + "/.git/config", "readonly=true"),
                        dev.ccy.quadlet.UnitValues.csvFields(words.get(2)), p);
                assertEquals("/w", unit.labels(true).get("ccy.worktree"));
            }
        }
    }

    @Test
    void imageReferencesAreChecked() {
        Worktree w = new Worktree(Path.of("/w"), "");
        Agent a = new Agent(List.of("a"), "");
        assertThrows(CcyException.class, () -> new SessionSpec(new SessionName("p", 1), "", w, "img\nExec=x", a, Path.of("/e"), Path.of("/s"), Path.of("/f"), V54));
        assertThrows(CcyException.class, () -> new SessionSpec(new SessionName("p", 1), "", w, "img with space", a, Path.of("/e"), Path.of("/s"), Path.of("/f"), V54));
    }

    @Test
    void olderPodmanGetsNewerKeysThroughPodmanArgs() {
        UnitFile unit = UnitFile.parse(render(minimal("/w", "", PodmanVersion.parse("4.4.1"))));
        assertTrue(unit.last("Container", "Entrypoint").isEmpty());
        // WorkingDir= came with 4.6, Entrypoint= with 5.0, UserNS= with 4.5: their podman flags stand in
        assertEquals(List.of("--mount=type=bind,source=/w,destination=/workspace,relabel=shared",
                "--entrypoint=/usr/local/libexec/ccy-entrypoint", "--workdir=/workspace", "--userns=keep-id"),
                unit.all("Container", "PodmanArgs").stream().flatMap(v -> UnitFile.words(v).stream()).toList());
        assertTrue(unit.last("Container", "WorkingDir").isEmpty());
        assertTrue(unit.last("Container", "UserNS").isEmpty());
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

    /** A template copied before the worktree moved to Mount=: fine until a worktree has a ':', then a clear refusal. */
    @Test
    void aPreviousTemplateCopyRefusesAColonWithTheReason(@TempDir Path tmp) throws Exception {
        Files.copy(Path.of("src/test/resources/previous-ccy/session.container.ftl"), tmp.resolve(SessionSpec.TEMPLATE));
        UnitTemplates old = new UnitTemplates(List.of(tmp));
        SessionSpec plain = minimal("/w/plain", "", V54);
        QuadletValidator.validate(old.render(SessionSpec.TEMPLATE, plain.model()), V54, plain.labels());
        SessionSpec colon = minimal("/w/a:b", "", V54);
        CcyException e = assertThrows(CcyException.class,
                () -> QuadletValidator.validate(old.render(SessionSpec.TEMPLATE, colon.model()), V54, colon.labels()));
        assertTrue(e.getMessage().contains("use the Mount= line"), e.getMessage());
        assertEquals(2, e.exitCode());
    }
}
