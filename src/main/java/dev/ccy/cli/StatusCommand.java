package dev.ccy.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "status", description = "Show one session in full.")
final class StatusCommand implements Callable<Integer> {
    @Mixin
    HelpOption help;

    @Mixin
    SessionArg session;

    @Override
    public Integer call() {
        return 0;
    }
}
