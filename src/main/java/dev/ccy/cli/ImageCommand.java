package dev.ccy.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

@Command(name = "image", description = "Manage ccy's session image.",
        subcommands = {ImageBuildCommand.class, ImagePullCommand.class, CommandLine.HelpCommand.class})
final class ImageCommand implements Runnable {
    @CommandLine.ParentCommand
    Main main;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Mixin
    HelpOption help;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
