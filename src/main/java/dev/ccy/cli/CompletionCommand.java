package dev.ccy.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "completion", description = "Print a shell completion script.")
final class CompletionCommand implements Callable<Integer> {
    @Mixin
    HelpOption help;

    @Override
    public Integer call() {
        return 0;
    }
}
