package dev.ccy.cli;

import dev.ccy.session.Durations;
import dev.ccy.session.Pruner;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "prune", mixinStandardHelpOptions = true,
        description = {"Remove stopped (and failed) sessions, like ccy rm, and state directories left by removed",
                "sessions. Running sessions are never pruned. Prints what it removes."})
final class PruneCommand implements Callable<Integer> {
    @ParentCommand
    Main main;

    @Option(names = "--older-than", paramLabel = "DURATION",
            description = "Only sessions stopped longer than this: 30m, 12h, 7d, 2w, 1d12h")
    String olderThan;

    @Option(names = {"-n", "--dry-run"}, description = "Print what would be removed; remove nothing")
    boolean dryRun;

    @Override
    public Integer call() {
        Duration age = olderThan == null ? null : Durations.parse(olderThan);
        List<Pruner.Pruned> pruned = main.sessions().prune(age, dryRun);
        for (Pruner.Pruned p : pruned) {
            String verb = dryRun ? "would remove " : "removed ";
            System.out.println(p.session() ? verb + p.what() + " (stopped " + Durations.format(p.age()) + " ago)"
                    : verb + p.path() + " (" + p.what() + ", " + Durations.format(p.age()) + " old)");
        }
        if (pruned.isEmpty()) {
            System.err.println("ccy: nothing to prune");
        }
        return 0;
    }
}
