package dev.ccy.cli;

import dev.ccy.session.Session;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "rm", mixinStandardHelpOptions = true,
        description = {"Remove sessions: stop each, delete its unit file, reload systemd and delete its state",
                "directory (the agent's HOME and conversations). The worktree is not touched."})
final class RmCommand implements Callable<Integer> {
    @ParentCommand
    Main main;

    @Parameters(paramLabel = "SESSION", arity = "1..*", description = Main.SESSION_HELP)
    List<String> names = new ArrayList<>();

    @Option(names = "--keep-state", description = "Keep the state directory (ccy prune removes it later)")
    boolean keepState;

    @Override
    public Integer call() {
        // resolve every name first, so a typo removes nothing
        List<Session> sessions = names.stream().map(n -> main.sessions().store().get(n)).distinct().toList();
        for (Session s : sessions) {
            main.sessions().remove(s, keepState);
            if (keepState && s.state() != null) {
                System.err.println("ccy: kept " + s.state());
            }
            System.out.println(s.name());
        }
        return 0;
    }
}
