package dev.ccy.cli;

import dev.ccy.podman.ImageBuilder;
import dev.ccy.podman.Podman;
import dev.ccy.session.Sessions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "build",
        description = {"Build the session image (Claude Code, tmux, git, tools) with podman.",
                "The image is labelled with ccy's version and a hash of its Containerfile, entrypoint and base, and rebuilt"
                        + " only when those change. Its default tag is the default image of ccy new. Prints the tag."})
final class ImageBuildCommand extends CcyCommand {

    @picocli.CommandLine.Mixin
    HelpOption help;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--base", paramLabel = "IMAGE", description = "Base image (default: " + ImageBuilder.DEFAULT_BASE + ").")
    String base = ImageBuilder.DEFAULT_BASE;

    @Option(names = "--tag", paramLabel = "TAG", description = "Tag to build (default: the default image of ccy new).")
    String tag;

    @Option(names = "--no-agent", description = "Do not install the agent from npm (a base without npm, or no registry).")
    boolean noAgent;

    @Option(names = "--agent-package", paramLabel = "PKG",
            description = {"An agent CLI to install from npm; repeat for several (default: @anthropic-ai/claude-code).",
                    "e.g. --agent-package @anthropic-ai/claude-code --agent-package @openai/codex"})
    java.util.List<String> agentPackages;

    @Option(names = "--ca-file", paramLabel = "FILE",
            description = {"CA bundle the build trusts, e.g. a corporate proxy's (default: the host's trust store "
                    + "/etc/ssl/certs/ca-certificates.crt, or $CCY_BUILD_CA_FILE; 'none' turns it off)."})
    String caFile;

    @Option(names = "--no-ca", description = "Do not hand the host's CA trust store to the build.")
    boolean noCa;

    @Option(names = "--force", description = "Build even if an image with the same hash exists.")
    boolean force;

    @Option(names = "--json", description = "Print {\"image\": TAG, \"built\": true or false} instead of the tag, for scripts"
            + " that must know whether anything changed.")
    boolean json;

    @Override
    public Integer call() {
        // before podman: a bad option is a usage error whatever the machine has
        java.nio.file.Path ca = ImageBuilder.caFile(noCa ? "none" : caFile != null ? caFile : System.getenv("CCY_BUILD_CA_FILE"));
        java.util.List<String> agents = agentPackages == null || agentPackages.isEmpty() ? ImageBuilder.DEFAULT_AGENTS : agentPackages;
        Sessions sessions = sessions();
        Podman podman = sessions.podman();
        podman.requireQuadlet(); // a clear error when podman is missing or too old
        String target = tag == null || tag.isBlank() ? sessions.defaultImage() : tag;
        String version = String.valueOf(Main.class.getPackage().getImplementationVersion());
        boolean built = new ImageBuilder(podman.command()).build(new ImageBuilder.Request(base, target, !noAgent, force,
                sessions.entrypointScript(), version, ca, agents), err());
        if (json) {
            out().print(Json.write(g -> {
                g.writeStartObject();
                g.writeStringField("image", target);
                g.writeBooleanField("built", built);
                g.writeEndObject();
            }));
        } else {
            out().println(target);
        }
        return ok();
    }
}
