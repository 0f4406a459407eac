package dev.ccy.cli;

import dev.ccy.session.Sessions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(name = "pull",
        description = {"Pull a session image with podman's progress, ahead of ccy new.",
                "Without IMAGE, the default image of ccy new. Prints the image."})
final class ImagePullCommand extends CcyCommand {


    @Mixin
    HelpOption help;

    @Parameters(paramLabel = "IMAGE", arity = "0..1", description = "The image (default: the default image of ccy new).")
    String name;

    @Override
    public Integer call() {
        Sessions sessions = sessions();
        String target = name == null || name.isBlank() ? sessions.defaultImage() : name;
        sessions.podman().requireQuadlet();
        sessions.podman().pull(target);
        out().println(target);
        return ok();
    }
}
