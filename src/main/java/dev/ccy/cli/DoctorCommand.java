package dev.ccy.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "doctor", description = "Check that this host and user can run ccy sessions, and say how to fix what is wrong.")
final class DoctorCommand implements Callable<Integer> {
    @Mixin
    HelpOption help;

    @Override
    public Integer call() {
        return 0;
    }
}
