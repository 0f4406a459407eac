package dev.ccy.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

@Command(name = "image", description = "Manage ccy's session image.",
        subcommands = {ImageBuildCommand.class, ImagePullCommand.class, CommandLine.HelpCommand.class})
final class ImageCommand extends CcyCommand {

    @CommandLine.Mixin
    HelpOption help;

    @Override
    public Integer call() {
        spec.commandLine().usage(out());
        return ok();
    }
}
