package dev.ccy.cli;

import dev.ccy.CcyException;
import dev.ccy.podman.Podman;
import dev.ccy.quadlet.PodmanVersion;
import dev.ccy.session.SessionRequest;
import dev.ccy.session.Sessions;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "render", mixinStandardHelpOptions = true, modelTransformer = SessionOptions.Flags.class,
        description = {"Print the Quadlet unit that 'ccy new' would write from here, touching nothing.",
                "With the same options as ccy new; the Quadlet drop-ins that apply to it follow, as systemctl cat shows them."})
final class RenderCommand extends CcyCommand {

    @Mixin
    SessionOptions options;

    @Option(names = "--podman-version", paramLabel = "X.Y",
            description = "Render for this Podman release (default: the installed one, else the newest ccy knows)")
    String podmanVersion;

    @Option(names = "--name", paramLabel = "ALIAS", description = "The alias, as for ccy new")
    String alias;

    @Override
    public Integer call() {
        Sessions sessions = sessions();
        PodmanVersion version = podmanVersion != null ? PodmanVersion.given(podmanVersion) : installedOrLatest(sessions.podman());
        if (!version.atLeast(PodmanVersion.QUADLET)) {
            throw CcyException.usage("Podman " + version + " has no Quadlet: ccy needs Podman 4.4 or newer");
        }
        out().print(sessions.render(new SessionRequest(Path.of(""), options.overrides(), alias, false, options.prompt()), version));
        return ok();
    }

    private static PodmanVersion installedOrLatest(Podman podman) {
        try {
            return podman.requireQuadlet();
        } catch (CcyException e) {
            return PodmanVersion.LATEST_KNOWN;
        }
    }
}
