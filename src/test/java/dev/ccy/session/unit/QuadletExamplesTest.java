package dev.ccy.session.unit;

import dev.ccy.session.SessionSecrets;
import dev.ccy.session.agent.Agent;
import dev.ccy.session.store.SessionName;
import dev.ccy.session.store.Stamp;
import dev.ccy.session.store.Worktree;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.ccy.quadlet.PodmanVersion;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import dev.ccy.settings.Overrides;
import dev.ccy.settings.Settings;
import dev.ccy.settings.SettingsLoader;
import dev.ccy.settings.TrustStore;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every quadlet-examples/NAME/ holds input.properties, optionally the user's config.toml, and the
 * unit they render to with the built-in settings and template; rendering must give that file byte
 * for byte. Run with -Dccy.examples.update=true to rewrite the files after a deliberate change.
 */
class QuadletExamplesTest {
    static final Path EXAMPLES = Path.of("quadlet-examples");

    @TestFactory
    Stream<DynamicTest> examplesMatchTheTemplate() throws IOException {
        List<Path> dirs;
        try (Stream<Path> s = Files.list(EXAMPLES)) {
            dirs = s.filter(d -> Files.isRegularFile(d.resolve("input.properties"))).sorted().toList();
        }
        assertFalse(dirs.isEmpty(), "no examples in " + EXAMPLES.toAbsolutePath());
        return dirs.stream().map(dir -> DynamicTest.dynamicTest(dir.getFileName().toString(), () -> check(dir)));
    }

    static void check(Path dir) throws IOException {
        Properties in = new Properties();
        try (Reader r = Files.newBufferedReader(dir.resolve("input.properties"), StandardCharsets.UTF_8)) {
            in.load(r);
        }
        List<String> command = new ArrayList<>();
        for (int i = 1; in.containsKey("command." + i); i++) {
            command.add(in.getProperty("command." + i));
        }
        SessionName name = new SessionName(in.getProperty("project"), Integer.parseInt(in.getProperty("slot")));
        Worktree worktree = new Worktree(Path.of(in.getProperty("worktree")), in.getProperty("branch", ""));
        Agent agent = command.isEmpty() ? Agent.CLAUDE : Agent.of(command, in.getProperty("resume"));
        // the example's config.toml stands for the user's; no system or project file
        SettingsLoader loader = new SettingsLoader(dir.resolve("no-system-config"), dir, Path.of(in.getProperty("home", "/home/alice")),
                new TrustStore(dir.resolve("no-trust")), Map.of(), w -> { throw new AssertionError(w); });
        Settings settings = loader.load(worktree.path(), worktree.path(), Overrides.NONE, Overrides.NONE);
        Map<String, String> forwarded = new LinkedHashMap<>();
        forwarded.putAll(SessionSecrets.planned(name, settings));
        SessionSpec spec = new SessionSpec(name, in.getProperty("alias", ""), worktree, in.getProperty("image", settings.image()),
                agent, Path.of(in.getProperty("entrypoint")), Path.of(in.getProperty("state")),
                Path.of(in.getProperty("unitdir")).resolve(name.fileName()), PodmanVersion.parse(in.getProperty("podman")),
                ContainerOptions.of(settings, forwarded),
                new Stamp("0.1.0", new UnitRenderer(List.of()).inputs(settings), List.of()));
        String rendered = RenderTest.render(spec);
        Path expected = dir.resolve(name.fileName());
        if (Boolean.getBoolean("ccy.examples.update")) {
            Files.writeString(expected, rendered, StandardCharsets.UTF_8);
        }
        assertEquals(Files.readString(expected, StandardCharsets.UTF_8), rendered, "rendered " + expected);
    }
}
