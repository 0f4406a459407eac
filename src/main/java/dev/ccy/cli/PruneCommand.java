package dev.ccy.cli;

import dev.ccy.Durations;
import dev.ccy.session.Pruner;
import java.time.Duration;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "prune",
        description = {"Remove stopped and failed sessions, and state directories left by removed sessions.",
                "Sessions go as with ccy rm; running sessions are never pruned. Prints what it removes."})
final class PruneCommand extends CcyCommand {

    @picocli.CommandLine.Mixin
    HelpOption help;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--older-than", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Only sessions stopped longer than this: a systemd time span such as 30min, 12h, 7days,"
                    + " 2weeks or \"1d 12h\" (30m, 7d, 2w and 1d12h work too).")
    Duration olderThan;

    @Option(names = "--dry-run", description = "Print what would be removed; remove nothing.")
    boolean dryRun;

    @Override
    public Integer call() {
        java.io.PrintWriter out = out();
        List<Pruner.Pruned> pruned = sessions().prune(olderThan, dryRun);
        for (Pruner.Pruned p : pruned) {
            if (p.kept()) {
                out.println("kept " + (p.session() ? "" : p.path() + ": ") + p.what());
                continue;
            }
            String verb = dryRun ? "would remove " : "removed ";
            out.println(p.session() ? verb + p.what() + " (stopped " + Durations.format(p.age()) + " ago)"
                    : verb + p.path() + " (" + p.what() + (p.age() == null ? ")" : ", " + Durations.format(p.age()) + " old)"));
        }
        if (pruned.isEmpty()) {
            err().println("ccy: nothing to prune");
        }
        return ok();
    }
}
